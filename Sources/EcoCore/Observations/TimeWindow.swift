/// A half-open time interval [startMs, endMs) in epoch milliseconds.
public struct TimeWindow: Sendable, Hashable {
    public var startMs: Int64
    public var endMs: Int64

    public init(startMs: Int64 = .min, endMs: Int64 = .max) {
        self.startMs = startMs
        self.endMs = endMs
    }

    public static let all = TimeWindow()
}
