import EcoCarbon
import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// Whose carbon data a request is about, and the parameters every carbon route shares.
///
/// Carbon data belongs to organizations (docs/security.md, row-level scope): admins name any with
/// `?organization=` (default: their own); everyone else reads and writes their own organization's
/// only. With `--demo`, callers without an organization (anonymous readers included) see the demo's.
struct CarbonScope {
    let services: AppServices
    let request: Request
    let context: AppRequestContext
    let parameters: QueryParameters

    init(_ services: AppServices, _ request: Request, _ context: AppRequestContext) {
        self.services = services
        self.request = request
        self.context = context
        parameters = QueryParameters(request, context: context)
    }

    private var identity: Identity? { context.identity }
    private var isAdmin: Bool { identity?.permissions.contains(.adminAll) == true }
    private var own: String? { identity?.user?.organization.flatMap { $0.isEmpty ? nil : $0 } }

    /// The organization the request is about.
    func organization() throws -> String {
        let requested = parameters.string("organization")
        if isAdmin, let name = requested ?? own ?? (services.configuration.demo ? CarbonDemo.organization : nil) { return name }
        if isAdmin {
            throw Problem.badRequest("Name the organization with ?organization=…; your account has none of its own.")
        }
        if let own {
            if let requested, requested != own {
                throw Problem(.forbidden, detail: "You may use the carbon data of \(own) only, not of '\(requested)'.")
            }
            return own
        }
        if services.configuration.demo, requested == nil || requested == CarbonDemo.organization { return CarbonDemo.organization }
        throw Problem.badRequest(identity == nil
            ? "Carbon data belongs to organizations; send the API key of a user of one."
            : "Your account belongs to no organization, so it has no carbon data; ask an admin to set your organization.")
    }

    /// Who is writing, and which organizations' activities they may write (admins: any).
    var caller: CarbonCaller {
        let organizations: Set<String>? = isAdmin ? nil : own.map { [$0] } ?? (services.configuration.demo ? [CarbonDemo.organization] : [])
        return CarbonCaller(actor: identity?.actor ?? "anonymous", email: identity?.user?.email, clientIP: context.auth.clientIP,
                            organizations: organizations)
    }

    /// Organizations whose records the caller may see by id (nil: all).
    var readable: Set<String>? {
        if isAdmin { return nil }
        return (try? organization()).map { [$0] } ?? []
    }

    /// `from`/`to` (default: the `defaultDays` before now).
    func window(defaultDays: Int) throws -> CarbonWindow {
        try CarbonWindow.resolve(from: try parameters.time("from"), to: try parameters.time("to"), defaultDays: defaultDays,
                                 nowMs: services.clock.nowMs())
    }

    /// `gwp=AR4|AR5|AR6`, nil for the organization's setting.
    func gwp() throws -> GWPBasis? {
        try parameters.string("gwp").map { try CarbonSettingsService.basis($0) }
    }

    /// `name=choice` from `T`'s cases, nil when absent.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = parameters.string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw Problem.badRequest("'\(name)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'.")
        }
        return value
    }

    /// The body, at most the route's limit (`BodyLimits`; past it the registrar answers 413 with the limit).
    func body() async throws -> [UInt8] {
        Array(try await request.body.collect(upTo: context.bodyLimit.bytes).readableBytesView)
    }

    /// A small JSON body (at most 1 MB, bounded depth), or `{}` when the request has none.
    func json() async throws -> JSONValue {
        let bytes = try await body()
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([:]) }
        try BoundedJSONDecoder().check(Data(bytes))
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw Problem.badRequest("The body is not valid JSON; send a JSON object.")
        }
        return value
    }

    /// A JSON body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) async throws -> T {
        let bytes = try await body()
        try BoundedJSONDecoder().check(Data(bytes))
        return try JSONDecoder().decode(T.self, from: Data(bytes))
    }
}
