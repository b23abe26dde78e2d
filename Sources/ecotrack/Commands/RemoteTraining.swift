import ArgumentParser
import EcoCore
import EcoML
import EcoPipeline
import EcoServer
import Foundation

/// `ecotrack train --server`: submits a `csv` training job and, when asked, follows it to the end.
struct RemoteTraining {
    let client: ServerClient
    /// Time between two looks at a running job.
    var pollInterval: Duration = .milliseconds(500)

    /// Submits the job. Without `wait`, returns the queued job as JSON; with `wait`, shows progress
    /// on standard error and returns what local training prints (the job's result).
    ///
    /// - Throws: `ValidationError` with the server's message when the job is rejected, fails or is cancelled.
    func train(csv: String, request: CSVTrainingRequest, folds: FoldOptions, name: String, wait: Bool) async throws -> String {
        var parameters: [String: JSONValue] = [
            "csv": .string(csv), "target": .string(request.target), "task": .string(request.task.rawValue),
            "algorithm": .string(request.algorithm.rawValue), "seed": .number(Double(request.seed)),
        ]
        parameters.merge(folds.jobParameters) { $1 }
        let body = JSONValue.object(["kind": .string("csv"), "name": .string(name), "parameters": .object(parameters)])
        var job = try await client.json("POST", "/api/v1/models/train", body: body)
        guard wait else { return String(decoding: job.encoded(), as: UTF8.self) }
        guard case let .string(id)? = job["id"] else { throw ValidationError("The server's answer has no job id: \(String(decoding: job.encoded(), as: UTF8.self))") }
        let line = JobProgressLine(id: id)
        while true {
            line.show(job)
            switch job["status"] {
            case .string("succeeded")?:
                line.finish()
                // Re-encoded as local training encodes its summary, so both print the same shape.
                return String(decoding: (job["result"] ?? .null).encoded(), as: UTF8.self)
            case .string("failed")?:
                line.finish()
                throw ValidationError("Training job \(id) failed: \(job["error"].flatMap(Self.text) ?? "no reason given")")
            case .string("cancelled")?:
                line.finish()
                throw ValidationError("Training job \(id) was cancelled.")
            default:
                try await _Concurrency.Task.sleep(for: pollInterval)
                job = try await client.json("GET", "/api/v1/models/jobs/\(id)")
            }
        }
    }

    private static func text(_ value: JSONValue) -> String? {
        if case let .string(text) = value { return text }
        return nil
    }
}

/// Progress of a job on standard error: one rewritten line on a terminal, otherwise a line per
/// change of status and per tenth of the way.
final class JobProgressLine {
    private let id: String
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastShown = ""

    init(id: String) { self.id = id }

    func show(_ job: JSONValue) {
        var status = "", percent = 0.0, iteration = 0, total = 0
        if case let .string(text)? = job["status"] { status = text }
        if case let .number(value)? = job["percent"] { percent = value }
        if case let .number(value)? = job["iteration"] { iteration = Int(value) }
        if case let .number(value)? = job["totalIterations"] { total = Int(value) }
        let text = total > 0
            ? "job \(id): \(status) \(String(format: "%5.1f", percent)) % (iteration \(iteration) of \(total))"
            : "job \(id): \(status)"
        if terminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            return
        }
        // Off a terminal, only what changed: the status or the tenth.
        let key = "\(status) \(Int(percent) / 10)"
        guard key != lastShown else { return }
        lastShown = key
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
