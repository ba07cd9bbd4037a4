// swift-tools-version: 6.2
import PackageDescription

/// A measurement, not a product: the project's lock (`Sources/Locking`, linked in as in the product: its own
/// module, `withLock` inlined across it) against the Synchronization module's `Mutex` (`scripts/bench-lock`).
let package = Package(
    name: "LockComparison",
    targets: [
        .target(name: "Locking", path: "Sources/Locking"),
        .executableTarget(name: "LockComparison", dependencies: ["Locking"], swiftSettings: [.treatAllWarnings(as: .error)]),
    ],
    swiftLanguageModes: [.v6]
)
