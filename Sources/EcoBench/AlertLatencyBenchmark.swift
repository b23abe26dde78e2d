import EcoCore
import EcoPipeline
import EcoServer
import EcoStore
import EcoStoreSQLite
import EcoTestSupport
import Foundation
import Synchronization

/// `ecotrack bench alerts`: the issue #5 and #20 figures, through the real server on loopback.
///
/// 1. Latency, once per batch shape (by default few stations × many readings, 250 × 10, and many
///    stations × one reading, 2,500 × 1): after a warm-up, NDJSON batches arrive at a steady `rate`
///    (observations/s), each holding `readings` new hours for every station and one injected spike; a
///    WebSocket client subscribed to `/ws/alerts` timestamps each `alert.created`. Latency = arrival −
///    the moment the batch's POST was sent (so it includes the durable commit, detection and delivery).
/// 2. Throughput: the same bodies posted back to back, detection off and on twice each, interleaved.
///
/// Every figure is printed with the machine's load average when it was taken: the cores may be shared.
public enum AlertLatencyBenchmark {
    /// A batch shape: how many stations each POST carries, and how many hourly readings of each.
    public struct Shape: Sendable, CustomStringConvertible {
        public var stations: Int
        public var readings: Int

        public init(stations: Int, readings: Int) {
            self.stations = stations
            self.readings = readings
        }

        /// "250x10" → 250 stations × 10 readings.
        public init?(_ text: some StringProtocol) {
            let parts = text.split(separator: "x")
            guard parts.count == 2, let stations = Int(parts[0]), let readings = Int(parts[1]), stations > 0, readings > 0 else { return nil }
            self.init(stations: stations, readings: readings)
        }

        public var description: String { "\(stations) stations × \(readings) readings" }

        /// Few stations with many readings, and many stations with one reading each (issue #20).
        public static let both = [Shape(stations: 250, readings: 10), Shape(stations: 2_500, readings: 1)]
    }

