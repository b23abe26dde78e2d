import EcoCore
import EcoPipeline
import EcoStore
import Foundation

/// A training job as the API shows it (schema `TrainingJob` in paths-training.json).
struct TrainingJobDTO: Encodable, Sendable {
    var id: String
    var kind: String
    var name: String
    var status: String
    /// 0…1.
    var progress: Double
    /// 0…100, one decimal.
    var percent: Double
    var iteration: Int
    var totalIterations: Int
    var attempts: Int
    var maxAttempts: Int
    var cancelRequested: Bool
    var error: String?
    var result: JSONValue?
    var parameters: JSONValue?
    var createdAt: String
    var startedAt: String?
    var finishedAt: String?
    var submittedBy: String
    var logLines: Int
    var recentLogs: [LogLine]?

    struct LogLine: Encodable, Sendable {
        var sequence: Int
        var at: String
        var message: String

        init(_ line: TrainingJobLogLine) {
            sequence = line.sequence
            at = Timestamp.format(ms: line.atMs)
            message = line.message
        }
    }

    /// Longest parameter string shown as is; longer ones (the CSV) are summarised.
    static let longestShownString = 256

    init(_ job: TrainingJob, parameters withParameters: Bool = false, logs: [TrainingJobLogLine]? = nil) {
        id = Self.text(job.id)
        kind = job.kind
        name = job.modelName
        status = job.status.rawValue
        progress = job.progress
        percent = (job.progress * 1000).rounded() / 10
        iteration = job.iteration
        totalIterations = job.totalIterations
        attempts = job.attempts
        maxAttempts = job.maxAttempts
        cancelRequested = job.cancelRequested
        error = job.error
        result = job.resultJSON.flatMap(JSONValue.parse)
        if withParameters, let decoded = JSONValue.parse(job.parametersJSON) {
            parameters = Self.summarised(decoded)
        }
        createdAt = Timestamp.format(ms: job.createdAtMs)
        startedAt = job.startedAtMs.map { Timestamp.format(ms: $0) }
        finishedAt = job.finishedAtMs.map { Timestamp.format(ms: $0) }
        submittedBy = job.submittedBy
        logLines = job.logLineCount
        recentLogs = logs?.map(LogLine.init)
    }

    /// Job ids travel in lower case.
    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }

    private static func summarised(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .string(text) where text.utf8.count > longestShownString:
            .string("(\(text.utf8.count) bytes, not shown)")
        case let .object(fields): .object(fields.mapValues(summarised))
        case let .array(items): .array(items.map(summarised))
        default: value
        }
    }
}
