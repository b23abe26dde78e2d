import EcoCarbon
import EcoCore

/// A time window of a carbon read, [fromMs, toMs), with defaults and checks in one place.
public struct CarbonWindow: Sendable, Equatable {
    public var fromMs: Int64
    public var toMs: Int64

    public init(fromMs: Int64, toMs: Int64) {
        self.fromMs = fromMs
        self.toMs = toMs
    }

    /// `from`/`to` as given, else the `days` before `to` (default: now).
    /// - Throws: `EcoError.badRequest` when `from` is not before `to` or the window is longer than ten years.
    public static func resolve(from: Int64?, to: Int64?, defaultDays: Int, nowMs: Int64) throws(EcoError) -> CarbonWindow {
        let end = try checked(to, "to") ?? nowMs
        let start = try checked(from, "from") ?? end - Int64(defaultDays) * 86_400_000
        guard start < end else { throw .badRequest("'from' must be before 'to' (RFC 3339 times or epoch milliseconds).") }
        guard end - start <= 3_660 * 86_400_000 else {
            throw .badRequest("The window is longer than ten years; narrow 'from' and 'to'.")
        }
        return CarbonWindow(fromMs: start, toMs: end)
    }

    /// Times carbon reads accept: the years 1900 to 2200 (activities themselves are 1990 … 2100).
    static let validMs: ClosedRange<Int64> = -2_208_988_800_000...7_258_118_400_000

    /// `ms` when it lies in ``validMs``; nil stays nil.
    /// - Throws: `EcoError.badRequest` naming the parameter.
    static func checked(_ ms: Int64?, _ name: String) throws(EcoError) -> Int64? {
        guard let ms else { return nil }
        guard validMs.contains(ms) else { throw .badRequest("'\(name)' must be a time between 1900 and 2200, e.g. \(name)=2025-01-01T00:00:00Z.") }
        return ms
    }

    /// Start of the UTC day holding `ms`.
    static func dayStart(_ ms: Int64) -> Int64 { CarbonPeriod.day.start(ofMs: ms) }
}
