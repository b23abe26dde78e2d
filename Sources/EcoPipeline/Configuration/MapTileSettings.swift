import Foundation

/// Raster tiles the dashboard draws under its map (issue #16): a URL template of Web Mercator tiles in the
/// usual `{z}/{x}/{y}` scheme (e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`). One host only, since
/// its origin is the one image source the Content-Security-Policy adds to the server's own.
public struct MapTileSettings: Sendable, Equatable {
    /// The template as given, with `{z}`, `{x}` and `{y}`.
    public let urlTemplate: String
    /// `scheme://host[:port]` of the template, lowercased.
    public let origin: String
    /// The host, for the attribution shown when none is configured.
    public let host: String

    /// Checks the template: http(s), a host, no credentials, and all three placeholders.
    public init(urlTemplate: String) throws {
        func refuse(_ why: String) -> ConfigurationError {
            ConfigurationError("mapTiles \(why), e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; got '\(urlTemplate)'.")
        }
        if urlTemplate.contains("{s}") { throw refuse("must name one host ({s} subdomains are not supported: the page may load images from one tile origin only)") }
        guard ["{z}", "{x}", "{y}"].allSatisfy(urlTemplate.contains) else { throw refuse("must contain {z}, {x} and {y}") }
        let sample = urlTemplate.replacingOccurrences(of: "{z}", with: "0").replacingOccurrences(of: "{x}", with: "0").replacingOccurrences(of: "{y}", with: "0")
        guard let url = URLComponents(string: sample), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host?.lowercased(), !host.isEmpty else {
            throw refuse("must be an http(s) URL with a host")
        }
        guard url.user == nil, url.password == nil else { throw refuse("must not carry a user name or password") }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        self.urlTemplate = urlTemplate
        self.host = host
        origin = "\(scheme)://\(bracketed)" + (url.port.map { ":\($0)" } ?? "")
    }
}
