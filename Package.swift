// swift-tools-version:6.1
import PackageDescription

// Targets by capability; imports point down only (see README "Architecture" and shared/ARCHITECTURE.md):
//
//   ecotrack (executable) ── EcoServer (HTTP) ── EcoPipeline (services, no HTTP) ── EcoStore (ports)
//        └── EcoStoreFactory (store URL → adapter) ── EcoStoreSQLite, EcoStorePostgres        └── EcoCore ── H3
//   Science is pure Swift over arrays and values: EcoAnalytics, EcoForecast, EcoML (EcoTime, EcoRandom).
//   Files: EcoObjectStorageFactory (setting → store) ── EcoObjectStorage (filesystem), EcoObjectStorageS3 ── EcoStore.
//   Images: EcoImage (PNG/JPEG decoding) and EcoONNX (ONNX models on CPU) are pure too.
//   Benchmarks (`ecotrack-bench`) and test support are targets of their own, never part of `ecotrack`.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// EcoONNX is compiled optimised even in debug builds (full-size parity runs in seconds, not minutes) and, on
// x86-64, for a CPU with AVX2 + FMA (8-wide SIMD and fused multiply-add in the GEMM): Haswell-class by default,
// which every x86 server CPU since 2013 is. ECOTRACK_CPU=skylake-avx512 (or icelake-server, sapphirerapids,
// znver4 …) builds the 16-wide AVX-512 GEMM tile instead; the binary then needs such a CPU. ECOTRACK_PORTABLE=1
// builds for baseline x86-64 (SSE2 only; slow but runs anywhere).
import Foundation
let environment = ProcessInfo.processInfo.environment
let onnxTargetCPU = environment["ECOTRACK_CPU"] ?? "haswell"
let avx512CPUs: Set<String> = ["skylake-avx512", "skx", "cascadelake", "cooperlake", "icelake-client", "icelake-server", "tigerlake",
                               "rocketlake", "sapphirerapids", "emeraldrapids", "graniterapids", "znver4", "znver5"]
#if arch(x86_64)
let onnxCPU: [String] = environment["ECOTRACK_PORTABLE"] == "1" ? [] :
    ["-target-cpu", onnxTargetCPU] + (avx512CPUs.contains(onnxTargetCPU) ? ["-DECOTRACK_AVX512"] : [])
#else
let onnxCPU: [String] = []
#endif
let onnxSpeed: [SwiftSetting] = [.unsafeFlags(["-O"] + onnxCPU)]

let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let tracing = Target.Dependency.product(name: "Tracing", package: "swift-distributed-tracing")

