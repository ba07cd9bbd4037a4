import GRDB

extension RegistryStore {
    /// The sets of `grouping` kept for the data of `generation` (the snapshot's of `db`), with the ids of the
    /// records whose groups they may not hold: those written since, and those that writes of the records the
    /// grouping also reads have moved (``recordsRegrouped(in:since:_:)``). Nil when none are kept for this data,
    /// when the history cannot tell what such writes moved, and when the sets were read from data newer than the
    /// snapshot's (labelled with the generation before their reading began, they may hold writes it does not).
    func keptRecordSets(_ grouping: RecordSets.Grouping, generation: UInt64,
                        _ db: Database) throws -> (sets: RecordSets, written: Set<String>)? {
        guard let kept = try sortRankings.recordSets(grouping, generation: generation, changes: selectionCounts, regrouped: { sets in
            try RegistryStore.recordsRegrouped(in: grouping, since: sets.lastChange, db)
        }), try ChangeLog.newestEntry(db) >= kept.sets.lastChange else { return nil }
        return kept
    }

    /// The most records that writes of other kinds may have moved between groups for the sets to be used with
    /// them filtered apart; past it, they wait to be read again.
    static let regroupedRecordLimit = 1_000

    /// The most history entries since the sets were read that are looked through for what moved (on every list
    /// that uses the sets); past it, the sets wait to be read again.
    static let regroupedChangeLimit = 100

    /// Has the sets of `grouping` read again after writes of records it also reads (``SortRankings/noteWritten(_:)``),
    /// unless they moved no record between its groups: the sets kept then hold but for the records of their own kind
    /// written since, as after writes of those alone (most writes of an organisation keep its country, and a theme's
    /// never moves a record).
    func rereadRecordSets(_ grouping: RecordSets.Grouping) {
        if let kept = sortRankings.sets(of: grouping),
           let moved = try? read({ db in try RegistryStore.recordsRegrouped(in: grouping, since: kept.lastChange, db) }),
           moved.isEmpty {
            return
        }
        prepareRecordSets(grouping)
    }

    /// The ids of the records of `grouping` that the changes after history entry `entry` (in the data of `db`)
    /// may have moved between groups through records of the kinds it also reads (``RecordSets/Grouping/alsoRead``),
    /// where each of those changes was a write of one record (`create`, `replace`, `update`, `delete`); nil if
    /// another came since, if more than ``regroupedChangeLimit`` entries came, or if more than
    /// ``regroupedRecordLimit`` records may have moved.
    ///
    /// - A project lists an organisation without a country of its own, and is then in the organisation's. A write
    ///   that kept the organisation's country moves no project (most do: a name, a website); one that set or
    ///   changed it moves the projects that list it so now. One that listed or unlisted it since is itself a write
    ///   of the project, named as such. An organisation that a project lists cannot be deleted.
    /// - A theme's records are named by their own rows, which no write of the theme changes: a theme that records
    ///   name cannot be deleted.
    static func recordsRegrouped(in grouping: RecordSets.Grouping, since entry: Int64, _ db: Database) throws -> Set<String>? {
        // Entries are numbered in order, so no more came since than the numbers between; sets read from data newer
        // than `db`'s hold changes that it does not.
        let newest = try ChangeLog.newestEntry(db)
        guard newest >= entry, newest - entry <= regroupedChangeLimit else { return nil }
        guard try ChangeLog.onlyOperations(ChangeLog.inPlaceWrites.union([.delete]), after: entry, db) else { return nil }
        switch grouping {
        case .themes:
            return []
        case .projectCountries:
            let moved = try String.fetchAll(
                db.cachedStatement(sql: """
                    SELECT DISTINCT pp.project_id FROM change AS c
                    JOIN project_partner AS pp ON pp.organisation_id = c.record_id AND pp.country IS NULL
                    WHERE c.id > ? AND c.record_kind = 'organisation'
                      AND (c.operation NOT IN ('replace', 'update')
                           OR json_extract(c.before, '$.country') IS NOT json_extract(c.after, '$.country'))
                    LIMIT ?
                    """),
                arguments: [entry, regroupedRecordLimit + 1])
            return moved.count > regroupedRecordLimit ? nil : Set(moved)
        }
    }
}
