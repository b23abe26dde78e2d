import EcoCore
import EcoStore
import Foundation

/// The URLs webhooks may call: the operator's `webhookAllowList` of URL prefixes
/// (`ECOTRACK_WEBHOOK_ALLOW=http://127.0.0.1:9000/,https://hooks.example.org/`). Empty allows none,
/// so a server never makes outbound calls unless its operator said where to.
///
/// A URL is allowed when it starts with a prefix (compared case-insensitively) at a boundary: a
/// prefix that ends without `/` must be followed by `/`, `?` or the end of the URL, so
/// `https://hooks.example.org` does not allow `https://hooks.example.org.evil.test/`. URLs with
/// credentials, fragments or `.`/`..` path segments are refused, since they could make a prefix
/// mean something else than it says.
public struct WebhookAllowList: Sendable, Equatable {
    public var prefixes: [String]

    public init(_ prefixes: [String]) { self.prefixes = prefixes }

    /// Nil when `url` may be called; else a sentence saying why not and how to fix it.
    public func rejection(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            return "'url' must be an absolute http:// or https:// URL with a host, e.g. https://hooks.example.org/ecotrack."
        }
        if components.user != nil || components.password != nil {
            return "'url' must not contain credentials (user:password@); authenticate the receiver with the signature instead."
        }
        if components.fragment != nil { return "'url' must not contain a #fragment." }
        if components.path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) {
            return "'url' must not contain '.' or '..' path segments; send the resolved path."
        }
        if prefixes.isEmpty {
            return "Webhooks are disabled on this server: no URL is allowed. An operator allows URL prefixes with "
                + "ECOTRACK_WEBHOOK_ALLOW (comma-separated, e.g. ECOTRACK_WEBHOOK_ALLOW=https://hooks.example.org/) "
                + "or webhookAllowList in ecotrack.yaml, then restarts the server."
        }
        if prefixes.contains(where: { Self.matches(url, prefix: $0) }) { return nil }
        return "'\(url)' is not in the webhook allow list (\(prefixes.joined(separator: ", "))). Use a URL that starts with one of "
            + "these, or ask an operator to add its prefix to ECOTRACK_WEBHOOK_ALLOW (or webhookAllowList in ecotrack.yaml)."
    }

    /// Whether `prefix` can be an allow-list entry: an http(s) URL with a host (a path is optional).
    public static func isValidPrefix(_ prefix: String) -> Bool {
        guard let components = URLComponents(string: prefix), let scheme = components.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && !(components.host ?? "").isEmpty && components.user == nil
    }

    /// Whether `url` may be called.
    public func allows(_ url: String) -> Bool { rejection(of: url) == nil }

    private static func matches(_ url: String, prefix: String) -> Bool {
        let url = Array(url.lowercased().utf8)
        let prefix = Array(prefix.lowercased().utf8)
        guard !prefix.isEmpty, url.starts(with: prefix) else { return false }
        if prefix.last == UInt8(ascii: "/") || url.count == prefix.count { return true }
        let next = url[prefix.count]
        return next == UInt8(ascii: "/") || next == UInt8(ascii: "?")
    }
}