let package = Package(
    name: "EcoTrack",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecotrack", targets: ["ecotrack"]),
        // Built only when asked (`swift build -c release --product ecotrack-bench`); `ecotrack bench …` runs it.
        .executable(name: "ecotrack-bench", targets: ["EcoBench"]),
        .library(name: "H3", targets: ["H3"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // Issue #4 (auth): bcrypt for passwords, JWTs for sessions, SHA-256 for API key hashes.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.2.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // Issue #5 (alerts): live alert streams over WebSocket.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        // Issue #16 (dashboard): gzip of the static files, through zlib; already in the graph via hummingbird-websocket.
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // Issue #15 (scale out): the PostgreSQL adapter; only EcoStorePostgres links it (and what opens it: the factory).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Issue #18 (object storage): the S3-compatible store speaks HTTP through async-http-client; only
        // EcoObjectStorageS3 links it (and what opens it: EcoObjectStorageFactory). swift-nio is already in the
        // graph; it is named for the ByteBuffer and HTTP types the adapter uses.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Issue #15: `ecotrack worker`'s health and metrics listener (EcoHealthListener); already in the graph via Hummingbird.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        // Issue #15 (tracing): the Tracer/Span API and ServiceContext; already in the graph via Hummingbird. Spans go out
        // through our own OTLP/HTTP JSON exporter, not swift-otel (gRPC and protobuf; docs/deployment.md, "Tracing").
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // Foundations and pure science.
        .target(name: "H3", swiftSettings: strict),
        .target(name: "EcoTime", swiftSettings: strict),
        .target(name: "EcoRandom", swiftSettings: strict),
        .target(name: "EcoCore", dependencies: ["H3", "EcoTime"], swiftSettings: strict),
        .target(name: "EcoAnalytics", dependencies: ["EcoCore", "EcoTime", "EcoRandom"], swiftSettings: strict),
        .target(name: "EcoForecast", dependencies: ["EcoTime", "EcoRandom"], swiftSettings: strict),
        .target(name: "EcoML", dependencies: ["EcoRandom"], swiftSettings: strict),
        // Issue #18: PNG and JPEG decoding and classifier preprocessing in pure Swift (bytes in, pixels out; no C library).
        .target(name: "EcoImage", swiftSettings: strict),
        // Issue #18: ONNX image models on CPU (own protobuf reader, operators, SIMD GEMM); pure, no I/O.
        .target(name: "EcoONNX", swiftSettings: strict + onnxSpeed),
        // Issue #14: carbon accounting with provenance, quality, gap filling, what-if (pure, no I/O).
        .target(
            name: "EcoCarbon", dependencies: ["EcoCore", "EcoTime", "EcoML", "EcoRandom"],
            resources: [.copy("Resources/default-factors.csv"), .copy("Resources/gwp100.csv")], swiftSettings: strict),

        // Storage: ports, adapters, the factory that picks one from a URL, and the contract every adapter passes.
        .target(name: "EcoStore", dependencies: ["EcoCore"], swiftSettings: strict),
        .target(
            name: "EcoStoreSQLite",
            dependencies: ["EcoStore", "EcoCore", "H3", .product(name: "SQLiteNIO", package: "sqlite-nio"), logging],
            swiftSettings: strict
        ),
        .target(
            name: "EcoStorePostgres",
            dependencies: ["EcoStore", "EcoCore", "EcoTime", "H3", .product(name: "PostgresNIO", package: "postgres-nio"), logging],
            swiftSettings: strict
        ),
        .target(name: "EcoStoreFactory", dependencies: ["EcoStore", "EcoStoreSQLite", "EcoStorePostgres"], swiftSettings: strict),
        .target(name: "EcoStoreTesting", dependencies: ["EcoStore", "EcoCore", "H3"], swiftSettings: strict),
        // Issue #18: files (entry uploads, model artefacts) in content-addressed object storage; the filesystem adapter.
        .target(name: "EcoObjectStorage", dependencies: ["EcoStore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // The S3-compatible adapter (our own SigV4 signer) and the one function that opens either store from an `object_store` setting.
        .target(
            name: "EcoObjectStorageS3",
            dependencies: [
                "EcoStore", "EcoObjectStorage", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(name: "EcoObjectStorageFactory", dependencies: ["EcoStore", "EcoObjectStorage", "EcoObjectStorageS3", "EcoStoreFactory"], swiftSettings: strict),

        // Application services (no HTTP): ingest, detection, alerts, queries, forecasts, jobs, webhooks, demo.
        .target(
            name: "EcoPipeline",
            dependencies: [
                "EcoCore", "EcoStore", "EcoAnalytics", "EcoForecast", "EcoML", "EcoCarbon", "EcoRandom", "H3", logging, lifecycle, tracing,
                // Issue #18: ONNX image models (registration, prediction, entry classification).
                "EcoONNX", "EcoImage",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // The HTTP layer: routes, middleware, auth, streams, problems, OpenAPI.
        .target(
            name: "EcoServer",
            dependencies: [
                "EcoPipeline", "EcoCore", "EcoStore", "EcoAnalytics", "EcoForecast", "EcoML", "EcoCarbon", "H3", logging, lifecycle, tracing,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            // Web/: the dashboard's own pages, modules and styles (issue #16), served with hashed names.
            resources: [.copy("OpenAPI"), .copy("Web")],
            swiftSettings: strict
        ),
        // `ecotrack worker`'s /healthz, /readyz and /metrics: plain NIO, no router, no HTTP framework.
        .target(
            name: "EcoHealthListener",
            dependencies: [logging, lifecycle, .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ecotrack",
            dependencies: [
                "EcoServer", "EcoPipeline", "EcoStoreFactory", "EcoObjectStorageFactory", "EcoCore", "EcoStore", "EcoAnalytics", "EcoForecast", "EcoML", "EcoONNX", "H3", logging, lifecycle,
                "EcoHealthListener", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Issue #18: `entries upload` hashes files to skip those already stored.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // Benchmarks and test support: never linked into `ecotrack`.
        // EcoTestSupport: loopback clients, sample bodies, and small ONNX models and images for tests (issue #18).
        .target(name: "EcoTestSupport", dependencies: ["EcoCore", "EcoONNX"], swiftSettings: strict),
        .executableTarget(
            name: "EcoBench",
            dependencies: [
                "EcoServer", "EcoPipeline", "EcoStoreFactory", "EcoObjectStorageFactory", "EcoStore", "EcoStoreSQLite", "EcoStorePostgres", "EcoTestSupport",
                "EcoCore", "EcoAnalytics", "EcoForecast", "EcoML", "EcoCarbon", "EcoRandom", "EcoImage", "EcoONNX", "H3", logging,
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "H3Tests", dependencies: ["H3"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoCoreTests", dependencies: ["EcoCore", "EcoRandom", "EcoTestSupport"], swiftSettings: strict),
        .testTarget(name: "EcoStoreSQLiteTests", dependencies: ["EcoStoreSQLite", "EcoStoreTesting", "EcoStore", "EcoCore", "EcoRandom", "H3"],
                    swiftSettings: strict),
        .testTarget(name: "EcoStorePostgresTests", dependencies: ["EcoStorePostgres", "EcoStoreTesting", "EcoStore", "EcoCore", "H3",
                                                                  .product(name: "PostgresNIO", package: "postgres-nio")],
                    swiftSettings: strict),
        .testTarget(name: "EcoObjectStorageTests", dependencies: ["EcoObjectStorage", "EcoStoreTesting", "EcoStore"], swiftSettings: strict),
        .testTarget(
            name: "EcoObjectStorageS3Tests",
            dependencies: ["EcoObjectStorageS3", "EcoObjectStorageFactory", "EcoObjectStorage", "EcoStoreTesting", "EcoStore",
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .testTarget(name: "EcoAnalyticsTests", dependencies: ["EcoAnalytics", "EcoCore", "EcoRandom"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoForecastTests", dependencies: ["EcoForecast"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoCarbonTests", dependencies: ["EcoCarbon", "EcoCore", "EcoTime", "EcoRandom"], swiftSettings: strict),
        .testTarget(name: "EcoImageTests", dependencies: ["EcoImage"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoONNXTests", dependencies: ["EcoONNX", "EcoTestSupport"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoMLTests", dependencies: ["EcoML", "EcoRandom"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoPipelineTests", dependencies: ["EcoPipeline", "EcoStoreSQLite", "EcoObjectStorage", "EcoStoreFactory", "EcoStore", "EcoCore", "EcoAnalytics", "EcoML", "EcoRandom", "EcoCarbon",
                                                             "EcoHealthListener", "EcoTestSupport", "EcoImage", tracing],
                    swiftSettings: strict),
        .testTarget(
            name: "EcoServerTests",
            dependencies: ["EcoServer", "EcoPipeline", "EcoStore", "EcoStoreSQLite", "EcoStoreFactory", "EcoObjectStorage", "EcoTestSupport", "EcoCore", "EcoML", "EcoCarbon", "EcoRandom", logging, lifecycle, tracing,
                           "EcoImage",
                           .product(name: "CompressNIO", package: "compress-nio"),
                           // Issue #21: signing provider tokens (ES256, RS256, EdDSA) for the JWKS tests.
                           .product(name: "JWTKit", package: "jwt-kit"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
