/// Where a seed record is written: its file, its JSON path, and the file's line map.
struct SeedLocation: Sendable {
    var file: String
    var path: String
    var map: JSONSourceMap

    /// A problem at `field` (a path below the record, `parties[1].organisation`), or at the record.
    func problem(_ message: String, field: String? = nil) -> SeedProblem {
        let full = field.map { $0.hasPrefix("[") ? path + $0 : path + "." + $0 } ?? path
        return SeedProblem(file: file, line: map.line(of: full), message: message)
    }
}
