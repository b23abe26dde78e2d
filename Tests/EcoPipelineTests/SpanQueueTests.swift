@testable import EcoPipeline
import Testing
import Tracing

@Suite struct SpanQueueTests {
    private func span(_ number: Int) -> FinishedSpan {
        FinishedSpan(name: "s\(number)", identity: SpanIdentity(traceID: String(repeating: "a", count: 32), spanID: String(repeating: "b", count: 16)),
                     parentSpanID: nil, kind: .internal, startNanos: 1, endNanos: 2, attributes: [:], status: nil, events: [])
    }

    @Test func aFullQueueDropsTheOldestAndCountsThem() {
        let queue = SpanQueue(capacity: 3)
        for number in 0..<5 { queue.push(span(number)) }
        #expect(queue.count == 3)
        #expect(queue.takeDropped() == 2)
        #expect(queue.takeDropped() == 0)
        #expect(queue.take(upTo: 2).map(\.name) == ["s2", "s3"])
        queue.push(span(5))
        #expect(queue.take(upTo: 10).map(\.name) == ["s4", "s5"])
        #expect(queue.count == 0)
    }

    @Test func traceparentIsParsedOnlyWhenWellFormed() {
        let valid = SpanIdentity(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(valid == SpanIdentity(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7"))
        #expect(valid?.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        for bad in ["", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-xyz92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"] {
            #expect(SpanIdentity(traceparent: bad) == nil, "\(bad)")
        }
    }
}
