// swift-tools-version: 6.2
import PackageDescription

/// The libFuzzer targets: the HTTP request parser, `multipart/form-data` bodies, the pagination cursor decoder,
/// the bodies of writes (JSON, merge patches, record validation), the importer's readers and its XML reader. Build and run them with `scripts/fuzz`.
let fuzzerSettings: [SwiftSetting] = [.treatAllWarnings(as: .error)]

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
            swiftSettings: fuzzerSettings
        ),
        // Reaches the internal `Cursor` with `@testable import`: scripts/fuzz builds with -enable-testing.
        .executableTarget(
            name: "CursorFuzzer",
            dependencies: [
                "CLibFuzzer", .product(name: "RegistryAPI", package: "Brobygger"), .product(name: "Registry", package: "Brobygger"),
            ],
            swiftSettings: fuzzerSettings
        ),
        .executableTarget(
            name: "WriteBodyFuzzer",
            dependencies: [
                "CLibFuzzer", .product(name: "Registry", package: "Brobygger"), .product(name: "JSONOutput", package: "Brobygger"),
            ],
            swiftSettings: fuzzerSettings
        ),
        .executableTarget(
            name: "MultipartFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "HTTPServer", package: "Brobygger")],
            swiftSettings: fuzzerSettings
        ),
        .executableTarget(
            name: "ImportFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "Import", package: "Brobygger")],
            swiftSettings: fuzzerSettings
        ),
        // Reaches the internal `XMLStreamReader` with `@testable import`.
        .executableTarget(
            name: "XMLFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "Import", package: "Brobygger")],
            swiftSettings: fuzzerSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
