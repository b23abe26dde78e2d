import EcoCore
import EcoStore
import Foundation

/// Which events a webhook wants: its topics, and where set, the alert's domain and severity
/// (read from the payload's `domain`/`severity` members, or those of a nested `alert` object).
struct WebhookEventFilter: Sendable {
    let topics: Set<String>
    let domains: Set<String>?
    let severities: Set<String>?

    init(_ webhook: WebhookRecord) {
        topics = Set(webhook.topics)
        domains = webhook.domains.map(Set.init)
        severities = webhook.severities.map(Set.init)
    }

    /// Whether `event` is delivered; an event without the filtered field does not match.
    func matches(_ event: DomainEvent) -> Bool {
        guard topics.contains(event.topic) else { return false }
        if domains == nil && severities == nil { return true }
        guard let object = try? JSONSerialization.jsonObject(with: Data(event.payloadJSON.utf8)) as? [String: Any] else { return false }
        let alert = object["alert"] as? [String: Any] ?? object
        if let domains, !domains.contains(alert["domain"] as? String ?? "") { return false }
        if let severities, !severities.contains(alert["severity"] as? String ?? "") { return false }
        return true
    }
}
