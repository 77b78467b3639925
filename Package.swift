// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "AutoArr",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "autoarr", targets: ["autoarr"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        .target(
            name: "AutoArrCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AutoArrStorage",
            dependencies: [
                "AutoArrCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "AutoArrIntegrations",
            dependencies: [
                "AutoArrCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Routes, resources, auth, the WebSocket and the static UI, over Core's actions.
        .target(
            name: "AutoArrServer",
            dependencies: [
                "AutoArrCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        // The MCP server over the action registry (stdio, and the Streamable HTTP handler the server mounts at /mcp).
        .target(
            name: "AutoArrMCP",
            dependencies: [
                "AutoArrCore",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        // The composition root: configuration, the components and their actions, background services, the audit
        // catalogue, the OpenAPI document, and the one function that builds the whole app.
        .target(
            name: "AutoArrApp",
            dependencies: [
                "AutoArrCore",
                "AutoArrStorage",
                "AutoArrIntegrations",
                "AutoArrServer",
                "AutoArrMCP",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")]
        ),
        // `scripts/bench`: request parsing and title matching, in release mode.
        .executableTarget(
            name: "autoarr-bench",
            dependencies: ["AutoArrCore", "AutoArrApp", "AutoArrIntegrations"],
            path: "Sources/AutoArrBench"
        ),
        .target(
            name: "AutoArrSimulator",
            dependencies: [
                "AutoArrCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "autoarr",
            dependencies: [
                "AutoArrApp",
                "AutoArrServer",
                "AutoArrMCP",
                "AutoArrSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AutoArrCoreTests",
            dependencies: ["AutoArrCore"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "AutoArrStorageTests",
            dependencies: ["AutoArrStorage"]
        ),
        // Fakes and recorded fixtures shared by the test targets. Fixtures live in Tests/Fixtures.
        .target(
            name: "AutoArrTestSupport",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests",
            exclude: ["AutoArrCoreTests", "AutoArrStorageTests", "AutoArrIntegrationsTests", "AutoArrServerTests", "AutoArrSimulatorTests", "Browser"],
            sources: ["AutoArrTestSupport"],
            resources: [.copy("Fixtures"), .copy("Support/nntp_430.py"), .copy("Support/validate_wire.py"), .copy("Support/check_schemas.py")]
        ),
        .testTarget(
            name: "AutoArrIntegrationsTests",
            dependencies: ["AutoArrIntegrations", "AutoArrTestSupport"]
        ),
        .testTarget(
            name: "AutoArrSimulatorTests",
            dependencies: ["AutoArrSimulator", "AutoArrIntegrations", "AutoArrTestSupport"]
        ),
        .testTarget(
            name: "AutoArrServerTests",
            dependencies: [
                "AutoArrApp",
                "AutoArrServer",
                "AutoArrMCP",
                "AutoArrSimulator",
                "AutoArrIntegrations",
                "AutoArrTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ]
        ),
    ]
)
