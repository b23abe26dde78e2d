/// Spaces request starts evenly to stay at or under a rate: with 30 per minute, one every 2 s. A caller waits
/// for the next free slot; slots are handed out in call order.
actor RequestPacer {
    private let interval: Duration
    private var next: ContinuousClock.Instant = .now

    init(perMinute: Int) {
        interval = .seconds(60) / max(perMinute, 1)
    }

    /// Waits until the caller may start its request. Throws on cancellation.
    func wait() async throws {
        let slot = max(ContinuousClock.now, next)
        next = slot + interval
        try await Task.sleep(until: slot, clock: .continuous)
    }
}
