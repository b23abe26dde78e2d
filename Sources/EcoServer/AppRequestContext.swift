import Hummingbird
import Logging

/// Per-request state of EcoTrack's router.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Ordinary JSON bodies are small; ingest streams its body and applies its own limit.
    public var maxUploadSize: Int { 1024 * 1024 }
}
