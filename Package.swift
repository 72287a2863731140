// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Marquee",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "marquee", targets: ["marquee"]),
        .library(name: "MarqueeCore", targets: ["MarqueeCore"]),
        .library(name: "MarqueeStore", targets: ["MarqueeStore"]),
        .library(name: "MarqueeIngest", targets: ["MarqueeIngest"]),
        .library(name: "MarqueeModels", targets: ["MarqueeModels"]),
        .library(name: "MarqueeSimulator", targets: ["MarqueeSimulator"]),
        .library(name: "MarqueeLifecycle", targets: ["MarqueeLifecycle"]),
        .library(name: "MarqueeEvaluation", targets: ["MarqueeEvaluation"]),
        .library(name: "MarqueeServer", targets: ["MarqueeServer"]),
        .library(name: "MarqueeLab", targets: ["MarqueeLab"]),
    ],
    traits: [
        .trait(
            name: "Kafka",
            description: "Kafka ingest and the simulator's Kafka sink, over Debian's librdkafka (apt-get install librdkafka-dev)"
        )
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        .target(name: "MarqueeCore", swiftSettings: swiftSettings),
        .target(
            name: "MarqueeStore",
            dependencies: [
                "MarqueeCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                // SQLite's C API, which GRDB links already: `PreparedInsert` steps ingest's hot statements with it.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "MarqueeQuality", dependencies: ["MarqueeCore"], swiftSettings: swiftSettings),
        // librdkafka's headers and library, from Debian's librdkafka-dev; only built with `--traits Kafka`.
        .systemLibrary(name: "CRdKafka", path: "Sources/CRdKafka"),
        .target(
            name: "MarqueeIngest",
            dependencies: [
                "MarqueeCore", "MarqueeStore", "MarqueeQuality", .target(name: "CRdKafka", condition: .when(traits: ["Kafka"])),
                // The user/movie API client fetches the records the log names but the store lacks.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Ingest's exporters (`IngestMetrics`, `KafkaConsumerMetrics`); swift-prometheus brings no HTTP server.
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MarqueeModels",
            dependencies: ["MarqueeCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(name: "MarqueeSimulator", dependencies: ["MarqueeCore"], swiftSettings: swiftSettings),
        .target(name: "MarqueeEvaluation", dependencies: ["MarqueeCore", "MarqueeModels"], swiftSettings: swiftSettings),
        .target(
            name: "MarqueeLifecycle",
            dependencies: [
                "MarqueeCore", "MarqueeStore", "MarqueeModels", "MarqueeEvaluation", "MarqueeQuality",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MarqueeServer",
            dependencies: [
                "MarqueeCore", "MarqueeStore", "MarqueeIngest", "MarqueeModels", "MarqueeEvaluation", "MarqueeLifecycle", "MarqueeQuality",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What plays and studies the service: the demo, the studies, and the simulator's HTTP side (its user/movie API
        // and its client of /recommend). No serving target depends on it.
        .target(
            name: "MarqueeLab",
            dependencies: [
                "MarqueeCore", "MarqueeStore", "MarqueeIngest", "MarqueeModels", "MarqueeEvaluation", "MarqueeLifecycle",
                "MarqueeSimulator", "MarqueeServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "marquee",
            dependencies: [
                "MarqueeCore", "MarqueeStore", "MarqueeIngest", "MarqueeModels", "MarqueeEvaluation", "MarqueeLifecycle",
                "MarqueeSimulator", "MarqueeServer", "MarqueeLab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle", condition: .when(traits: ["Kafka"])),
            ],
            swiftSettings: swiftSettings,
            plugins: ["CodeVersionPlugin"]
        ),
        .plugin(name: "CodeVersionPlugin", capability: .buildTool()),
        .executableTarget(
            name: "marquee-bench",
            dependencies: [
                "MarqueeCore", "MarqueeStore", "MarqueeIngest", "MarqueeSimulator", "MarqueeModels", "MarqueeEvaluation", "MarqueeLifecycle",
            ],
            path: "bench/Sources/marquee-bench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MarqueeTestSupport",
            dependencies: [
                "MarqueeCore", "MarqueeStore", "MarqueeIngest", "MarqueeModels", "MarqueeSimulator",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MarqueeCoreTests", dependencies: ["MarqueeCore", "MarqueeTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MarqueeStoreTests",
            dependencies: ["MarqueeStore", "MarqueeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarqueeIngestTests",
            dependencies: ["MarqueeIngest", "MarqueeStore", "MarqueeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarqueeModelsTests",
            dependencies: ["MarqueeModels", "MarqueeSimulator", "MarqueeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarqueeSimulatorTests",
            dependencies: ["MarqueeSimulator", "MarqueeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarqueeServerTests",
            dependencies: [
                "MarqueeServer", "MarqueeModels", "MarqueeSimulator", "MarqueeStore", "MarqueeLifecycle", "MarqueeEvaluation", "MarqueeIngest", "MarqueeTestSupport",
                // `SimulatedStore` fills the dashboard's and the report's store with a short demo run.
                "MarqueeLab",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                // `PostgresRestartShutdownTests` runs a service group and shuts it down gracefully, as SIGTERM does.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarqueeLabTests",
            dependencies: [
                "MarqueeLab", "MarqueeServer", "MarqueeCore", "MarqueeModels", "MarqueeSimulator", "MarqueeStore", "MarqueeLifecycle", "MarqueeEvaluation",
                "MarqueeIngest", "MarqueeTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarqueeEvaluationTests",
            dependencies: ["MarqueeEvaluation", "MarqueeModels", "MarqueeSimulator", "MarqueeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MarqueeQualityTests", dependencies: ["MarqueeQuality", "MarqueeTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MarqueeLifecycleTests",
            dependencies: [
                "MarqueeLifecycle", "MarqueeModels", "MarqueeStore", "MarqueeSimulator", "MarqueeEvaluation", "MarqueeIngest", "MarqueeQuality",
                "MarqueeTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarqueeCLITests",
            dependencies: ["marquee", "MarqueeCore", "MarqueeTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
