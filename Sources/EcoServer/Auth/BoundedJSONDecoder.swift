import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// Decodes JSON request bodies after one cheap pass that refuses deep nesting and very long
/// strings, so a hostile body cannot make the decoder recurse deeply or build huge values.
/// The body is read up to the context's `maxUploadSize`: the route's limit in `BodyLimits`.
public struct BoundedJSONDecoder: RequestDecoder {
    public var maxDepth = 32
    public var maxStringBytes = 64 * 1024

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer.readableBytesView)
        try check(data)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            // Named here, as ProblemMiddleware names it for other decoders: Hummingbird's own wording for a
            // bad value ("not valid input: Cannot initialize Role…") does not say which field.
            throw DecodingErrorText.problem(error)
        }
    }

    /// Throws a 400 problem when `bytes` nest deeper than `maxDepth` or hold a longer string.
    func check(_ bytes: Data) throws {
        var depth = 0
        var inString = false
        var escaped = false
        var stringBytes = 0
        for byte in bytes {
            if inString {
                stringBytes += 1
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                if stringBytes > maxStringBytes {
                    throw Problem.badRequest("The JSON body holds a string longer than \(maxStringBytes) bytes; no field accepts that much.")
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringBytes = 0
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maxDepth { throw Problem.badRequest("The JSON body nests deeper than \(maxDepth) levels; no request needs that.") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
        }
    }
}
