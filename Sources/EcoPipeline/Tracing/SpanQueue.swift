import Synchronization

/// Finished spans waiting for the exporter: a ring of fixed capacity that drops the oldest span when full (and
/// counts it), so a slow or absent collector costs memory up to the bound and never blocks a request.
public final class SpanQueue: Sendable {
    private struct Ring {
        var slots: [FinishedSpan?]
        var head = 0
        var count = 0
        var dropped = 0
    }
    private let ring: Mutex<Ring>
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        ring = Mutex(Ring(slots: Array(repeating: nil, count: capacity)))
    }

    /// Adds a span; when full, the oldest one goes.
    public func push(_ span: FinishedSpan) {
        ring.withLock { ring in
            let tail = (ring.head + ring.count) % capacity
            ring.slots[tail] = span
            if ring.count == capacity {
                ring.head = (ring.head + 1) % capacity
                ring.dropped += 1
            } else {
                ring.count += 1
            }
        }
    }

    /// Removes and returns up to `limit` spans, oldest first.
    public func take(upTo limit: Int) -> [FinishedSpan] {
        ring.withLock { ring in
            let taken = min(limit, ring.count)
            var spans: [FinishedSpan] = []
            spans.reserveCapacity(taken)
            for _ in 0..<taken {
                if let span = ring.slots[ring.head] { spans.append(span) }
                ring.slots[ring.head] = nil
                ring.head = (ring.head + 1) % capacity
            }
            ring.count -= taken
            return spans
        }
    }

    /// Spans waiting.
    public var count: Int { ring.withLock { $0.count } }

    /// Spans dropped since the last call (the exporter adds them to `tracing_spans_dropped_total`).
    public func takeDropped() -> Int {
        ring.withLock { ring in
            defer { ring.dropped = 0 }
            return ring.dropped
        }
    }
}