    public static func run(rate: Int = 50_000, seconds: Int = 20, shapes: [Shape] = Shape.both,
                           throughputRecords: Int = 1_000_000, durability: String = "full") async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = ["machine: \(BenchmarkClock.machine)"]
        for (index, shape) in shapes.enumerated() {
            let before = LoadAverage.now
            let line = try await latency(rate: rate, seconds: seconds, stations: shape.stations, hoursPerBatch: shape.readings,
                                         durability: durability, directory: directory, name: "latency-\(index)")
            lines.append(line + "; load average \(before) before, \(LoadAverage.now) after")
            FileHandle.standardError.write(Data((lines.last! + "\n").utf8))  // progress: the throughput part takes minutes
        }
        if throughputRecords > 0 {
            let before = LoadAverage.now
            lines.append(try await throughput(records: throughputRecords, directory: directory) + "; load average \(before) before, \(LoadAverage.now) after")
        }
        return lines.joined(separator: "\n")
    }

    static let t0: Int64 = 1_704_067_200_000
    static let warmUpHours = 72
    static let spikeValue = 900.0

    /// One hour of pm25 for every station; `spike` gets an extreme value.
    static func hour(_ hour: Int, stations: Int, spike: Int?) -> Data {
        var text = ""
        text.reserveCapacity(stations * 150)
        let time = t0 + Int64(hour) * 3_600_000
        for station in 0..<stations {
            let normal = 20 + 8 * sin(Double(hour) * .pi / 12 + Double(station)) + Double((hour * 31 + station * 17) % 7) * 0.3
            let value = station == spike ? spikeValue : normal
            text += #"{"variable":"pm25","value":\#(value),"observedAt":\#(time),"lat":\#(48.5 + Double(station % 50) * 0.01),"lng":\#(2.0 + Double(station / 50) * 0.01),"source":"bench","stationId":"s\#(station)"}"#
            text += "\n"
        }
        return Data(text.utf8)
    }

    static func latency(rate: Int, seconds: Int, stations: Int, hoursPerBatch: Int, durability: String, directory: URL, name: String) async throws -> String {
        try await BenchServer.with(directory: directory, name: name, durability: durability) { server in
            // Warm-up: every detector learns three days before spikes count.
            for start in stride(from: 0, to: warmUpHours, by: 8) {
                var body = Data()
                for h in start..<min(start + 8, warmUpHours) { body += hour(h, stations: stations, spike: nil) }
                try await server.ingest(body)
            }
            try await server.detectionCaughtUp()

            let client = try await LoopbackWebSocketClient.connect(port: server.port, path: "/ws/alerts", headers: ["Authorization": "Bearer \(server.key)"])
            defer { client.close() }
            try client.send(#"{"subscribe": {"severity": ["critical"]}}"#)
            let perBatch = stations * hoursPerBatch
            let batches = rate * seconds / perBatch
            let interval = Duration.seconds(Double(perBatch) / Double(rate))
            let sent = InstantsByBatch()
            let stored = InstantsByBatch()
            let received = InstantsByBatch()
            let (subscribed, subscribedContinuation) = AsyncStream.makeStream(of: Void.self)
            let reader = Task {
                for await message in client.messages {
                    let now = ContinuousClock.now
                    if message.contains(#""type":"subscribed""#) { subscribedContinuation.yield() }
                    guard message.contains(#""topic":"ecotrack.alert.created""#), let hour = hourIndex(in: message) else { continue }
                    let batch = hour / hoursPerBatch
                    received.recordFirst(batch, now)
                }
            }
            var waiter = subscribed.makeAsyncIterator()
            _ = await waiter.next()

            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { posts in
                for batch in 0..<batches {
                    try await Task.sleep(until: start + interval * batch)
                    // One spike per batch, in its first hour, on a station that has long recovered from its last one.
                    let body = (0..<hoursPerBatch).reduce(into: Data()) { data, h in
                        data += hour(warmUpHours + batch * hoursPerBatch + h, stations: stations, spike: h == 0 ? (batch * 7919) % stations : nil)
                    }
                    posts.addTask {
                        sent.recordFirst(batch, ContinuousClock.now)
                        try await server.ingest(body)
                        stored.recordFirst(batch, ContinuousClock.now)
                    }
                }
                try await posts.waitForAll()
            }
            let elapsed = ContinuousClock.now - start
            try await server.detectionCaughtUp()
            try await Task.sleep(for: .milliseconds(500))
            reader.cancel()
            let sentTimes = sent.all
            let latencies = received.all.compactMap { batch, at in sentTimes[batch].map { BenchmarkClock.milliseconds(at - $0) } }
            let responses = stored.all.compactMap { batch, at in sentTimes[batch].map { BenchmarkClock.milliseconds(at - $0) } }
            let achieved = Double(batches * perBatch) / BenchmarkClock.secondsOf(elapsed)
            return String(format: "ingest-to-WebSocket latency at %.0f obs/s sustained (%d POSTs of %d stations × \(hoursPerBatch) readings, detection on, durability \(durability)): "
                + "%d/%d spikes alerted, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                achieved, batches, stations, latencies.count, batches,
                BenchmarkClock.percentile(latencies, 0.5), BenchmarkClock.percentile(latencies, 0.95),
                BenchmarkClock.percentile(latencies, 0.99), latencies.max() ?? .nan)
                + String(format: "; ingest response (2xx, durable) p50 %.1f ms, p99 %.1f ms",
                         BenchmarkClock.percentile(responses, 0.5), BenchmarkClock.percentile(responses, 0.99))
        }
    }

    /// The hour (after the warm-up) a spike alert belongs to, from its `validFrom`.
    static func hourIndex(in message: String) -> Int? {
        guard let range = message.range(of: #""validFrom":""#) else { return nil }
        let text = message[range.upperBound...].prefix { $0 != "\"" }
        guard let ms = Timestamp.parse(text) else { return nil }
        return Int((ms - t0) / 3_600_000) - warmUpHours
    }

    static func throughput(records: Int, directory: URL) async throws -> String {
        let stations = 1_000
        let hoursPerBody = 100
        let bodies = (0..<max(1, records / (stations * hoursPerBody))).map { body in
            (0..<hoursPerBody).reduce(into: Data()) { data, h in data += hour(body * hoursPerBody + h, stations: stations, spike: nil) }
        }
        let total = Double(bodies.count * stations * hoursPerBody)
        // Off, on, off, on: the machine's speed drifts by tens of percent over a minute, and interleaving
        // spreads that drift over both sides instead of letting it decide the ratio.
        var rates: [Bool: [(rate: Double, lag: Double)]] = [:]
        for (round, detection) in [false, true, false, true].enumerated() {
            rates[detection, default: []].append(try await BenchServer.with(directory: directory, name: "throughput-\(round)", configure: { $0.detection = detection }) { server in
                let seconds = try await IngestBenchmark.postPairs(bodies, to: server)
                let lag = detection ? try await BenchmarkClock.seconds { try await server.detectionCaughtUp(timeout: .seconds(600)) } : 0
                return (total / seconds, lag)
            })
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        let off = mean(rates[false]!.map(\.rate)), on = mean(rates[true]!.map(\.rate)), lag = rates[true]!.map(\.lag).max()!
        return String(format: "HTTP ingest, %.0f rows back to back, off/on/off/on: detection off %.0f rows/s, on %.0f rows/s (%.0f%%); detection finished at most %.2f s after the last response",
                      total, off, on, 100 * on / off, lag)
    }
}

/// The 1-, 5- and 15-minute load averages of the machine (Linux `/proc/loadavg`), as text.
enum LoadAverage {
    static var now: String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// When each batch was sent or first seen, shared by the benchmark's tasks.
private final class InstantsByBatch: Sendable {
    private let instants = Mutex<[Int: ContinuousClock.Instant]>([:])
    func recordFirst(_ batch: Int, _ instant: ContinuousClock.Instant) {
        instants.withLock { if $0[batch] == nil { $0[batch] = instant } }
    }
    var all: [Int: ContinuousClock.Instant] { instants.withLock { $0 } }
}

extension BenchmarkClock {
    static func secondsOf(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> Double { secondsOf(duration) * 1000 }
}
