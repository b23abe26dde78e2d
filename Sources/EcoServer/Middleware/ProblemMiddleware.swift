import EcoCore
import EcoPipeline
import EcoStore
import Hummingbird
import Logging

/// Turns every thrown error into a problem document, in one place: handlers just throw.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.problem(for: error, context: context).response(from: request, context: context)
        }
    }

    static func problem(for error: any Error, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as EcoError:
            let status: HTTPResponse.Status = switch error.kind {
            case .malformed: .badRequest
            case .internalFailure: .internalServerError
            case .invalid: .unprocessableContent
            case .notFound: .notFound
            case .conflict: .conflict
            case .unavailable: .serviceUnavailable
            }
            return Problem(status, detail: error.message)
        case let conflict as AlertVersionConflict:
            let current = (try? JSONValue(encodable: conflict.current)) ?? .null
            return Problem(.conflict, title: "Alert changed meanwhile", detail: conflict.description, extensions: ["current": current])
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            // A body read past `maxUploadSize` outside a registered route (`NIOTooManyBytesError` included);
            // registered routes answer with their own limit and advice (``BodyLimits``).
            return Problem(.contentTooLarge, detail: "The request body is larger than this endpoint accepts (\(context.maxUploadSize) bytes); send less data per request.",
                           extensions: ["limit": .number(Double(context.maxUploadSize))])
        case let error as HTTPError:
            let detail: String = switch error.status {
            case .notFound: "No route matches this path; GET /openapi.json lists every endpoint."
            default: error.body ?? error.status.reasonPhrase
            }
            return Problem(error.status, detail: detail)
        case let error as DecodingError:
            return DecodingErrorText.problem(error)
        case let error as StoreError:
            return Problem(.serviceUnavailable, detail: error.description)
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            return Problem(.internalServerError, detail: "An internal error occurred; the request id \(context.id) identifies it in the server log.")
        }
    }
}

/// Human text for Codable's errors: which field, and what was expected.
enum DecodingErrorText {
    /// The 400 answer to a body Codable refused, naming the field.
    static func problem(_ error: DecodingError) -> Problem {
        Problem(.badRequest, detail: "The JSON body does not have the expected shape: \(describe(error)).")
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "the body" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context.codingPath + [key])) is required"
        case let .typeMismatch(type, context): return "\(path(context.codingPath)) must be \(type)"
        case let .valueNotFound(type, context): return "\(path(context.codingPath)) must be \(type), not null"
        case let .dataCorrupted(context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
