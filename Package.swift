// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "minyi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "minyi", targets: ["Run"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The pure domain: ledgers, state machine, calendar, escalation, masking, audit chain.
        .target(
            name: "LedgerCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "App",
            dependencies: [
                "LedgerCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        // Tools, not the product: the year simulation (a plan drawn from the report's figures, text
        // for its matters) and the commands that drive the app with it or load a benchmark set.
        .target(
            name: "YearSimulation",
            dependencies: ["LedgerCore"],
            path: "Sources/Tools/YearSimulation"
        ),
        .target(
            name: "Tools",
            dependencies: [
                "App",
                "LedgerCore",
                "YearSimulation",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            path: "Sources/Tools/Commands"
        ),
        .executableTarget(name: "Run", dependencies: ["App", "Tools"]),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: [
                "LedgerCore",
                "YearSimulation",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ToolsTests",
            dependencies: ["YearSimulation", "LedgerCore"]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "Tools",
                "YearSimulation",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
