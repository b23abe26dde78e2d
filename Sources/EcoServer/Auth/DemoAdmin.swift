import EcoCore
import EcoPipeline
import EcoStore
import Foundation

/// The demo's administrator: `serve --demo` makes sure it exists and hands out a fresh key at
/// every start (keys are shown once, so an old one cannot be printed again).
public enum DemoAdmin {
    public static let email = "demo-admin@ecotrack.local"

    /// A new API key of the demo admin, creating the user on first start.
    public static func key(services: AppServices) async throws -> String {
        let accounts = services.access.accounts
        let now = services.clock.now
        if let user = try await services.store.user(email: email) {
            return try await accounts.createKey(for: user.id, name: "demo \(Int(now.timeIntervalSince1970))", expiresAt: nil, now: now).0.key
        }
        return try await accounts.createUser(email: email, role: .admin, organization: "EcoTrack demo", tier: .institutional,
                                             keyName: "demo", now: now).key.key
    }
}
