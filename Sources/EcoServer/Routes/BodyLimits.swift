import EcoCore
import EcoPipeline
import Hummingbird

/// The largest request body each route accepts, and what to do instead: one table for every route
/// (docs/api-limits.md shows it). `RouteRegistrar` applies it to each route it registers, so a route
/// added later gets the ordinary JSON limit without doing anything.
struct BodyLimits: Sendable {
    /// Where a route's limit comes from.
    enum Size: Sendable {
        /// `maxRequestBytes`: ordinary JSON requests.
        case json
        /// `maxIngestBytes`: bulk data, streamed or parsed in one pass.
        case ingest
        /// `maxEntryBytes` plus `maxRequestBytes`: a streamed entry upload (the file, and its metadata part).
        case entry
        /// A fixed number of bytes.
        case bytes(Int)
        /// No body at all: the route takes its parameters in the query string.
        case none
    }

    /// A route's size and the advice given when a body is larger.
    struct Entry: Sendable {
        var size: Size
        var advice: String
    }

    /// Largest training job request: the `csv` kind carries its training data in the body.
    static let trainingJobBytes = 32 * 1024 * 1024

    /// Routes whose bodies are not small JSON documents, or that deserve their own advice; every other
    /// route has `ordinary` (keys are `RouteDescription`s: method and OpenAPI path).
    static let table: [String: Entry] = [
        "POST /api/v1/observations": Entry(size: .ingest, advice: "Split the data into several requests (with NDJSON or CSV, at line boundaries), or ask the operator to raise maxIngestBytes."),
        "POST /api/v1/biodiversity/occurrences": Entry(size: .ingest, advice: "Split the Darwin Core file into several requests, each with the header row."),
        "POST /api/v1/models/train": Entry(size: .bytes(trainingJobBytes), advice: "Train on a sample, or with `ecotrack train --data FILE` locally."),
        "POST /api/v1/predict/{model}": Entry(size: .json, advice: "Split the rows into several requests."),
        "POST /api/v1/forecast": Entry(size: .json, advice: "Send a shorter history, or ingest the series (POST /api/v1/observations) and read its forecast from GET /api/v1/climate/forecasts."),
        "POST /api/v1/carbon/activities": Entry(size: .ingest, advice: "Split the activities into several requests (with NDJSON, at line boundaries), or import a CSV file with POST /api/v1/carbon/import."),
        "POST /api/v1/carbon/import": Entry(size: .ingest, advice: "Split the CSV file into several imports, each with the header row."),
        "POST /api/v1/carbon/factor-sets": Entry(size: .bytes(CarbonFactorSetRoutes.maxBodyBytes), advice: "A factor set holds factors, not activities: send one table per set."),
        "POST /api/v1/carbon/data-quality/fill-gaps": Entry(size: .none, advice: "Its parameters go in the query string (organization, from, to, period)."),
        "POST /api/v1/equity/indicators": Entry(size: .ingest, advice: "Split the indicators into several imports (CSV: each with the header row); a later import of a cell and indicator replaces the value."),
        "POST /api/v1/climate/scenarios": Entry(size: .ingest, advice: "Split the projections into several imports (CSV: each with the header row), e.g. one per scenario and model."),
        "POST /api/v1/models/{name}/versions": Entry(size: .bytes(ImageModelRoutes.maxModelBytes), advice: "An ONNX model may be at most 1 GiB; export a smaller architecture (MobileNetV3, EfficientNet)."),
        "POST /api/v1/models/{name}/predict": Entry(size: .bytes(ImageModelRoutes.maxPredictBytes), advice: "Send fewer images per request (each at most 32 MiB)."),
        "POST /api/v1/entries": Entry(size: .entry, advice: "The file itself may be at most maxEntryBytes; ask the operator to raise it, or split the data into several entries."),
        "POST /api/v1/food/yields": Entry(size: .ingest, advice: "Split the yields into several imports (CSV: each with the header row); a later import of a region, crop and year replaces it."),
        "POST /api/v1/food/yield-forecast": Entry(size: .json, advice: "A yield history is one CSV row per year; send the rows of one region and crop."),
        "POST /api/v1/carbon/recommendations/refresh": Entry(size: .none, advice: "Its parameters go in the query string (organization, days)."),
    ]

    /// The limit of every route not in `table`.
    static let ordinary = Entry(size: .json, advice: "No request of this kind needs that much; observations go to POST /api/v1/observations (JSON, NDJSON or CSV, streamed).")

    /// `maxRequestBytes`.
    let jsonBytes: Int
    /// `maxIngestBytes`.
    let ingestBytes: Int
    /// `maxEntryBytes`.
    let entryBytes: Int

    init(configuration: EcoConfiguration) {
        jsonBytes = configuration.maxRequestBytes
        ingestBytes = configuration.maxIngestBytes
        entryBytes = configuration.maxEntryBytes
    }

    /// The limit of `route`, resolved against the configuration.
    func limit(for route: RouteDescription) -> BodyLimit {
        let entry = Self.table[route.description] ?? Self.ordinary
        return BodyLimit(route: route.description, bytes: bytes(of: entry.size), advice: entry.advice)
    }

    func bytes(of size: Size) -> Int {
        switch size {
        case .json: jsonBytes
        case .ingest: ingestBytes
        case .entry: entryBytes + jsonBytes
        case let .bytes(count): count
        case .none: 0
        }
    }
}

/// One route's body limit: what `AppRequestContext.maxUploadSize` answers on that route.
struct BodyLimit: Sendable {
    /// `POST /api/v1/alerts/rules`, for the message.
    var route: String
    var bytes: Int
    /// What to do instead of sending a larger body.
    var advice: String

    /// Before the router has matched a route (nothing reads a body there): the default of `maxRequestBytes`.
    static let unmatched = BodyLimit(route: "this endpoint", bytes: EcoConfiguration().maxRequestBytes, advice: BodyLimits.ordinary.advice)

    /// The 413 problem: the limit in words and bytes (also as `limit`), then `note` and the advice.
    func problem(note: String? = nil, extensions: [String: JSONValue] = [:]) -> Problem {
        var detail = bytes == 0 ? "\(route) takes no request body (a limit of 0 bytes)."
            : "The request body is larger than the limit of \(Self.words(bytes)) for \(route)."
        if let note { detail += " " + note }
        detail += " " + advice
        return Problem(.contentTooLarge, detail: detail, extensions: extensions.merging(["limit": .number(Double(bytes))]) { given, _ in given })
    }

    /// Runs `handler` under the limit: a declared `Content-Length` over it is refused before the body is
    /// read, and a handler whose reading stops at the limit (Hummingbird's `collect(upTo:)` throws
    /// `NIOTooManyBytesError`, an `HTTPResponseError` with status 413) answers the same problem.
    func enforce(_ request: Request, _ handler: () async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > bytes {
            throw problem(note: "It declares \(declared) bytes.")
        }
        if bytes == 0, request.headers[.transferEncoding] != nil { throw problem() }
        do {
            return try await handler()
        } catch let error as any HTTPResponseError where !(error is Problem) && error.status == .contentTooLarge {
            throw problem()
        }
    }

    /// `1 MiB (1048576 bytes)`, `64 KiB (65536 bytes)`, or `1500 bytes`.
    static func words(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB (\(bytes) bytes)" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB (\(bytes) bytes)" }
        return "\(bytes) bytes"
    }
}
