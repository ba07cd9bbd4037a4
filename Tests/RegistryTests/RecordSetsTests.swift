import Foundation
import GRDB
import JSONOutput
import TestSupport
@testable import Registry
import Testing

/// The sets of records by country and by theme (``RecordSets``), read by joining the groups' rows and the records'
/// ids as both come in the order of the ids, hold what SQLite's join of the same tables gives: every value, and
/// every record at its slot.
@Suite struct RecordSetsTests {
    /// Each value and the rowids of its records, as SQLite joins them.
    static func joined(_ grouping: RecordSets.Grouping, _ db: Database) throws -> [String: Set<Int64>] {
        let sql = switch grouping {
        case .projectCountries:
            "SELECT pc.country, t.rowid FROM project_country AS pc JOIN project AS t ON t.id = pc.project_id"
        case .themes(let kind):
            "SELECT rt.theme_id, t.rowid FROM record_theme AS rt JOIN \(kind.rawValue) AS t ON t.id = rt.record_id WHERE rt.record_kind = '\(kind.rawValue)'"
        }
        var groups: [String: Set<Int64>] = [:]
        for row in try Row.fetchAll(db, sql: sql) { groups[row[0], default: []].insert(row[1]) }
        return groups
    }

    /// The rowids of the records among the members, by the slots kept for the kind.
    static func rowids(of members: RecordSets.Members, slots: RecordSlots) -> Set<Int64> {
        Set((0..<slots.slotCount).filter { members.contains(Int32($0)) }.compactMap { slots.rowid(ofSlot: $0) })
    }

    /// Creates a record of `kind` from its JSON; its id.
    static func create(_ kind: RecordKind, _ json: String, in store: RegistryStore) throws -> String {
        try store.write(kind, .create(try JSONValue(parsing: Array(json.utf8))), author: "test", reason: nil).id
    }

    /// Patches the record of `kind` with `id` by the merge patch `json`.
    static func update(_ kind: RecordKind, _ id: String, _ json: String, in store: RegistryStore) throws {
        _ = try store.write(kind, .update(id: id, patch: try JSONValue(parsing: Array(json.utf8))), author: "test", reason: nil)
    }

    @Test func theSetsHoldWhatSQLitesJoinGives() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        // Ids whose bytes sort apart from their letters (upper case, digits, a longer id after its prefix, bytes
        // past ASCII), with countries and themes, so that the two orders must agree byte for byte.
        func write(_ kind: RecordKind, _ json: String) throws -> String { try Self.create(kind, json, in: store) }
        for (index, name) in ["Zeta Borg", "zeta borg 2", "Åby Kommune", "AAA Partners", "0 Group", "aaa"].enumerated() {
            let country = ["DK", "SE", "DE"][index % 3]
            let organisation = try write(.organisation, #"{"name": "\#(name)", "kind": "municipality", "country": "\#(country)", "themes": ["tourism"]}"#)
            _ = try write(.project, #"{"title": "\#(name) project", "kind": "fundedProject", "themes": ["culture"], "partners": [{"organisation": "\#(organisation)", "listed_name": "\#(name)", "role": "lead"}]}"#)
        }
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let generation = store.selectionCounts.generation
        for grouping in [RecordSets.Grouping.projectCountries, .themes(.project), .themes(.organisation)] {
            let kept = try #require(store.sortRankings.recordSets(grouping, generation: generation, changes: store.selectionCounts),
                                    "\(grouping) read")
            let slots = try #require(store.sortRankings.slots(of: grouping.kind))
            let expected = try store.read { db in try Self.joined(grouping, db) }
            try #require(expected.count > 2, "\(grouping): the registry has values to group by")
            for (value, rowids) in expected {
                #expect(Self.rowids(of: kept.sets.members(of: value), slots: slots) == rowids, "\(grouping): \(value)")
            }
            #expect(kept.sets.members(of: "no such value").count == 0)
        }
    }

