import RegistryImport

/// A dry run's listing of rows as an import's resource shows it: the first rows, up to a limit, and how many rows
/// were listed in all, so that a dry run of a large file does not hold every row's outcome in the server's memory.
final class KeptRowListing: RowListing {
    /// The first rows listed, at most ``limit``.
    private(set) var rows: [RowOutcome] = []
    /// How many rows were listed.
    private(set) var count = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func restart() {
        rows = []
        count = 0
    }

    func list(_ outcome: RowOutcome, file: Int) {
        count += 1
        if rows.count < limit { rows.append(outcome) }
    }
}
