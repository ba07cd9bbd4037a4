import GRDB

extension RegistryStore {
    /// How many of a text's matches (`entries`, records of `kind`, and `matches`, their ``entryArray(_:)``) the
    /// list's other filters keep: the count read from `source` (``entrySource(of:)`` or ``entriesOnlySource``, its
    /// first argument the matches) under `conditions`.
    ///
    /// A count kept for these matches is used while every change since named the records it wrote and none of
    /// them can have changed it (``countSurvives(of:matches:written:_:)``). Else, when the selection's matches were
    /// counted before (``CountedMatches``) and every change since named its records, the count is made from them:
    /// a match whose record was not written is counted as it was, and only the matches whose records were written
    /// are filtered again. Otherwise every match is filtered: by the kind's rankings where they answer the filters
    /// (`rankedFilters`, ``entriesPassing(_:among:kind:generation:passing:_:)``), else by SQLite.
    func countMatches(_ entries: [Int64], matches: String, kind: RecordKind, source: String,
                      conditions: (conditions: [String], arguments: StatementArguments), rankedFilters: RankedFilters? = nil,
                      generation: UInt64, _ db: Database) throws -> Int {
        let whereClause = RegistryStore.whereClause(conditions.conditions)
        let countSQL = "SELECT count(*) FROM \(source) \(whereClause)"
        // Keyed by the matches' own text: GRDB's description of the arguments escapes every character of it,
        // which cost more than the page for a common word.
        let key = [countSQL, matches, conditions.arguments.description].joined(separator: "\u{0}")
        let survives = { written in try self.countSurvives(of: kind, matches: entries, written: written, db) }
        if let known = try selectionCounts.count(key, generation: generation, survives: survives) { return known }

        let (selection, passing) = RegistryStore.passingSelection(source: source, conditions: conditions, db)
        let counted: [Int64]
        if let made = try countedInMemory(selection, entries: entries, kind: kind, rankedFilters: rankedFilters,
                                          generation: generation, passing: passing, db) {
            counted = made.counted
            if made.fromKept { countedMatches.noteAdjusted() } else { countedMatches.noteFilteredByRankings() }
        } else {
            counted = try passing(matches)
        }
        countedMatches.keep(selection, matches: entries, counted: counted, generation: generation)
        selectionCounts.store(counted.count, for: key, generation: generation)
        return counted.count
    }

    /// The matches that ``countMatches(_:matches:kind:source:conditions:rankedFilters:generation:_:)`` counts under the same source
    /// and conditions, in the data of `generation`: the selection's own matches, which a page of it may be made of
    /// without filtering any match again. Made from those kept for the selection as that count makes them after
    /// writes, or else by `rankedFilters` as that count filters them (one selection keeps the matches of the last
    /// text counted in it, while the counts of other texts are remembered on their own: a page of a text counted
    /// before another would otherwise filter its matches by SQLite); kept for this generation. Nil when neither can
    /// make them.
    func countedEntries(_ entries: [Int64], kind: RecordKind, source: String,
                        conditions: (conditions: [String], arguments: StatementArguments), rankedFilters: RankedFilters?,
                        generation: UInt64, _ db: Database) throws -> [Int64]? {
        let (selection, passing) = RegistryStore.passingSelection(source: source, conditions: conditions, db)
        // As the count just kept them, mostly.
        if let kept = countedMatches.kept(selection), kept.generation == generation, kept.matches == entries {
            return kept.counted
        }
        guard let counted = try countedInMemory(selection, entries: entries, kind: kind, rankedFilters: rankedFilters,
                                                generation: generation, passing: passing, db)?.counted else { return nil }
        countedMatches.keep(selection, matches: entries, counted: counted, generation: generation)
        return counted
    }

    /// The matches among `entries` that `selection` keeps, made without SQLite filtering each of them: from those
    /// kept for the selection and the records written since (`fromKept`), or else by `rankedFilters` in memory. Nil
    /// when neither can make them.
    private func countedInMemory(_ selection: String, entries: [Int64], kind: RecordKind, rankedFilters: RankedFilters?,
                                 generation: UInt64, passing: (String) throws -> [Int64],
                                 _ db: Database) throws -> (counted: [Int64], fromKept: Bool)? {
        if let adjusted = try countedFromKept(selection, entries: entries, kind: kind, generation: generation, passing: passing, db) {
            return (adjusted, true)
        }
        guard let rankedFilters,
              let ranked = try entriesPassing(rankedFilters, among: entries, kind: kind, generation: generation, passing: passing, db)
        else { return nil }
        return (ranked, false)
    }

    /// The key under which the matches counted from `source` under `conditions` are kept (``CountedMatches``), and
    /// the function that gives those of some matches (their ``entryArray(_:)``) that the conditions keep. The key
    /// leaves the matches out: whether a match is counted depends on its record alone, so the matches of
    /// different texts under the same conditions are kept together.
    private static func passingSelection(source: String, conditions: (conditions: [String], arguments: StatementArguments),
                                         _ db: Database) -> (selection: String, passing: (String) throws -> [Int64]) {
        let passingSQL = "SELECT hit.value FROM \(source) \(RegistryStore.whereClause(conditions.conditions))"
        let selection = [passingSQL, conditions.arguments.description].joined(separator: "\u{0}")
        return (selection, { matchesArgument in
            var arguments: StatementArguments = [matchesArgument]
            arguments += conditions.arguments
            return try Int64.fetchAll(db.cachedStatement(sql: passingSQL), arguments: arguments)
        })
    }

    /// The matches counted in `selection` after the writes since it was last counted: those counted then whose
    /// records were not written, and those of the records written that `passing` keeps. Nil when the selection is
    /// not kept, a change since did not name its records or wrote what the filters read of other records, or a
    /// match of a record not written was no match then.
    private func countedFromKept(_ selection: String, entries: [Int64], kind: RecordKind, generation: UInt64,
                                 passing: (String) throws -> [Int64], _ db: Database) throws -> [Int64]? {
        guard let kept = countedMatches.kept(selection), kept.generation <= generation,
              let written = selectionCounts.written(since: kept.generation, through: generation),
              !written.contains(where: { RegistryStore.filtersRead(of: kind).contains($0.kind) }) else { return nil }
        let rewritten = try writtenEntries(among: entries, Set(written.filter { $0.kind == kind }.map(\.id)), kind: kind, db)
        var counted: [Int64] = []
        counted.reserveCapacity(kept.counted.count + rewritten.count)
        var (matched, wasCounted) = (AscendingLookup(kept.matches), AscendingLookup(kept.counted))
        for entry in entries where rewritten.index(ofAscending: entry) == nil {
            // An entry changes only with its record: one new to the text's matches is a record's written since.
            guard matched.contains(entry) else { return nil }
            if wasCounted.contains(entry) { counted.append(entry) }
        }
        if !rewritten.isEmpty { counted += try passing(RegistryStore.entryArray(rewritten)) }
        return counted
    }

    /// The kinds of records besides `kind` whose data a list of `kind` filters by: the organisations' countries
    /// for projects, the parties' for partnerships.
    static func filtersRead(of kind: RecordKind) -> Set<RecordKind> {
        switch kind {
        case .project: [.organisation]
        case .partnership: [.organisation, .region]
        default: []
        }
    }
}
