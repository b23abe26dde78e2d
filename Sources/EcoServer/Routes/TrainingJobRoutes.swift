import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Training jobs: submitted here, queued in the store, run by `TrainingJobRunner`.
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/models/train | manage:models | queue a job `{kind, name, parameters}` → 202 with the job and `Location` |
/// | GET | /api/v1/models/jobs | read:all | jobs, newest first (`status`, `limit`) |
/// | GET | /api/v1/models/jobs/{id} | read:all | status, progress, iteration, error, result and the last log lines |
/// | GET | /api/v1/models/jobs/{id}/logs | read:all | log lines after `after`, oldest first |
/// | POST | /api/v1/models/jobs/{id}/cancel | manage:models | cancel a queued job, or stop a running one at its next progress report |
/// | POST | /api/v1/models/jobs/{id}/retry | manage:models | queue a failed or cancelled job again |
struct TrainingJobRoutes {
    let services: AppServices
    let runner: TrainingJobRunner

    /// Log lines shown with a job.
    static let recentLogLines = 20

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/models/train", .manageModels, use: submit)
        group.get("/models/jobs", .readAll, use: list)
        group.get("/models/jobs/:id", .readAll, use: show)
        group.get("/models/jobs/:id/logs", .readAll, use: logs)
        group.post("/models/jobs/:id/cancel", .manageModels, use: cancel)
        group.post("/models/jobs/:id/retry", .manageModels, use: retry)
    }

    struct SubmitRequest: Decodable, Sendable {
        var kind: String?
        var name: String
        var parameters: JSONValue?
    }

    @Sendable func submit(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await Self.decodeSubmission(request, context: context)
        let kindName = input.kind ?? "csv"
        guard let kind = TrainingJobKinds.named(kindName) else {
            throw Problem.badRequest("kind '\(kindName)' is not a training job kind; use one of \(TrainingJobKinds.names.joined(separator: ", ")).")
        }
        try TrainingJobName.validate(input.name)
        let parameters = input.parameters ?? .object([:])
        do { try kind.validate(parameters) } catch let problem as Problem { throw problem } catch {
            throw Problem.badRequest("parameters: \(TrainingJobRunner.message(for: error))")
        }
        let job = try await services.store.enqueueTrainingJob(TrainingJob(
            kind: kind.name, modelName: input.name, parametersJSON: String(decoding: parameters.encoded(), as: UTF8.self),
            createdAtMs: services.clock.nowMs(), submittedBy: context.auth.identity?.actor ?? "anonymous"))
        runner.jobSubmitted()
        return try Self.accepted(job)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        var status: TrainingJobStatus?
        if let text = request.uri.queryParameters.get("status") {
            guard let parsed = TrainingJobStatus(rawValue: text) else {
                throw Problem.badRequest("status must be one of \(TrainingJobStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            status = parsed
        }
        let limit = try Self.integer(request, "limit", default: 50, in: 1...500)
        let jobs = try await services.store.trainingJobs(status: status, limit: limit)
        let data = jobs.map { TrainingJobDTO($0) }
        return try JSONResponse.make(Page(data: data, pagination: Pagination(limit: limit, nextCursor: nil, hasMore: jobs.count == limit)))
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let job = try await job(context)
        let recent = try await services.store.trainingJobLogs(id: job.id, after: max(0, job.logLineCount - Self.recentLogLines), limit: Self.recentLogLines)
        return try JSONResponse.make(TrainingJobDTO(job, parameters: true, logs: recent))
    }

    @Sendable func logs(request: Request, context: AppRequestContext) async throws -> Response {
        let job = try await job(context)
        let after = try Self.integer(request, "after", default: 0, in: 0...Int(Int32.max))
        let limit = try Self.integer(request, "limit", default: 1000, in: 1...5000)
        var lines = try await services.store.trainingJobLogs(id: job.id, after: after, limit: limit + 1)
        let hasMore = lines.count > limit
        lines = Array(lines.prefix(limit))
        let next = hasMore ? lines.last.map { String($0.sequence) } : nil
        return try JSONResponse.make(Page(data: lines.map(TrainingJobDTO.LogLine.init), pagination: Pagination(limit: limit, nextCursor: next, hasMore: hasMore)))
    }

    @Sendable func cancel(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try await job(context).id
        guard let job = try await services.store.requestTrainingJobCancel(id: id, atMs: services.clock.nowMs()) else {
            throw Self.notFound(id.uuidString)
        }
        guard job.status == .queued || job.status == .running || job.status == .cancelled else {
            throw Problem(.conflict, detail: "Job \(TrainingJobDTO.text(job.id)) already \(job.status.rawValue); only queued or running jobs can be cancelled.")
        }
        runner.cancelRequested(id: job.id)
        // A running job stops at its next progress report: accepted, not yet done.
        return try JSONResponse.make(TrainingJobDTO(job), status: job.status == .running ? .accepted : .ok)
    }

    @Sendable func retry(request: Request, context: AppRequestContext) async throws -> Response {
        let before = try await job(context)
        guard before.status == .failed || before.status == .cancelled else {
            throw Problem(.conflict, detail: "Job \(TrainingJobDTO.text(before.id)) is \(before.status.rawValue); only failed or cancelled jobs can be retried.")
        }
        guard let job = try await services.store.retryTrainingJob(id: before.id) else { throw Self.notFound(before.id.uuidString) }
        try await services.store.appendTrainingJobLog(id: job.id, lines: ["retry requested by \(context.auth.identity?.actor ?? "anonymous")"],
                                                      atMs: services.clock.nowMs())
        runner.jobSubmitted()
        return try Self.accepted(job)
    }

    private func job(_ context: AppRequestContext) async throws -> TrainingJob {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text), let job = try await services.store.trainingJob(id: id) else { throw Self.notFound(text) }
        return job
    }

    private static func notFound(_ id: String) -> Problem {
        Problem.notFound("No training job '\(id)'; GET /api/v1/models/jobs lists them.")
    }

    private static func accepted(_ job: TrainingJob) throws -> Response {
        var response = try JSONResponse.make(TrainingJobDTO(job), status: .accepted)
        response.headers[.location] = "/api/v1/models/jobs/\(TrainingJobDTO.text(job.id))"
        return response
    }

    private static func integer(_ request: Request, _ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    /// Reads the body under the route's larger limit (`BodyLimits.trainingJobBytes`); strings (the CSV) may fill it.
    private static func decodeSubmission(_ request: Request, context: AppRequestContext) async throws -> SubmitRequest {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer.readableBytesView)
        var decoder = BoundedJSONDecoder()
        decoder.maxStringBytes = context.maxUploadSize
        try decoder.check(data)
        return try JSONDecoder().decode(SubmitRequest.self, from: data)
    }
}

/// Model names as the specification has them: `{domain}-{task}-{architecture}`.
enum TrainingJobName {
    /// Throws a 400 unless `name` is at least three parts of lowercase letters, digits or `_`
    /// joined by `-`, at most 100 characters (it appears in URLs and CLI arguments).
    static func validate(_ name: String) throws {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        guard name.count <= 100, parts.count >= 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed.contains) }) else {
            throw Problem.badRequest("name '\(name)' must look like {domain}-{task}-{architecture}: three or more parts of lowercase letters, digits or '_' joined by '-', at most 100 characters, e.g. biodiversity-sdm-rf.")
        }
    }
}
