// swift-tools-version: 6.2
import PackageDescription

/// The libFuzzer target for the HTTP request parser. Build and run it with `scripts/fuzz`.
let package = Package(
    name: "BrobyggerFuzz",
    dependencies: [
        .package(name: "Brobygger", path: ".."),
    ],
    targets: [
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        .executableTarget(
            name: "ParserFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "HTTPServer", package: "Brobygger")],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
