import EcoCore
import EcoPipeline
import Hummingbird

/// Headers that make browsers treat EcoTrack's responses safely, on every response including
/// errors (install it outside `ProblemMiddleware`), and a cap on the total size of request headers.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Send HSTS (only when a TLS proxy fronts the server: browsers ignore it over plain HTTP anyway).
    var hsts: Bool
    /// Largest accepted total of header names and values, in bytes.
    var maxHeaderBytes = 16 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let extra = hsts ? SecurityHeaders.withHSTS : SecurityHeaders.standard
        let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        guard headerBytes <= maxHeaderBytes else {
            throw Problem(.requestHeaderFieldsTooLarge,
                          detail: "The request headers total \(headerBytes) bytes; the limit is \(maxHeaderBytes). Send fewer or shorter headers.",
                          headers: extra)
        }
        // Installed outside ProblemMiddleware, so errors arrive here as responses already.
        var response = try await next(request, context)
        for field in extra where response.headers[field.name] == nil { response.headers.append(field) }
        return response
    }
}

/// The security headers, built once (field names parsed, storage allocated) rather than per response.
enum SecurityHeaders {
    static let standard: HTTPFields = [
        // The API serves JSON; the dashboard shell loads its own scripts and styles only.
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        .xContentTypeOptions: "nosniff",
        .init("Referrer-Policy")!: "no-referrer",
        .init("X-Frame-Options")!: "DENY",
        .init("Cross-Origin-Opener-Policy")!: "same-origin",
    ]
    static let withHSTS: HTTPFields = {
        var fields = standard
        fields[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        return fields
    }()
}
