// swift-tools-version:6.1
import PackageDescription

// Targets by capability; imports point down only (see shared/ARCHITECTURE.md):
// H3 ← EcoCore ← EcoStore ← EcoServer ← ecotrack; the science modules
// (EcoAnalytics, EcoForecast, EcoML) are pure Swift over arrays and values.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "EcoTrack",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecotrack", targets: ["ecotrack"]),
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
    ],
    targets: [
        .target(name: "H3", swiftSettings: strict),
        .target(name: "EcoTime", swiftSettings: strict),
        .target(name: "EcoRandom", swiftSettings: strict),
        .target(name: "EcoCore", dependencies: ["H3", "EcoTime"], swiftSettings: strict),
        .target(
            name: "EcoStore",
            dependencies: [
                "EcoCore", "H3",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // EcoCore for the unit conversions of the air quality indices (issue #17).
        .target(name: "EcoAnalytics", dependencies: ["EcoCore", "EcoTime", "EcoRandom"], swiftSettings: strict),
        .target(name: "EcoForecast", dependencies: ["EcoTime", "EcoRandom"], swiftSettings: strict),
        .target(name: "EcoML", dependencies: ["EcoRandom"], swiftSettings: strict),
        .target(
            name: "EcoServer",
            dependencies: [
                "EcoCore", "EcoStore", "EcoAnalytics", "EcoForecast", "EcoML", "EcoRandom", "H3",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            resources: [.copy("OpenAPI")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ecotrack",
            dependencies: [
                "EcoServer", "EcoCore", "EcoStore", "EcoAnalytics", "EcoForecast", "EcoML", "H3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "H3Tests", dependencies: ["H3"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoCoreTests", dependencies: ["EcoCore", "EcoRandom"], swiftSettings: strict),
        .testTarget(name: "EcoStoreTests", dependencies: ["EcoStore", "H3"], swiftSettings: strict),
        .testTarget(name: "EcoAnalyticsTests", dependencies: ["EcoAnalytics", "EcoRandom"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoForecastTests", dependencies: ["EcoForecast"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoMLTests", dependencies: ["EcoML", "EcoRandom"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "EcoServerTests", dependencies: ["EcoServer", "EcoStore", "EcoCore", "EcoML"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