    /// A write of an organisation may change the countries of the projects that list it: the projects' sets of
    /// countries are then read again once the writes stop, with no list asking for them, and hold what SQLite's
    /// join gives. Writes that moved no record between groups (an organisation's that kept its country, a theme's)
    /// leave the sets as they were, good for the data as it is.
    @Test func theProjectsCountriesAreReadAgainAfterAnOrganisationIsWritten() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        func create(_ kind: RecordKind, _ json: String) throws -> String { try Self.create(kind, json, in: store) }
        func update(_ kind: RecordKind, _ id: String, _ json: String) throws { try Self.update(kind, id, json, in: store) }
        // An organisation that a project lists without a country of its own: its country is the project's.
        let organisation = try create(.organisation, #"{"name": "Nordby Kommune", "kind": "municipality", "country": "DK"}"#)
        _ = try create(.project, #"{"title": "Nordby project", "kind": "fundedProject", "partners": [{"organisation": "\#(organisation)", "listed_name": "Nordby", "role": "lead"}]}"#)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let countriesRead = try #require(store.sortRankings.sets(of: .projectCountries)).generation
        let themesRead = try #require(store.sortRankings.sets(of: .themes(.organisation))).generation
        try update(.organisation, organisation, #"{"country": "IS"}"#)
        try update(.theme, "tourism", #"{"labels": {"en": "Tourism and travel"}}"#)
        var sets: RecordSets?
        for _ in 0..<500 where sets == nil {
            Thread.sleep(forTimeInterval: 0.02)
            sets = store.sortRankings.sets(of: .projectCountries).flatMap { $0.generation == countriesRead ? nil : $0 }
        }
        let readAgain = try #require(sets, "read again without a list asking")
        let slots = try #require(store.sortRankings.slots(of: .project))
        let expected = try store.read { db in try Self.joined(.projectCountries, db) }
        #expect(expected["IS"]?.isEmpty == false)
        for (country, rowids) in expected {
            #expect(Self.rowids(of: readAgain.members(of: country), slots: slots) == rowids, "\(country)")
        }
        // Each grouping left behind has its turn after a quiet time; the theme's write moved no record.
        try update(.organisation, organisation, #"{"name": "Nordby Kommune (Nordby)", "kind": "municipality"}"#)
        Thread.sleep(forTimeInterval: 2)
        #expect(store.sortRankings.sets(of: .themes(.organisation))?.generation == themesRead, "the themes not read again")
        #expect(store.sortRankings.sets(of: .projectCountries)?.generation == readAgain.generation,
                "the countries not read again after a write that kept the organisation's country")
        let themes = try store.read { db in
            try store.keptRecordSets(.themes(.organisation), generation: store.selectionCounts.generation, db)
        }
        #expect(themes?.written == [organisation], "only the organisation written is not placed by them")
    }

    /// A write of an organisation moves between countries only the projects that list it without a country of
    /// their own, and only when it sets or changes its country: the history since the sets were read tells which,
    /// and a list of a country's projects counts as SQLite does after each write. A write of a theme moves no record
    /// between themes. What a change other than a record's write did cannot be told.
    @Test func anOrganisationsWriteMovesOnlyTheProjectsThatTakeItsCountry() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        func create(_ kind: RecordKind, _ json: String) throws -> String { try Self.create(kind, json, in: store) }
        func update(_ kind: RecordKind, _ id: String, _ json: String) throws { try Self.update(kind, id, json, in: store) }
        let organisation = try create(.organisation, #"{"name": "Nordby Kommune", "kind": "municipality", "country": "DK"}"#)
        // One project takes the organisation's country, the other lists a country of its own for it.
        let taking = try create(.project, #"{"title": "Nordby project", "kind": "fundedProject", "partners": [{"organisation": "\#(organisation)", "listed_name": "Nordby", "role": "lead"}]}"#)
        _ = try create(.project, #"{"title": "Nordby abroad", "kind": "fundedProject", "partners": [{"organisation": "\#(organisation)", "listed_name": "Nordby", "role": "lead", "country": "SE"}]}"#)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let since = try #require(store.sortRankings.recordSets(.projectCountries, generation: store.selectionCounts.generation,
                                                               changes: store.selectionCounts)).sets.lastChange
        func moved(_ grouping: RecordSets.Grouping = .projectCountries) throws -> Set<String>? {
            try store.read { db in try RegistryStore.recordsRegrouped(in: grouping, since: since, db) }
        }
        /// The list's total of a country's projects, and SQLite's count of them.
        func projectsIn(_ country: String) throws -> (listed: Int, counted: Int?) {
            var query = RecordQuery(kind: .project)
            query.country = country
            query.limit = 5
            return (try store.servedList(query, language: "en", personal: false).total, try store.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM project_country WHERE country = ?", arguments: [country])
            })
        }
        #expect(try moved() == [])
        try update(.organisation, organisation, #"{"name": "Nordby Kommune (Nordby)", "kind": "municipality"}"#)
        #expect(try moved() == [], "its country kept")
        let denmark = try projectsIn("DK")
        #expect(denmark.listed == denmark.counted)
        try update(.organisation, organisation, #"{"country": "IS"}"#)
        #expect(try moved() == [taking], "its country changed")
        for country in ["DK", "IS", "SE"] {
            let projects = try projectsIn(country)
            #expect(projects.listed == projects.counted, "\(country)")
        }
        try update(.theme, "tourism", #"{"labels": {"en": "Tourism and travel"}}"#)
        #expect(try moved(.themes(.organisation)) == [])
        // Entries of the history written by another connection: writes of a project, then an import's.
        let history = try DatabaseQueue(path: directory.appendingPathComponent("registry.sqlite").path)
        func note(_ operation: String, _ kind: RecordKind, _ id: String, times: Int = 1) throws {
            try history.write { db in
                for _ in 0..<times {
                    try db.execute(sql: """
                        INSERT INTO change (changed_at, author, operation, record_kind, record_id)
                        VALUES ('2026-12-07T00:00:00Z', 'test', ?, ?, ?)
                        """, arguments: [operation, kind.rawValue, id])
                }
            }
        }
        let project = try #require(try store.read { db in try String.fetchOne(db, sql: "SELECT id FROM project LIMIT 1") })
        let later = try store.read(ChangeLog.newestEntry)
        func movedSinceLater() throws -> Set<String>? {
            try store.read { db in try RegistryStore.recordsRegrouped(in: .themes(.organisation), since: later, db) }
        }
        try note("update", .project, project, times: RegistryStore.regroupedChangeLimit)
        #expect(try movedSinceLater() == [], "as many entries as are looked through")
        try note("update", .project, project)
        #expect(try movedSinceLater() == nil, "more entries than are looked through")
        try note("import", .organisation, organisation)
        #expect(try moved() == nil)
        #expect(try moved(.themes(.organisation)) == nil)
    }

    /// A country's projects are counted from the sets of countries and the projects written since, as SQLite counts
    /// them: one moved out of the country and one created in it, each counted where it is now and not where the sets
    /// had it. A project deleted since leaves the count to SQLite.
    @Test func aCountrysProjectsAreCountedFromTheSetsAndTheProjectsWrittenSince() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        func counts(_ country: String) throws -> (inMemory: (count: Int, exact: Bool)?, counted: Int) {
            try store.read { db in
                (try store.projectCountInMemory(country, generation: store.selectionCounts.generation, db),
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM project_country WHERE country = ?", arguments: [country]) ?? 0)
            }
        }
        let (swedish, organisation) = try store.read { db in
            (try #require(try String.fetchOne(db, sql: """
                SELECT project_id FROM project_country WHERE country = 'SE'
                AND project_id NOT IN (SELECT target_id FROM record_related WHERE target_kind = 'project')
                ORDER BY project_id LIMIT 1
                """)),
             try #require(try String.fetchOne(db, sql: "SELECT id FROM organisation ORDER BY id LIMIT 1")))
        }
        let partners = { (country: String) in
            #"{"partners": [{"organisation": "\#(organisation)", "listed_name": "Listed", "role": "lead", "country": "\#(country)"}]}"#
        }
        _ = try store.write(.project, .update(id: swedish, patch: try JSONValue(parsing: Array(partners("IS").utf8))), author: "test", reason: nil)
        _ = try Self.create(.project, #"{"title": "Created in Sweden", "kind": "fundedProject", "#
                            + partners("SE").dropFirst(), in: store)
        for country in ["SE", "IS", "DK"] {
            let (inMemory, counted) = try counts(country)
            #expect(inMemory?.exact == true, "\(country)")
            #expect(inMemory?.count == counted, "\(country)")
        }
        // Deleted and created again under its id, in Sweden again: a new rowid, and the slot the sets counted it at
        // is no longer its own. The count is not made from the sets then.
        _ = try store.write(.project, .delete(id: swedish), author: "test", reason: nil)
        _ = try Self.create(.project, #"{"id": "\#(swedish)", "title": "Sweden again", "kind": "fundedProject", "#
                            + partners("SE").dropFirst(), in: store)
        let again = try counts("SE")
        #expect(again.inMemory?.exact == false)
        var query = RecordQuery(kind: .project)
        query.country = "SE"
        #expect(try store.servedList(query, language: "en", personal: false).total == again.counted)
        query.limit = 1_000
        let listed = try store.servedList(query, language: "en", personal: false).records.map(\.id)
        #expect(listed == (try store.read { db in
            try String.fetchAll(db, sql: "SELECT project_id FROM project_country WHERE country = 'SE' ORDER BY project_id")
        }))
        // Sets read from data newer than a snapshot's tell it nothing.
        let newest = try store.read(ChangeLog.newestEntry)
        #expect(try store.read { db in try RegistryStore.recordsRegrouped(in: .projectCountries, since: newest + 1, db) } == nil)
    }

    @Test func theOrderOfBytesIsSQLitesBinaryCollation() throws {
        let texts = ["", "a", "A", "aa", "ab", "a b", "Å", "Z", "z", "0", "9a", "a~", "a\u{7F}", "é", "e", "zz", "z z"]
        let sqlite = try DatabaseQueue().read { db in
            try String.fetchAll(db, sql: "SELECT value FROM json_each(?) ORDER BY value COLLATE BINARY",
                                arguments: [String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)])
        }
        func order(_ one: String, _ other: String) -> Int32 {
            Array(one.utf8).withUnsafeBytes { one in Array(other.utf8).withUnsafeBytes { BinaryCollation.order(one, $0) } }
        }
        let ours = texts.sorted { order($0, $1) < 0 }
        #expect(ours == sqlite)
        for text in texts { #expect(order(text, text) == 0) }
    }
}
