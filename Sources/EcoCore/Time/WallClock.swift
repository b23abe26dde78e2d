import Foundation
import Synchronization

/// The one source of wall-clock time for services and routes: milliseconds since the Unix epoch.
/// Injected everywhere instead of calling `Date()`, so tests can move time (a sensor falls silent,
/// a token expires) without sleeping.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Int64

    /// A clock that answers `read()`.
    public init(_ read: @escaping @Sendable () -> Int64) {
        self.read = read
    }

    /// Milliseconds since the epoch, now.
    public func nowMs() -> Int64 { read() }

    /// Now, as a `Date`.
    public var now: Date { Date(timeIntervalSince1970: Double(read()) / 1000) }

    /// The system's clock.
    public static let system = WallClock { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A clock that stands still until moved: for tests.
    public static func manual(startingAtMs start: Int64) -> (clock: WallClock, control: ManualClockControl) {
        let control = ManualClockControl(start)
        return (WallClock { control.nowMs }, control)
    }
}

/// Moves a ``WallClock/manual(startingAtMs:)`` clock.
public final class ManualClockControl: Sendable {
    private let time: Mutex<Int64>

    init(_ start: Int64) { time = Mutex(start) }

    /// The clock's current reading.
    public var nowMs: Int64 { time.withLock { $0 } }

    /// Moves the clock forward by `milliseconds`.
    public func advance(byMs milliseconds: Int64) { time.withLock { $0 += milliseconds } }

    /// Sets the clock to `ms`.
    public func set(ms: Int64) { time.withLock { $0 = ms } }
}
