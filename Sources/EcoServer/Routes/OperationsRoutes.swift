import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// Liveness, readiness, metrics and the API contract.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /healthz | the process is alive |
/// | GET | /readyz | the store answers and its migrations are applied |
/// | GET | /metrics | Prometheus text format |
/// | GET | /openapi.json | the OpenAPI 3.1 document of every route |
struct OperationsRoutes {
    let services: AppServices
    let openAPI: [UInt8]

    func register(on router: RouteRegistrar<Router<AppRequestContext>>) {
        // Built once: liveness is polled by every probe and load balancer, and its answer never changes.
        let alive = JSONResponse.text(#"{"status":"ok"}"#, contentType: "application/json")
        router.get("/healthz", .anonymous) { _, _ in alive }
        router.get("/readyz", .anonymous) { _, _ in
            let ready = await services.store.isReady()
            return try JSONResponse.make(["status": ready ? "ready" : "unavailable"], status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics", .readMetrics) { _, _ in
            JSONResponse.text(services.metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        let document = openAPI
        router.get("/openapi.json", .anonymous) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }
}
