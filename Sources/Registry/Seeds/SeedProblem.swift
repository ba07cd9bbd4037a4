/// One thing wrong with the seeds: the file, the line (when known) and what is wrong.
public struct SeedProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the seeds directory's parent (`seeds/records/cityregio-ii.json`).
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// The seeds are invalid; nothing was written. Lists every problem found.
public struct SeedError: Error, Sendable, CustomStringConvertible {
    public var problems: [SeedProblem]

    public init(problems: [SeedProblem]) {
        self.problems = problems
    }

    public var description: String {
        "the seeds are invalid (\(problems.count) problem\(problems.count == 1 ? "" : "s")), the database was not changed:\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
