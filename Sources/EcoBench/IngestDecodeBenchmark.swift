import EcoCore
import EcoTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures the ingest decoders on realistic observation bodies (`ecotrack bench decode`).
///
/// Rates are given twice: by wall-clock time, and by the CPU time of the measuring thread, which
/// stays meaningful when other processes share the cores (the wall-clock figure then drops).
public enum IngestDecodeBenchmark {
    /// Decodes `records` generated observations as NDJSON, CSV and a JSON array, fed in 64 KiB
    /// chunks as an HTTP body arrives, best of `repeats` runs each on the calling thread, and
    /// returns a short report with records per second (and timestamps parsed per second).
    public static func run(records: Int, repeats: Int = 3) -> String {
        let count = max(1, records)
        var lines = ["ingest decode: \(count) records, 64 KiB chunks, best of \(max(1, repeats)) runs, one thread"]
        for format in [ObservationFormat.ndjson, .csv, .json] {
            let body = SampleBodies.observations(format: format, records: count)
            var bestWall = Double.infinity
            var bestCPU = Double.infinity
            var decoded = 0
            for _ in 0..<max(1, repeats) {
                let clock = ContinuousClock()
                let start = clock.now
                let cpuStart = threadCPUSeconds()
                decoded = decodeAll(body, format: format)
                bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
                bestWall = min(bestWall, seconds(clock.now - start))
            }
            let megabytes = Double(body.count) / bestCPU / 1_048_576
            lines.append(
                "\(format.rawValue.padding(6)) \(formatted(Double(count) / bestCPU)) records/s of thread CPU time, \(formatted(Double(count) / bestWall)) records/s wall clock, "
                    + "\(formatted(megabytes)) MiB/s CPU  (\(decoded) records decoded, \(body.count) bytes)")
        }
        lines.append("timestamps \(formatted(timestampRate(count: count))) parsed/s of thread CPU time (RFC 3339 with offset)")
        return lines.joined(separator: "\n")
    }

    private static func decodeAll(_ body: [UInt8], format: ObservationFormat) -> Int {
        var decoder = ObservationDecoder(format: format)
        var records = 0
        let sink: (DecodedItem) -> Void = { item in
            if case .record = item { records += 1 }
        }
        body.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + 65_536)
                decoder.feed(UnsafeRawBufferPointer(rebasing: all[start..<end]), into: sink)
                start = end
            }
        }
        decoder.finish(into: sink)
        return records
    }

    private static func timestampRate(count: Int) -> Double {
        let samples = (0..<1000).map { Array(Timestamp.format(ms: 1_714_568_400_000 + Int64($0) * 3_723_456).utf8.dropLast()) + Array("+02:00".utf8) }
        let start = threadCPUSeconds()
        var checksum: Int64 = 0
        for k in 0..<count {
            checksum &+= samples[k % samples.count].withUnsafeBytes { Timestamp.parse(bytes: $0) ?? 0 }
        }
        let elapsed = threadCPUSeconds() - start
        return checksum == 42 ? 0 : Double(count) / elapsed
    }

    /// CPU time consumed so far by the calling thread, in seconds.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) * 1e-18
    }

    private static func formatted(_ value: Double) -> String {
        guard value.isFinite else { return "inf" }
        let rounded = Int(value.rounded())
        var digits = String(rounded)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return groups.joined(separator: ",")
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
