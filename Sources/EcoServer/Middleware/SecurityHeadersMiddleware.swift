import EcoCore
import EcoPipeline
import Hummingbird

/// Headers that make browsers treat EcoTrack's responses safely, on every response including
/// errors (install it outside `ProblemMiddleware`), and a cap on the total size of request headers.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The headers added to every response, built once (field names parsed, storage allocated).
    let fields: HTTPFields
    /// Largest accepted total of header names and values, in bytes.
    var maxHeaderBytes = 16 * 1024

    /// - Parameters:
    ///   - hsts: send HSTS (only when a TLS proxy fronts the server: browsers ignore it over plain HTTP anyway).
    ///   - imageOrigin: one more origin pages may load images from (the configured map tiles'), beside their own.
    init(hsts: Bool, imageOrigin: String? = nil) {
        fields = SecurityHeaders.fields(hsts: hsts, imageOrigin: imageOrigin)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        guard headerBytes <= maxHeaderBytes else {
            throw Problem(.requestHeaderFieldsTooLarge,
                          detail: "The request headers total \(headerBytes) bytes; the limit is \(maxHeaderBytes). Send fewer or shorter headers.",
                          headers: fields)
        }
        // Installed outside ProblemMiddleware, so errors arrive here as responses already.
        var response = try await next(request, context)
        for field in fields where response.headers[field.name] == nil { response.headers.append(field) }
        return response
    }
}

/// The security headers.
enum SecurityHeaders {
    /// The API serves JSON; the dashboard shell loads its own scripts and styles only, and images from
    /// itself, `data:` URLs and `imageOrigin` when one is given.
    static func fields(hsts: Bool, imageOrigin: String?) -> HTTPFields {
        let images = ["'self'", "data:"] + (imageOrigin.map { [$0] } ?? [])
        var fields: HTTPFields = [
            .contentSecurityPolicy: "default-src 'self'; img-src \(images.joined(separator: " ")); object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
            .xContentTypeOptions: "nosniff",
            .init("Referrer-Policy")!: "no-referrer",
            .init("X-Frame-Options")!: "DENY",
            .init("Cross-Origin-Opener-Policy")!: "same-origin",
        ]
        if hsts { fields[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return fields
    }
}
