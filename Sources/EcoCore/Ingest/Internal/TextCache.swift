/// Recently decoded short texts per field, reused when a later record sends the same bytes.
///
/// Bodies repeat the same variable, unit, source and station in record after record; comparing
/// up to 16 bytes is much cheaper than validating UTF-8 and building a new `String` each time.
/// Each field has a small direct-mapped table (a hash of the bytes picks the slot), so bodies
/// that interleave a few variables or stations still hit.
struct TextCache {
    private struct Slot {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = -1
        var text = ""
    }

    private static let slotBits = 6

    // Empty until first used, so that a placeholder cache costs no allocation.
    private var slots: [Slot] = []

    /// The text of the `count` UTF-8 bytes at `p` for `field`, from the cache when it matches.
    @inline(__always)
    mutating func text(for field: ObservationField, _ p: UnsafePointer<UInt8>, count: Int) -> String {
        guard count <= 16 else { return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self) }
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: p, byteCount: count) }
        let hash = (words.0 ^ words.1 &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        let index = field.rawValue << Self.slotBits | Int(truncatingIfNeeded: hash >> (64 - Self.slotBits))
        if slots.isEmpty { slots = [Slot](repeating: Slot(), count: ObservationField.allCases.count << Self.slotBits) }
        if slots[index].count == count, slots[index].low == words.0, slots[index].high == words.1 {
            return slots[index].text
        }
        let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        slots[index] = Slot(low: words.0, high: words.1, count: count, text: text)
        return text
    }
}
