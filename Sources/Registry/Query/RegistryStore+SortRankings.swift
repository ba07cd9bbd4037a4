import GRDB

extension RegistryStore {
    /// A page of the records a text filter selects, with other filters or none, sorted by fields, with each match
    /// placed by `ranking` (made for the same order): the matches are sorted by their places in memory and only
    /// the page's records are read, or, with other filters, runs of the matches in that order are joined to their
    /// records and filtered until the page is full (``filteredRuns``). Nil when the ranking does not
    /// place every match, or `after` is not where its record is now: the data changed since the matches were
    /// found or the position was made, and the page is read from SQLite.
    func rankedSortPage(_ entries: [Int64], ranking: SortRankings.Ranking, total: Int, query: RecordQuery,
                        after: ListPosition?, terms: [(expression: String, descending: Bool)], selected: String,
                        columnCount: Int, conditions: (conditions: [String], arguments: StatementArguments),
                        _ db: Database) throws -> (rows: [Row], total: Int, last: ListPosition?)? {
        var placed: [(place: Int, entry: Int64)] = []
        placed.reserveCapacity(entries.count)
        for entry in entries {
            guard let place = ranking.place(of: entry) else { return nil }
            placed.append((place, entry))
        }
        var skip = query.offset
        if let after {
            guard let place = try place(of: after, in: ranking, kind: query.kind, terms: terms, db) else { return nil }
            placed.removeAll { $0.place <= place }
            skip = 0
        }
        placed.sort { $0.place < $1.place }
        let sql = """
            SELECT \(selected) FROM \(RegistryStore.entrySource(of: query.kind))
            \(RegistryStore.whereClause(conditions.conditions)) ORDER BY hit.key
            """
        var rows: [Row] = []
        if conditions.conditions.isEmpty {
            let chosen = placed.dropFirst(skip).prefix(query.limit).map(\.entry)
            guard !chosen.isEmpty else { return ([], total, nil) }
            rows = try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: [RegistryStore.entryArray(chosen)])
            guard rows.count == chosen.count else { return nil }
        } else {
            rows = try RegistryStore.filteredRuns(of: placed.map(\.entry)[...], among: placed.count, selected: total, skip: skip,
                                                  limit: query.limit, sql: sql, arguments: conditions.arguments, db).map(\.row)
        }
        let last = rows.last.map { row in ListPosition((0..<terms.count).map { row[columnCount + $0] as DatabaseValue }) }
        return (rows, total, last)
    }

    /// The place in `ranking` of the record at `position` (its id the last value), when the record's order
    /// values are still those of the position.
    private func place(of position: ListPosition, in ranking: SortRankings.Ranking, kind: RecordKind,
                       terms: [(expression: String, descending: Bool)], _ db: Database) throws -> Int? {
        guard case .text(let id)? = position.values.last else { return nil }
        let sql = """
            SELECT hit_entry.id, \(terms.map(\.expression).joined(separator: ", ")) FROM \(kind.rawValue) AS t
            CROSS JOIN search_entry AS hit_entry ON hit_entry.type = '\(kind.rawValue)' AND hit_entry.record_id = t.id
            WHERE t.id = ?
            """
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: sql), arguments: [id]),
              RegistryStore.sameBytes(ListPosition((0..<terms.count).map { row[1 + $0] as DatabaseValue }), position)
        else { return nil }
        return ranking.place(of: row[0])
    }

    /// Whether two positions hold the same values as SQLite compares them: texts byte for byte, where Swift's
    /// `==` takes canonically equivalent texts (a composed and a decomposed "é") for one.
    private static func sameBytes(_ one: ListPosition, _ other: ListPosition) -> Bool {
        one.values.count == other.values.count && zip(one.values, other.values).allSatisfy { pair in
            switch pair {
            case (.text(let a), .text(let b)): a.utf8.elementsEqual(b.utf8)
            default: pair.0 == pair.1
            }
        }
    }

    /// Has the ranking of `kind`'s records in the order `terms` made in the background (``SortRankings``).
    func prepareSortRanking(kind: RecordKind, terms: [(expression: String, descending: Bool)]) {
        let counts = selectionCounts
        let key = SortRankings.Key(kind: kind, terms: terms)
        let sql = """
            SELECT hit_entry.id FROM \(kind.rawValue) AS t
            CROSS JOIN search_entry AS hit_entry ON hit_entry.type = '\(kind.rawValue)' AND hit_entry.record_id = t.id
            ORDER BY \(key.order)
            """
        sortRankings.prepare(key, currentGeneration: { counts.generation }) { [weak self] in
            guard let self else { return nil }
            let generation = counts.generation
            let ordered = try read { db in
                var ordered: [Int64] = []
                let entries = try ColumnReader(try db.cachedStatement(sql: sql), arguments: [])
                while try entries.next() { ordered.append(entries.int64(0)) }
                return ordered
            }
            return (SortRankings.Ranking(ordered: ordered), generation)
        }
    }

    /// The fewest matches for which a list filtered by text and sorted asks for a ranking: collecting fewer
    /// costs about a millisecond.
    static let sortRankingMinimumMatches = 256
}
