import Foundation

/// Where a training job is in its life: queued → running → succeeded, failed or cancelled.
public enum TrainingJobStatus: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    /// True once the job will not run again unless someone retries it.
    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// A request to train a model, with everything the queue knows about its run.
public struct TrainingJob: Sendable, Equatable {
    public var id: UUID
    /// Which `TrainingJobKind` runs it, e.g. `csv`.
    public var kind: String
    /// The registry name the trained model is registered under.
    public var modelName: String
    /// The kind's parameters as JSON; empty in listings (it may hold a whole CSV file).
    public var parametersJSON: String
    public var status: TrainingJobStatus
    /// Share of the work done, 0…1.
    public var progress: Double
    /// Iterations (trees, boosting rounds, optimiser steps) done so far, of `totalIterations`.
    public var iteration: Int
    public var totalIterations: Int
    /// Runs started so far (a claim counts one); a job interrupted `maxAttempts` times fails.
    public var attempts: Int
    public var maxAttempts: Int
    /// Why the job failed or was interrupted, in a sentence.
    public var error: String?
    /// What the run produced as JSON: registered name and version, metrics …
    public var resultJSON: String?
    /// Someone asked to stop the running job; the runner stops at the next progress report.
    public var cancelRequested: Bool
    public var createdAtMs: Int64
    /// Start of the latest attempt.
    public var startedAtMs: Int64?
    public var finishedAtMs: Int64?
    /// The user id (or `cli`) that submitted the job.
    public var submittedBy: String
    /// Lines in the job's log; their sequence numbers run 1…`logLineCount`.
    public var logLineCount: Int

    /// A new queued job.
    public init(id: UUID = UUID(), kind: String, modelName: String, parametersJSON: String, maxAttempts: Int = 3,
                createdAtMs: Int64, submittedBy: String) {
        self.id = id
        self.kind = kind
        self.modelName = modelName
        self.parametersJSON = parametersJSON
        self.status = .queued
        self.progress = 0
        self.iteration = 0
        self.totalIterations = 0
        self.attempts = 0
        self.maxAttempts = maxAttempts
        self.error = nil
        self.resultJSON = nil
        self.cancelRequested = false
        self.createdAtMs = createdAtMs
        self.startedAtMs = nil
        self.finishedAtMs = nil
        self.submittedBy = submittedBy
        self.logLineCount = 0
    }
}

/// One line of a training job's log.
public struct TrainingJobLogLine: Sendable, Equatable {
    /// 1, 2, … within the job.
    public var sequence: Int
    public var atMs: Int64
    public var message: String

    public init(sequence: Int, atMs: Int64, message: String) {
        self.sequence = sequence
        self.atMs = atMs
        self.message = message
    }
}
