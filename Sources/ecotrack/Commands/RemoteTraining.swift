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
        let line = TrainingProgressLine(label: "job \(id)")
        while true {
            line.show(job: job)
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
