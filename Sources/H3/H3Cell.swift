/// An H3 v4 cell: the 64-bit index used by h3-py, h3-js, h3-pg, deck.gl and kepler.gl.
///
/// Ordering is by the integer value, which keeps every cell's resolution-15 descendants
/// contiguous (see ``descendantRange15``).
public struct H3Cell: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 64-bit index.
    public let rawValue: UInt64

    /// A cell from a 64-bit index, or nil when the value is not a valid cell (h3's `isValidCell`).
    public init?(rawValue: UInt64) {
        guard H3Cell.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A cell from an index already known to be valid (no check).
    @inlinable
    public init(unchecked rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// A cell from its hexadecimal form (`"872830828ffffff"`, case-insensitive); nil when it is
    /// not hexadecimal or not a valid cell.
    public init?(hex: some StringProtocol) {
        guard let value = H3Cell.parseHex(hex.utf8), H3Cell.isValid(value) else { return nil }
        rawValue = value
    }

    /// The lowercase hexadecimal form without leading zeros, as h3-py prints it (`"872830828ffffff"`).
    public var hex: String { String(rawValue, radix: 16) }

    public var description: String { hex }

    /// Resolution 0 (coarsest, 122 cells) … 15 (finest, about 0.9 m²).
    @inlinable public var resolution: Int { Int((rawValue >> 52) & 0xF) }

    /// The resolution-0 ancestor's number, 0…121.
    @inlinable public var baseCell: Int { Int((rawValue >> 45) & 0x7F) }

    /// Whether the cell is one of the 12 pentagons of its resolution.
    public var isPentagon: Bool { BaseCells.isPentagon(baseCell) && IndexBits.leadingNonZeroDigit(rawValue) == 0 }

    /// Whether the resolution is odd (Class III grid, rotated ~19.1° from Class II).
    @inlinable public var isResClassIII: Bool { resolution & 1 == 1 }

    /// Always true for a constructed cell unless it was made with `init(unchecked:)`.
    public var isValid: Bool { H3Cell.isValid(rawValue) }

    /// The digit (0…6) at resolution `r` in 1…resolution: which child of its parent the cell's ancestor is.
    public func digit(at r: Int) -> Int { IndexBits.digit(rawValue, r) }

    public static func < (a: H3Cell, b: H3Cell) -> Bool { a.rawValue < b.rawValue }

    /// h3 v4's `isValidCell`: mode 1, reserved bits zero, base cell < 122, used digits 0…6,
    /// unused digits 7, and no pentagon index in the deleted K-axis sub-sequence.
    public static func isValid(_ h: UInt64) -> Bool {
        guard h >> 63 == 0, (h >> 59) & 0xF == 1, (h >> 56) & 7 == 0 else { return false }
        let bc = IndexBits.baseCell(h)
        guard bc < BaseCells.count else { return false }
        let res = IndexBits.resolution(h)
        var leading = 0
        for r in stride(from: 1, through: 15, by: 1) {
            let d = IndexBits.digit(h, r)
            if r <= res {
                if d == 7 { return false }
                if leading == 0 && d != 0 { leading = d }
            } else if d != 7 {
                return false
            }
        }
        return !(BaseCells.isPentagon(bc) && leading == 1)
    }

    static func parseHex(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            let v: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(v)
        }
        return value
    }
}
