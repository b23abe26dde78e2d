import EcoCarbon
import EcoCore
import Foundation

/// A large NDJSON (or CSV) body is decoded and stored in chunks of records, the next chunk decoding (on
/// every core, off the concurrency pool) while the previous one is accounted and stored: one chunk in
/// flight, so memory stays bounded. Chunks are stored in body order, so a client id sent twice still ends
/// with its later record; indexes and lines are those of the whole body; the answer comes after the last
/// chunk is stored. A CSV header error is seen in the first chunk, before anything is stored.
extension CarbonIngest {
    /// Records per chunk.
    static let chunkRecords = 20_000

    /// Ingests `body` chunk by chunk with decoding and storing overlapped.
    func ingestPipelined(_ body: [UInt8], format: ObservationFormat, caller: CarbonCaller) async throws -> CarbonIngestReport {
        let layout = ActivityBodyLayout(body, csv: format == .csv)
        let starts = layout.lineStarts
        let chunks = stride(from: 0, to: starts.count, by: Self.chunkRecords).map { first in
            starts[first]..<(first + Self.chunkRecords < starts.count ? starts[first + Self.chunkRecords] : layout.count)
        }
        guard !chunks.isEmpty else { return try await ingestWhole(body, format: format, caller: caller) }
        var total = CarbonIngestReport()
        var organizations = Set<String>()
        var indexOffset = 0
        var next = chunks.first.map { Self.decodeOffPool(body, format: format, layout: layout, range: $0, indexOffset: 0) }
        for k in chunks.indices {
            guard let decoding = next else { break }
            let batch = await decoding.value
            if let error = batch.batchError { throw EcoError.badRequest(error.reason) }
            indexOffset += batch.activities.count + batch.errors.count
            next = k + 1 < chunks.count
                ? Self.decodeOffPool(body, format: format, layout: layout, range: chunks[k + 1], indexOffset: indexOffset) : nil
            let (part, _) = try await store(batch, caller: caller, notify: false)
            total.add(part)
            organizations.formUnion(batch.activities.lazy.map(\.organization).filter { caller.refusal(for: $0) == nil })
        }
        if total.accepted > 0 { written(organizations) }
        return total
    }

    /// Starts decoding `range` on GCD threads (all cores) and returns the task to await.
    private static func decodeOffPool(_ body: [UInt8], format: ObservationFormat, layout: ActivityBodyLayout, range: Range<Int>,
                                      indexOffset: Int) -> Task<ActivityBatch, Never> {
        Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    let parts = ParallelActivityDecoder.split(layout, within: range, parts: ProcessInfo.processInfo.activeProcessorCount)
                    continuation.resume(returning: ParallelActivityDecoder.decode(body, format: format, layout: layout, ranges: parts, indexOffset: indexOffset))
                }
            }
        }
    }
}
