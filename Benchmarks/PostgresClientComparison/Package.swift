// swift-tools-version: 6.2
import PackageDescription

/// A measurement, not a product: the project's libpq client (`PostgresClient`) against PostgresNIO, called the
/// way the server's synchronous handlers would call them, so that `scripts/bench-postgres-client` can compare the
/// two without the product depending on the one not chosen. The client's sources are linked in rather than
/// taken from the Brobygger package: that package's `CSystem` target clashes with swift-system's, which
/// PostgresNIO pulls in.
let package = Package(
    name: "PostgresClientComparison",
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"], swiftSettings: [.treatAllWarnings(as: .error)]),
        .executableTarget(
            name: "PostgresClientComparison",
            dependencies: [
                "PostgresClient",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
