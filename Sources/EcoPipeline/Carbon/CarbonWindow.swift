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
        let end = to ?? nowMs
        let start = from ?? end - Int64(defaultDays) * 86_400_000
        guard start < end else { throw .badRequest("'from' must be before 'to' (RFC 3339 times or epoch milliseconds).") }
        guard end - start <= 3_660 * 86_400_000 else {
            throw .badRequest("The window is longer than ten years; narrow 'from' and 'to'.")
        }
        return CarbonWindow(fromMs: start, toMs: end)
    }

    /// Start of the UTC day holding `ms`.
    static func dayStart(_ ms: Int64) -> Int64 { CarbonPeriod.day.start(ofMs: ms) }
}
