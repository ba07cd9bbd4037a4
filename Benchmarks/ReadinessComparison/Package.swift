// swift-tools-version: 6.2
import PackageDescription

/// A measurement, not a product: the same parser and `/healthz` answer as the real server, but with readiness
/// from one `DispatchSource` per connection, so `scripts/bench-readiness` can compare the two designs.
let package = Package(
    name: "ReadinessComparison",
    dependencies: [
        .package(name: "Brobygger", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "DispatchSourceServer",
            dependencies: [.product(name: "HTTPServer", package: "Brobygger")],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
