/// Records an import changed and has not written yet: the last version of each, validated and encoded, and the row
/// the registry holds for it. Rows that add to a record already there (a project's partners, one row each) change it
/// row after row; each change written at once removed and wrote again its search entry, findings and links, and
/// made the import's batch of inserts be written first. Held here, a record is written once: when its file ends,
/// or earlier when the records held grow past ``byteLimit`` and it is among those changed longest ago.
///
/// Only records the registry holds are held (a record a row creates is written at once), so a record found here
/// is found by every lookup of the registry too. What a later row reads of it is its served form, which
/// ``ImportSession`` answers from here, and the fields natural keys find it by: a change of a field that a record
/// of the mapping is keyed by is written at once (``ImportSession/save(_:id:body:provenance:previous:mayHold:)``).
///
/// Inside a row's savepoint the changes are noted (``beginRow()``), so that a rejected row's changes are taken
/// back with what its savepoint undoes (``undoRow()``).
struct PendingRecordWrites {
    /// A record's last version and what the registry holds for it.
    struct Entry {
        var record: any RegistryRecord
        var data: String
        var served: String
        /// The registry's row when the import first changed the record: what its write replaces.
        var original: StoredRow
        /// When it was last changed, in changes since the import began.
        var lastChange: UInt64

        var byteCount: Int { data.utf8.count + served.utf8.count + original.data.utf8.count + original.served.utf8.count }

        /// The record's row once written, as a read of the registry would give it.
        var stored: StoredRow {
            StoredRow(origin: record.origin.rawValue, data: data, served: served, sourceFile: nil)
        }
    }

    private var entries: [NetworkNode.Key: Entry] = [:]
    private var changes: UInt64 = 0
    /// The bytes of the strings held: bounded by ``byteLimit``.
    private var byteCount = 0
    /// What the current row's savepoint replaced, first change first: nil outside a savepoint.
    private var journal: [(key: NetworkNode.Key, entry: Entry?)]?

    /// The most bytes held before the records changed longest ago are written.
    static let byteLimit = 8 << 20

    subscript(key: NetworkNode.Key) -> Entry? { entries[key] }

    /// Holds `entry` as the record's last version.
    mutating func hold(_ key: NetworkNode.Key, record: any RegistryRecord, data: String, served: String, original: StoredRow) {
        changes += 1
        let entry = Entry(record: record, data: data, served: served, original: original, lastChange: changes)
        replace(key, with: entry)
    }

    /// Takes the record out, if it is held.
    mutating func take(_ key: NetworkNode.Key) -> Entry? {
        guard let entry = entries[key] else { return nil }
        replace(key, with: nil)
        return entry
    }

    /// Takes the records out, oldest change first: every record when `all`, else those changed longest ago until
    /// what is left holds at most three quarters of ``byteLimit``, or none while it holds no more than the limit.
    mutating func take(all: Bool) -> [Entry] {
        guard all || byteCount > Self.byteLimit else { return [] }
        let oldestFirst = entries.sorted { $0.value.lastChange < $1.value.lastChange }
        var taken: [Entry] = []
        for (key, entry) in oldestFirst {
            if !all && byteCount <= Self.byteLimit / 4 * 3 { break }
            replace(key, with: nil)
            taken.append(entry)
        }
        return taken
    }

    /// Starts noting what a row changes.
    mutating func beginRow() {
        journal = []
    }

    /// Stops noting: the row's changes stand.
    mutating func endRow() {
        journal = nil
    }

    /// Takes back the changes of the row noted since ``beginRow()``, last first, and stops noting.
    mutating func undoRow() {
        guard let noted = journal else { return }
        journal = nil
        for (key, entry) in noted.reversed() { replace(key, with: entry) }
    }

    private mutating func replace(_ key: NetworkNode.Key, with entry: Entry?) {
        if journal != nil { journal?.append((key, entries[key])) }
        if let old = entries[key] { byteCount -= old.byteCount }
        if let entry { byteCount += entry.byteCount }
        entries[key] = entry
    }
}
