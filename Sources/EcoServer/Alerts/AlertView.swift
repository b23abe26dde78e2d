import EcoCore
import EcoStore
import Foundation

/// An alert as the API, the live streams and webhooks show it: the specification's Alert (id,
/// alertType, domain, severity, title, description, h3Index, geometry, validFrom, validUntil,
/// metadata) plus its lifecycle (status, flapping, acknowledgement).
struct AlertView: Codable, Sendable, Equatable {
    var id: String
    var alertType: String
    var domain: String
    var severity: String
    var title: String
    var description: String
    var h3Index: String?
    var geometry: JSONValue?
    var validFrom: String
    var validUntil: String?
    var metadata: JSONValue
    var status: String
    var isFlapping: Bool
    var createdAt: String
    var updatedAt: String
    var acknowledgedBy: String?
    var acknowledgedAt: String?
    /// Owner of restricted data; absent for public alerts.
    var organization: String?

    init(_ alert: AlertRecord) {
        id = alert.id
        alertType = alert.alertType
        domain = alert.domain
        severity = alert.severity
        title = alert.title
        description = alert.description
        h3Index = alert.h3Index
        geometry = alert.geometryJSON.flatMap(JSONValue.parse)
        validFrom = Timestamp.format(ms: alert.validFromMs)
        validUntil = alert.validUntilMs.map { Timestamp.format(ms: $0) }
        metadata = JSONValue.parse(alert.metadataJSON) ?? .object([:])
        status = alert.status.rawValue
        isFlapping = alert.isFlapping
        createdAt = Timestamp.format(ms: alert.createdAtMs)
        updatedAt = Timestamp.format(ms: alert.updatedAtMs)
        acknowledgedBy = alert.acknowledgedBy
        acknowledgedAt = alert.acknowledgedAtMs.map { Timestamp.format(ms: $0) }
        organization = alert.organization.isEmpty ? nil : alert.organization
    }

    /// The view as compact JSON with sorted keys: the payload of alert events and webhooks.
    var json: String { (try? JSONResponse.text(of: self)) ?? "{}" }
}
