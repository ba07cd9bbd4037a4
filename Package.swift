// swift-tools-version: 6.2
import PackageDescription

/// `BROBYGGER_SANITIZE=address` builds the project's own targets, not its dependencies nor its tests, under
/// AddressSanitizer (`.ci/run`, RELIABILITY.md "Sanitizers"). Only what the flag changes is compiled again, so
/// the sanitizer build reuses the plain build's dependencies and tests instead of building them all a second
/// time; code it does not instrument still runs with the sanitizer's allocator and leak checking.
let sanitizer = Context.environment["BROBYGGER_SANITIZE"].flatMap { $0.isEmpty ? nil : $0 }
let sanitizerFlags = sanitizer.map { ["-sanitize=\($0)"] } ?? []

/// `BROBYGGER_DEBUG_INFO=none` compiles the project's own targets without debug information, which takes a
/// good part of a debug build's time. `.ci/run` sets it: its builds run the tests once, and a crash's backtrace
/// or a sanitizer's report still names the functions, from the symbol table.
let debugInfoFlags = Context.environment["BROBYGGER_DEBUG_INFO"] == "none" ? ["-gnone"] : []

/// Settings shared by every target of ours: Swift 6 language mode and no warnings, ever (and the flags above).
let strictSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
] + (sanitizerFlags + debugInfoFlags).map { flag in .unsafeFlags([flag]) }

/// Settings of the tests' targets: as strict, and compiled without the sanitizer, whose job is the project's code
/// (their bundle links its runtime, and the project's code in it is instrumented).
let testSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
] + debugInfoFlags.map { flag in .unsafeFlags([flag]) }

/// Links an executable or a test bundle with the sanitizer's runtime when `BROBYGGER_SANITIZE` asks for one.
let sanitizerLinking: [LinkerSetting] = sanitizerFlags.isEmpty ? [] : [.unsafeFlags(sanitizerFlags)]

let package = Package(
    name: "Brobygger",
    products: [
        .executable(name: "brobygger", targets: ["brobygger"]),
        .library(name: "JSONOutput", targets: ["JSONOutput"]),
        .library(name: "Locking", targets: ["Locking"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "RegistryAPI", targets: ["RegistryAPI"]),
        .library(name: "Import", targets: ["Import"]),
        .library(name: "PostgresClient", targets: ["PostgresClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CZlibShim", path: "Sources/CZlibShim"),
        .systemLibrary(name: "CSystem", path: "Sources/CSystem"),
        // PostgreSQL's client library (Debian's libpq-dev) and the synchronous client built on it.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"], swiftSettings: strictSettings),
        // SQLite's process-wide settings, applied as the program is loaded (see its one C file).
        .target(
            name: "CSQLiteSettings", cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])],
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        .target(name: "JSONOutput", swiftSettings: strictSettings),
        .target(name: "Locking", swiftSettings: strictSettings),
        .target(
            name: "HTTPServer",
            dependencies: ["CZlibShim", "CSystem", "JSONOutput", "Locking", .product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Registry",
            dependencies: [
                "JSONOutput", "CSystem", "CSQLiteSettings", "PostgresClient", "Locking",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RegistryAPI",
            dependencies: [
                "HTTPServer", "Registry", "RegistryImport", "Import", "JSONOutput", "PostgresClient", "Locking",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Import",
            dependencies: ["CZlibShim", "JSONOutput", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RegistryImport",
            dependencies: ["Import", "Registry", "JSONOutput", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(name: "RegistrySynthesis", dependencies: ["Registry"], swiftSettings: strictSettings),
        .target(
            name: "BrobyggerCommands",
            dependencies: [
                "HTTPServer", "Registry", "RegistryAPI", "RegistrySynthesis", "RegistryImport", "Import", "JSONOutput", "CSystem",
                "PostgresClient", "Locking",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "brobygger", dependencies: ["BrobyggerCommands"], swiftSettings: strictSettings,
            linkerSettings: sanitizerLinking
        ),
        .target(name: "TestSupport", dependencies: ["PostgresClient", "Locking"], path: "Tests/Support", swiftSettings: testSettings),
        .testTarget(
            name: "LockingTests", dependencies: ["Locking"],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "PostgresClientTests", dependencies: ["PostgresClient", "Locking"],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport", "Locking"],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "RegistryTests",
            dependencies: [
                "Registry", "RegistryImport", "RegistrySynthesis", "TestSupport", "PostgresClient", "Locking",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "RegistryAPITests",
            dependencies: [
                "RegistryAPI", "RegistryImport", "HTTPServer", "Registry", "JSONOutput", "TestSupport", "PostgresClient",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "RegistrySynthesisTests", dependencies: ["RegistrySynthesis", "Registry", "TestSupport"],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "BrobyggerCommandsTests",
            dependencies: [
                "BrobyggerCommands", "HTTPServer", "Registry", "TestSupport", "PostgresClient", "Locking",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "ImportTests",
            dependencies: ["Import", "TestSupport", "Locking", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "RegistryImportTests",
            dependencies: ["RegistryImport", "Registry", "Import", "JSONOutput", "TestSupport"],
            swiftSettings: testSettings, linkerSettings: sanitizerLinking
        ),
    ],
    swiftLanguageModes: [.v6]
)
