import GRDB

/// Which search-index entries are those of one kind's records, told in memory: the entries the kind's slots
/// (``RecordSlots``) hold, and those of its records written since the slots were read.
///
/// A text filter of a list selects the matches of one kind. Told by the index, as `type : ("project")` ANDed to
/// the text, FTS5 reads that term's posting list, an entry for every record of the kind, at every text a connection
/// has not read since the data last changed: more than finding the text's own matches. Told here, the text is
/// matched alone and each match is kept or left by a lookup.
///
/// An entry the slots hold stays its record's while the record is written, and an entry made since takes a rowid
/// no entry had, unless one was deleted: an entry of a record deleted since, still held by the slots, may have
/// been taken by an entry of another kind. So the entries are told here only where the history since the slots
/// were read holds creations, replacements and updates alone, each naming its record. Then the slots also still
/// hold the rowid of each of the kind's records not written since: a record's rowid changes only when it is
/// deleted, or put back to its seed version.
struct KindEntries {
    private let slots: RecordSlots
    /// The entries of the kind's records written since the slots were read, as they are now.
    private let written: Set<Int64>

    /// Whether `entry` is the entry of one of the kind's records.
    func contains(_ entry: Int64) -> Bool {
        written.contains(entry) || slots.slot(ofEntry: entry) != nil
    }

    /// What the history after a kind's slots were read holds as far as it was read: changes of no other operation
    /// than creations, replacements and updates, and the entries of the kind's records they wrote. Kept with the
    /// slots (``SortRankings``), so that each list reads only the changes made since the last one read them: the
    /// rows of the history hold whole records, and a page right after a write would read every one again.
    struct History: Sendable {
        /// The newest entry of the history when the slots were read (``RecordSlots/lastChange``).
        let since: Int64
        /// The newest entry read.
        var through: Int64
        /// The ids of the kind's records written, and their entries.
        var ids: Set<String> = []
        var entries: Set<Int64> = []
    }

    /// The most changes read at once, and the most records of the kind written since the slots were read: past
    /// them the index tells the kind.
    static let changeLimit = 1_000

    /// The entries of the records of `kind` in the snapshot of `db`, from `slots` (those kept for the kind) and the
    /// history after them, read on from `history` where that was read from the same start; nil when they cannot be
    /// told so: slots of data the snapshot does not hold, a change since that named no records (`changes` has a
    /// gap between the slots' generation and the snapshot's, `generation`) or that deleted or imported some, or too
    /// many changes. With them, the history read as far as the snapshot holds it, to be kept.
    static func read(_ kind: RecordKind, slots: RecordSlots, history: History?, changes: SelectionCounts, generation: UInt64,
                     _ db: Database) throws -> (entries: KindEntries, history: History)? {
        guard let since = slots.lastChange, changes.written(since: slots.generation, through: generation) != nil else { return nil }
        // A change the slots saw that this snapshot does not means slots of later data, which may lack a record the
        // snapshot still has.
        let newest = try ChangeLog.newestEntry(db)
        guard newest >= since else { return nil }
        var read = history.flatMap { $0.since == since && $0.through <= newest ? $0 : nil } ?? History(since: since, through: since)
        if read.through < newest {
            let changed = try ColumnReader(
                db.cachedStatement(sql: """
                    SELECT operation, record_kind, record_id FROM change WHERE id > ? AND id <= ? ORDER BY id LIMIT ?
                    """),
                arguments: [read.through, newest, changeLimit + 1])
            var ids: Set<String> = []
            var changeCount = 0
            while try changed.next() {
                changeCount += 1
                guard changeCount <= changeLimit,
                      let operation = ChangeOperation(rawValue: changed.text(0) ?? ""),
                      [.create, .replace, .update].contains(operation) else { return nil }
                if changed.text(1) == kind.rawValue, let id = changed.text(2), !read.ids.contains(id) { ids.insert(id) }
            }
            guard read.ids.count + ids.count <= changeLimit else { return nil }
            if !ids.isEmpty {
                read.entries.formUnion(try RegistryStore.entries(ofRecords: ids, kind: kind, db))
                read.ids.formUnion(ids)
            }
            read.through = newest
        }
        return (KindEntries(slots: slots, written: read.entries), read)
    }
}

extension RegistryStore {
    /// The entries of the records of `kind` in the current snapshot (of `generation`), told by `slots` or else the
    /// slots kept for the kind (``KindEntries``); nil where they cannot be told so.
    func kindEntries(_ kind: RecordKind, slots: RecordSlots? = nil, generation: UInt64, _ db: Database) throws -> KindEntries? {
        guard let (kept, history) = sortRankings.slotsAndHistory(of: kind),
              let (entries, read) = try KindEntries.read(kind, slots: slots ?? kept, history: history, changes: selectionCounts,
                                                         generation: generation, db) else { return nil }
        sortRankings.keep(read, of: kind)
        return entries
    }
}
