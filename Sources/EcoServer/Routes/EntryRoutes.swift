import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Data entries with their files (issue #18).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/entries | write:data | multipart (a `metadata` JSON part, then a `file` part, streamed to object storage) or JSON alone; 201, or 200 with the stored entry for a file its source already sent |
/// | GET | /api/v1/entries | read:public | filters, keyset pages; JSON, GeoJSON or CSV |
/// | GET | /api/v1/entries/{id} | read:public | one entry |
/// | GET | /api/v1/entries/{id}/file | read:public | the file: ETag (its SHA-256), If-None-Match, one byte range |
/// | PATCH | /api/v1/entries/{id} | write:data | add/remove tags, merge metadata, set label or processed |
/// | DELETE | /api/v1/entries/{id} | write:data | delete; the file goes when no other entry references it |
struct EntryRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/entries", .writeData, use: create)
        group.get("/entries", .readPublic, use: list)
        group.get("/entries/:id", .readPublic, use: show)
        group.get("/entries/:id/file", .readPublic, use: file)
        group.patch("/entries/:id", .writeData, use: update)
        group.delete("/entries/:id", .writeData, use: delete)
    }

    private var entries: EntryService { services.platform.entries }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = context.identity?.actor ?? "anonymous"
        let contentType = request.headers[.contentType] ?? ""
        let result: (entry: Entry, created: Bool)
        do {
            if contentType.lowercased().hasPrefix("multipart/") {
                result = try await upload(request, contentType: contentType, by: actor)
            } else if contentType.lowercased().hasPrefix("application/json") {
                let draft = try await request.decode(as: EntryDraft.self, context: context)
                result = try await entries.create(draft, by: actor)
            } else {
                throw Problem(.unsupportedMediaType, detail: "Send multipart/form-data (a 'metadata' JSON part, then a 'file' part) or application/json for an entry without a file; got '\(contentType)'.")
            }
        } catch let error as EntryUploadError {
            throw Self.problem(error, limit: context.bodyLimit)
        } catch let error as MultipartError {
            throw Problem.badRequest(error.description)
        }
        var response = try JSONResponse.make(EntryDocument(result.entry), status: result.created ? .created : .ok)
        response.headers[.location] = "/api/v1/entries/\(result.entry.id)"
        return response
    }

    /// Reads the parts in order: `metadata` (JSON) must come before `file`, whose bytes go straight to storage.
    private func upload(_ request: Request, contentType: String, by actor: String) async throws -> (entry: Entry, created: Bool) {
        let boundary = try MultipartReader<RequestBody>.boundary(contentType: contentType).get()
        let reader = MultipartReader(boundary: boundary, body: request.body)
        var draft: EntryDraft?
        while let part = try await reader.nextPart() {
            switch part.name {
            case "metadata":
                var text: [UInt8] = []
                while let chunk = try await reader.nextChunk() {
                    text += chunk
                    guard text.count <= services.configuration.maxRequestBytes else {
                        throw Problem.badRequest("The metadata part is larger than \(services.configuration.maxRequestBytes) bytes; keep files in the file part.")
                    }
                }
                do { draft = try JSONDecoder().decode(EntryDraft.self, from: Data(text)) } catch let error as DecodingError {
                    throw Problem.badRequest("The metadata part is not the expected JSON object: \(DecodingErrorText.describe(error)).")
                }
            case "file":
                guard let draft else {
                    throw Problem.badRequest("The 'metadata' part must come before the 'file' part, so the file can be checked as it streams to storage.")
                }
                let upload = EntryService.Upload(contentType: part.contentType, fileName: part.fileName, body: MultipartPartBody(reader: reader))
                let result = try await entries.create(draft, upload: upload, by: actor)
                // Whatever follows the file (an epilogue, extra parts) is read and ignored.
                while try await reader.nextPart() != nil {}
                return result
            default:
                continue
            }
        }
        throw Problem.badRequest("The multipart body has no 'file' part; send one, or send application/json for an entry without a file.")
    }

    static func problem(_ error: EntryUploadError, limit: BodyLimit) -> Problem {
        switch error {
        case let .tooLarge(bytes): Problem(.contentTooLarge, detail: error.description, extensions: ["limit": .number(Double(bytes))])
        case .unsupportedContentType, .contentMismatch: Problem(.unsupportedMediaType, detail: error.description)
        case .noObjectStorage: Problem(.serviceUnavailable, detail: error.description)
        }
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson, .csv])
        let query = try EntryQuery(parameters: QueryParameters(request, context: context), maxLimit: services.configuration.maxPageSize)
        let page = try await entries.list(query)
        let cursor = page.nextCursor.map(String.init)
        switch format {
        case .geojson:
            return JSONResponse.text(try EntryDocument.featureCollection(page.entries, nextCursor: cursor).text, contentType: format.contentType)
        case .csv:
            return JSONResponse.text(EntryDocument.csv(page.entries, nextCursor: cursor), contentType: format.contentType)
        default:
            return try JSONResponse.make(Page(data: page.entries.map(EntryDocument.init),
                                              pagination: Pagination(limit: query.limit, nextCursor: cursor, hasMore: cursor != nil)))
        }
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(EntryDocument(try await entries.entry(id: try context.parameters.require("id"))))
    }

    struct ChangeBody: Decodable {
        var addTags: [String]?
        var removeTags: [String]?
        var metadata: JSONValue?
        var label: JSONValue?
        var processed: Bool?
    }

    @Sendable func update(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: ChangeBody.self, context: context)
        var change = EntryChange(addTags: body.addTags ?? [], removeTags: body.removeTags ?? [], processed: body.processed)
        switch body.metadata {
        case nil: break
        case let .object(fields)?: change.metadata = fields
        default: throw Problem.badRequest("metadata must be a JSON object to merge (a null value removes a key), e.g. {\"metadata\": {\"depth_m\": 3}}.")
        }
        switch body.label {
        case nil: break
        case .null?: change.label = .some(nil)
        case let .string(text)? where !text.isEmpty: change.label = .some(text)
        default: throw Problem.badRequest("label must be a non-empty string, or null to clear it.")
        }
        return try JSONResponse.make(EntryDocument(try await entries.update(id: try context.parameters.require("id"), change)))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await entries.delete(id: try context.parameters.require("id"), by: context.identity?.actor ?? "anonymous")
        return Response(status: .noContent)
    }

    @Sendable func file(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let entry = try await entries.entry(id: id)
        guard let file = entry.file else { throw Problem.notFound("Entry \(id) has no file: it was created from metadata alone.") }
        let etag = "\"\(file.sha256)\""
        var headers: HTTPFields = [.eTag: etag, .acceptRanges: "bytes", .cacheControl: "private, max-age=31536000, immutable"]
        if let match = request.headers[.ifNoneMatch], match == "*" || match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        let range: Range<Int64>?
        switch ByteRange.parse(request.headers[.range], size: file.size) {
        case .whole: range = nil
        case let .part(part): range = part
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(file.size)"
            throw Problem(.rangeNotSatisfiable, detail: "The range \(request.headers[.range] ?? "") lies outside the file's \(file.size) bytes.", headers: headers)
        }
        let content = try await entries.file(id: id, range: range).content
        headers[.contentType] = file.contentType
        headers[.contentLength] = String(content.range.count)
        if let name = file.fileName { headers[.contentDisposition] = "inline; filename=\"\(name.replacingOccurrences(of: "\"", with: ""))\"" }
        if range != nil { headers[.contentRange] = "bytes \(content.range.lowerBound)-\(content.range.upperBound - 1)/\(content.size)" }
        let chunks = content.chunks
        return Response(status: range == nil ? .ok : .partialContent, headers: headers, body: ResponseBody { writer in
            for try await chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        })
    }
}

/// A single `Range: bytes=…` request (RFC 9110 §14.1.2). Several ranges, other units and malformed
/// headers are ignored (the whole file is sent), as the RFC allows.
enum ByteRange: Equatable {
    case whole
    case part(Range<Int64>)
    case unsatisfiable

    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            // A suffix: the last N bytes.
            guard let count = Int64(last), count >= 0 else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .part(max(0, size - count)..<size)
        }
        guard let start = Int64(first), start >= 0 else { return .whole }
        let end: Int64
        if last.isEmpty { end = size - 1 } else {
            guard let value = Int64(last), value >= start else { return .whole }
            end = min(value, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .part(start..<(end + 1))
    }
}
