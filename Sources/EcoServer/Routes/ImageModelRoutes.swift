import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// ONNX image models in the registry (issue #18).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/models/{name}/versions | manage:models | register an .onnx file as the next version: multipart (`metadata` JSON, then `model`) or the raw file with the declaration in the query |
/// | POST | /api/v1/models/{name}/predict | run:analysis | classify (or regress) an image with an ONNX image model or a trained image head: image/jpeg or image/png body, multipart `image` parts, or JSON `{"entry": ID}` |
struct ImageModelRoutes {
    let services: AppServices

    /// Largest .onnx upload (VGG16-BN is 550 MB).
    static let maxModelBytes = 1 << 30
    /// Largest prediction request: a few images of at most `ImageModels.maxImageBytes` each.
    static let maxPredictBytes = 64 << 20

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/models/:name/versions", .manageModels, use: registerVersion)
        group.post("/models/:name/predict", .runAnalysis, use: predict)
    }

    private var imageModels: ImageModels { services.platform.imageModels }

    // MARK: Registration

    @Sendable func registerVersion(request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let contentType = (request.headers[.contentType] ?? "").lowercased()
        let declaration: ImageModelDeclaration
        let bytes: [UInt8]
        do {
            if contentType.hasPrefix("multipart/") {
                (declaration, bytes) = try await Self.readMultipartModel(request, contentType: contentType, limit: context.bodyLimit.bytes)
            } else if contentType.hasPrefix("application/octet-stream") || contentType.hasPrefix("application/onnx") {
                declaration = try ImageModelDeclaration(flat: QueryParameters(request, context: context).values)
                bytes = Array(try await request.body.collect(upTo: context.bodyLimit.bytes).readableBytesView)
            } else {
                throw Problem(.unsupportedMediaType, detail: "Send multipart/form-data (a 'metadata' JSON part, then a 'model' part with the .onnx file) "
                    + "or the .onnx file as application/octet-stream with task, labels and inputSize in the query; got '\(contentType)'.")
            }
            let version = try await imageModels.register(name: name, spec: try declaration.spec(), onnx: bytes, metricsJSON: try declaration.metricsJSON())
            var response = try JSONResponse.make(ModelRoutes.VersionDTO(version), status: .created)
            response.headers[.location] = "/api/v1/models/\(name)/info"
            return response
        } catch let error as ImageModelError {
            throw Self.problem(error)
        } catch let error as MultipartError {
            throw Problem.badRequest(error.description)
        }
    }

    /// The `metadata` part (JSON) and the `model` part (the .onnx bytes), in that order or the other.
    static func readMultipartModel(_ request: Request, contentType: String, limit: Int) async throws -> (ImageModelDeclaration, [UInt8]) {
        let boundary = try MultipartReader<RequestBody>.boundary(contentType: contentType).get()
        let reader = MultipartReader(boundary: boundary, body: request.body)
        var declaration: ImageModelDeclaration?
        var model: [UInt8]?
        while let part = try await reader.nextPart() {
            guard part.name == "metadata" || part.name == "model" else { continue }
            var bytes: [UInt8] = []
            while let chunk = try await reader.nextChunk() {
                bytes += chunk
                guard bytes.count <= limit else { throw ImageModelError.tooLarge(limit: Int64(limit)) }
            }
            if part.name == "model" { model = bytes; continue }
            do { declaration = try JSONDecoder().decode(ImageModelDeclaration.self, from: Data(bytes)) } catch let error as DecodingError {
                throw Problem.badRequest("The metadata part is not the expected JSON object: \(DecodingErrorText.describe(error)).")
            }
        }
        guard let declaration else {
            throw Problem.badRequest("The multipart body has no 'metadata' part: send {\"task\": …, \"labels\": […], \"preprocessing\": {\"inputSize\": …}} as JSON.")
        }
        guard let model, !model.isEmpty else { throw Problem.badRequest("The multipart body has no 'model' part (or it is empty): send the .onnx file in it.") }
        return (declaration, model)
    }

    // MARK: Prediction

    struct EntryRequest: Decodable { var entry: String }

    struct PredictionDTO: Encodable, Sendable {
        var model: String
        var version: Int
        var stage: String
        var task: String
        var entry: String?
        var predictions: [ImagePrediction]
    }

    @Sendable func predict(request: Request, context: AppRequestContext) async throws -> Response {
        let reference = try context.parameters.require("name")
        let parameters = QueryParameters(request, context: context)
        let topK = try parameters.int("top", default: 5, range: 1...1000)
        let contentType = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        do {
            var images: [[UInt8]] = []
            var entryID: String?
            if ImageModels.imageContentTypes.contains(contentType) {
                images = [try await Self.collect(request.body, limit: imageModels.maxImageBytes)]
            } else if contentType.hasPrefix("multipart/") {
                images = try await Self.readImageParts(request, contentType: request.headers[.contentType] ?? "", limit: imageModels.maxImageBytes)
            } else if contentType == "application/json" {
                let body = try await request.decode(as: EntryRequest.self, context: context)
                let entry = try await services.platform.entries.entry(id: body.entry)
                images = [try await imageModels.imageBytes(of: entry)]
                entryID = entry.id
            } else {
                throw ImageModelError.unsupportedContentType("Send the image as image/jpeg or image/png, several as multipart/form-data 'image' parts, "
                    + "or {\"entry\": \"ID\"} as application/json to classify a stored entry; got '\(contentType.isEmpty ? "no content type" : contentType)'.")
            }
            let started = ContinuousClock.now
            let outcome = try await imageModels.predictAnyKind(reference, images: images, topK: topK)
            services.metrics.inference(model: outcome.version.name, rows: images.count, seconds: (ContinuousClock.now - started).seconds)
            return try JSONResponse.make(PredictionDTO(model: outcome.version.name, version: outcome.version.version, stage: outcome.version.stage.rawValue,
                                                       task: outcome.task, entry: entryID, predictions: outcome.predictions))
        } catch let error as ImageModelError {
            throw Self.problem(error)
        } catch let error as MultipartError {
            throw Problem.badRequest(error.description)
        }
    }

    /// The parts named `image` (JPEG or PNG), each at most `limit` bytes; at least one.
    static func readImageParts(_ request: Request, contentType: String, limit: Int) async throws -> [[UInt8]] {
        let boundary = try MultipartReader<RequestBody>.boundary(contentType: contentType).get()
        let reader = MultipartReader(boundary: boundary, body: request.body)
        var images: [[UInt8]] = []
        while let part = try await reader.nextPart() {
            guard part.name == "image" else { continue }
            let type = part.contentType.lowercased()
            guard ImageModels.imageContentTypes.contains(type) else {
                throw ImageModelError.unsupportedContentType("Image part \(images.count + 1) is '\(type)'; image models read image/jpeg and image/png.")
            }
            var bytes: [UInt8] = []
            while let chunk = try await reader.nextChunk() {
                bytes += chunk
                guard bytes.count <= limit else { throw ImageModelError.tooLarge(limit: Int64(limit)) }
            }
            images.append(bytes)
        }
        guard !images.isEmpty else { throw Problem.badRequest("The multipart body has no 'image' part; send each image in a part named 'image'.") }
        return images
    }

    static func collect(_ body: RequestBody, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in body {
            bytes += buffer.readableBytesView
            guard bytes.count <= limit else { throw ImageModelError.tooLarge(limit: Int64(limit)) }
        }
        guard !bytes.isEmpty else { throw ImageModelError.unreadableImage("The request body is empty; send the image's bytes.") }
        return bytes
    }

    static func problem(_ error: ImageModelError) -> Problem {
        switch error {
        case .unsupportedOperators:
            Problem(.unprocessableContent, title: "Unsupported ONNX operators", detail: error.description,
                    extensions: ["missing": .array(error.missing.map(JSONValue.string))])
        case .unreadableModel, .shapeMismatch, .wrongKind, .unreadableImage, .entryUnusable: Problem(.unprocessableContent, detail: error.description)
        case .unsupportedContentType: Problem(.unsupportedMediaType, detail: error.description)
        case let .tooLarge(limit): Problem(.contentTooLarge, detail: error.description, extensions: ["limit": .number(Double(limit))])
        case .noObjectStorage: Problem(.serviceUnavailable, detail: error.description)
        }
    }
}
