// swift-tools-version: 6.2
import PackageDescription

/// A measurement, not a product: what adopting swift-http-types' `HTTPFields` for the server's header fields
/// would add to the request parser's work (`scripts/bench-header-fields`). The server's sources are linked in
/// (symbolic links to `Sources/`) rather than taken from the Brobygger package, whose other dependencies
/// this measurement does not need.
let package = Package(
    name: "HeaderFieldsComparison",
    dependencies: [
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CSystem", path: "Sources/CSystem"),
        .systemLibrary(name: "CZlibShim", path: "Sources/CZlibShim"),
        .target(name: "JSONOutput", path: "Sources/JSONOutput"),
        .target(name: "Locking", path: "Sources/Locking"),
        .target(
            name: "HTTPServer",
            dependencies: ["CZlibShim", "CSystem", "JSONOutput", "Locking", .product(name: "DequeModule", package: "swift-collections")],
            path: "Sources/HTTPServer"
        ),
        .executableTarget(
            name: "HeaderFieldsComparison",
            dependencies: ["HTTPServer", .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
