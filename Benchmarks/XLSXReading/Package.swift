// swift-tools-version: 6.2
import PackageDescription

/// A measurement, not a product: reads every row of an XLSX sheet with the importer's `XLSXReader` and reports
/// the rows, the time and the process's peak memory (`scripts/bench-xlsx`, which builds it against this checkout
/// and against an earlier commit to compare them).
let package = Package(
    name: "XLSXReading",
    dependencies: [.package(name: "Brobygger", path: "../..")],
    targets: [
        .executableTarget(
            name: "XLSXReading",
            dependencies: [.product(name: "Import", package: "Brobygger")],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
