import Foundation
import GRDB
import JSONOutput
@testable import Registry
import RegistryImport
import Testing

/// The import engine: one transaction, natural keys, dry runs, `--skip-invalid`, matched organisations and the
/// quality checks, over small files written by the tests.
@Suite struct ImportEngineTests {
    static let mapping = """
        {
          "description": "projects with their lead",
          "source": { "format": "csv", "delimiter": ";" },
          "missing": ["", ":"],
          "records": [
            { "name": "lead", "kind": "organisation", "key": ["name", "country"],
              "fields": { "name": "Lead", "kind": { "value": "municipality" }, "country": { "column": "Land", "parse": "country" },
                          "nuts": { "column": "NUTS", "parse": "nuts" } } },
            { "name": "project", "kind": "project", "key": ["acronym"],
              "fields": {
                "acronym": "Code", "title": "Title", "kind": { "value": "fundedProject" },
                "period": { "fields": { "start": { "column": "Start", "parse": "date", "formats": ["dd.mm.yyyy"] },
                                         "end": { "column": "End", "parse": "date", "formats": ["dd.mm.yyyy"] } } },
                "total_budget": { "column": "Budget", "parse": "money", "decimal": ",", "currency": "EUR" },
                "eu_funding": { "column": "EU", "parse": "money", "decimal": ",", "currency": "EUR" },
                "co_financing_rate": { "column": "Rate", "parse": "percentage", "decimal": "," },
                "partners": { "append": [ { "fields": { "organisation": { "record": "lead" }, "listed_name": "Lead",
                                                        "role": { "value": "lead" } } } ] } } }
          ]
        }
        """

    /// A mapping's record of a project of its own, `Budgeted`, with its budget and EU funding: a row whose funding
    /// exceeds the budget is refused, after the row's records before it were written.
    static let budgetedRecord = """
        { "name": "budgeted", "kind": "project", "key": ["acronym"], "optional": true,
          "fields": { "acronym": "Budgeted", "title": "Title", "kind": { "value": "fundedProject" },
                      "total_budget": { "column": "Budget", "parse": "money", "decimal": ",", "currency": "EUR" },
                      "eu_funding": { "column": "EU", "parse": "money", "decimal": ",", "currency": "EUR" } } }
        """

    static let header = "Code;Title;Lead;Land;NUTS;Start;End;Budget;EU;Rate\n"
    static let valid = header + """
        P1;First project;Stadt Flensburg;Deutschland;:;01.01.2020;31.12.2022;100.000,00 €;80.000,00 €;80%
        P2;Second project;Stadt Flensburg;Deutschland;:;01.03.2021;28.02.2023;50.000,00 €;40.000,00 €;75%
        P2;Second project;Sønderborg Kommune;Danmark;:;01.03.2021;28.02.2023;50.000,00 €;40.000,00 €;75%

        """

    @Test func reimportChangesNothing() throws {
        let harness = try ImportHarness()
        let first = try harness.run(text: Self.valid, name: "projects.csv", mapping: Self.mapping)
        #expect(first.summary == "4 created, 0 updated, 0 unchanged, 0 rejected (3 rows read)")
        let changes = try harness.store.latestChangeID()
        let second = try harness.run(text: Self.valid, name: "projects.csv", mapping: Self.mapping)
        #expect(second.summary == "0 created, 0 updated, 4 unchanged, 0 rejected (3 rows read)")
        #expect(try harness.store.latestChangeID() == changes)
        // The rows of P2 group into one project with both leads' rows as partners.
        let p2 = try #require(try harness.store.record(Project.self, id: "p2"))
        #expect(p2.partners.map(\.listedName) == ["Stadt Flensburg", "Sønderborg Kommune"])
        #expect(p2.evidence.map(\.quote).map { $0.prefix(7) } == ["line 3:", "line 4:"])
        // Rows that restate an organisation add no evidence to it: its first row's says where it comes from.
        let flensburg = try #require(try harness.store.record(Organisation.self, id: "stadt-flensburg-de"))
        #expect(flensburg.evidence.map(\.quote).map { $0.prefix(7) } == ["line 2:"])
        // A changed value is an update of the same record, not a new one.
        let changed = try harness.run(text: Self.valid.replacingOccurrences(of: "First project", with: "First project, renamed"),
                                      name: "projects.csv", mapping: Self.mapping)
        #expect(changed.created == 0 && changed.updated >= 1)
        #expect(try harness.store.record(Project.self, id: "p1")?.title == "First project, renamed")
    }

    /// Rows that change a record and then change it back, in an import of a file imported before, leave it as it
    /// was: the import reports it unchanged and makes no entry in the history, as no record changed.
    @Test func rowsThatChangeARecordBackMakeNoHistoryEntry() throws {
        let harness = try ImportHarness()
        let text = Self.header + """
            P1;First project;Stadt Flensburg;Deutschland;:;01.01.2020;31.12.2022;100.000,00 €;80.000,00 €;80%
            P1;Another title;Stadt Flensburg;Deutschland;:;01.01.2020;31.12.2022;100.000,00 €;80.000,00 €;80%
            P1;First project;Stadt Flensburg;Deutschland;:;01.01.2020;31.12.2022;100.000,00 €;80.000,00 €;80%

            """
        let first = try harness.run(text: text, name: "back.csv", mapping: Self.mapping)
        #expect(first.summary == "2 created, 0 updated, 0 unchanged, 0 rejected (3 rows read)")
        #expect(try harness.store.record(Project.self, id: "p1")?.title == "First project")
        let entries = try harness.store.latestChangeID()
        let again = try harness.run(text: text, name: "back.csv", mapping: Self.mapping)
        #expect(again.summary == "0 created, 0 updated, 2 unchanged, 0 rejected (3 rows read)")
        #expect(try harness.store.latestChangeID() == entries)
        #expect(try harness.store.changes(ChangeQuery(kind: .project, recordID: "p1"), personal: true).total == 1)
    }

    /// A row that changes a field another record of the mapping is keyed by makes the record found by that key at
    /// the next row, not made again.
    @Test func aRecordFoundByAKeyAnEarlierRowGaveItIsNotMadeAgain() throws {
        let harness = try ImportHarness()
        let mapping = """
            {
              "source": { "format": "csv", "delimiter": ";" },
              "missing": ["", ":"],
              "records": [
                { "name": "named", "kind": "organisation", "key": ["name", "country"], "optional": true,
                  "fields": { "name": "Name", "kind": { "value": "municipality" }, "country": { "column": "Land", "parse": "country" },
                              "description": "Description" } },
                { "name": "described", "kind": "organisation", "key": ["description"], "optional": true,
                  "fields": { "description": "Described", "name": "Other name", "kind": { "value": "municipality" },
                              "country": { "column": "Land", "parse": "country" } } }
              ]
            }
            """
        let header = "Name;Land;Description;Other name;Described\n"
        try harness.run(text: header + "Stadt Husum;Deutschland;:;:;:\n", name: "named.csv", mapping: mapping)
        // Line 2 gives Stadt Husum its description; line 3 finds the organisation by it.
        let text = header + "Stadt Husum;Deutschland;Hafenstadt;:;:\n:;Deutschland;:;Stadt Husum;Hafenstadt\n"
        let report = try harness.run(text: text, name: "described.csv", mapping: mapping) { $0.listRows = true }
        #expect(report.rows.map(\.records) == [["updated organisation/stadt-husum-de"], ["unchanged organisation/stadt-husum-de"]])
        #expect(report.summary == "0 created, 1 updated, 0 unchanged, 0 rejected (2 rows read)")
        #expect(try harness.store.counts()[.organisation, default: 0] == 1)
    }

    /// A row rejected after it changed a record that an earlier row wrote takes its change back with the rest of
    /// what it wrote: the record keeps the earlier rows' partners and gains the later rows', and names no
    /// organisation the rejected row made.
    @Test func aRejectedRowTakesBackItsChangeOfARecord() throws {
        let harness = try ImportHarness()
        let mapping = """
            {
              "source": { "format": "csv", "delimiter": ";" },
              "missing": ["", ":"],
              "records": [
                { "name": "partner", "kind": "organisation", "key": ["name", "country"],
                  "fields": { "name": "Partner", "kind": { "value": "municipality" }, "country": { "column": "Land", "parse": "country" } } },
                { "name": "project", "kind": "project", "key": ["acronym"],
                  "fields": { "acronym": "Code", "title": "Title", "kind": { "value": "fundedProject" },
                              "partners": { "append": [ { "fields": { "organisation": { "record": "partner" }, "listed_name": "Partner",
                                                                      "role": { "value": "partner" } } } ] } } },
                \(Self.budgetedRecord)
              ]
            }
            """
        // Line 3 adds Stadt Kiel to P1, then makes a project whose EU funding exceeds its budget.
        let text = """
            Code;Title;Partner;Land;Budgeted;Budget;EU
            P1;First;Stadt Husum;Deutschland;:;:;:
            P1;First;Stadt Kiel;Deutschland;B1;100,00 €;180,00 €
            P1;First;Stadt Flensburg;Deutschland;:;:;:

            """
        let report = try harness.run(text: text, name: "taken-back.csv", mapping: mapping) { $0.skipInvalid = true }
        #expect(report.rejected.map(\.location.description) == ["line 3"])
        #expect(report.summary == "3 created, 0 updated, 0 unchanged, 1 rejected (3 rows read)")
        let project = try #require(try harness.store.record(Project.self, id: "p1"))
        #expect(project.partners.map(\.listedName) == ["Stadt Husum", "Stadt Flensburg"])
        #expect(project.evidence.map(\.quote).map { $0.prefix(7) } == ["line 2:", "line 4:"])
        #expect(try harness.store.record(Organisation.self, id: "stadt-kiel-de") == nil)
        #expect(try harness.store.counts()[.organisation, default: 0] == 2)
    }

    /// The import's write path leaves each record as the API's does: after the import, a change of every record
    /// through the API and its undoing (which recompute its stored forms, links and findings) leave the same
    /// record, findings and related records as the import did.
    @Test func importedRecordsAreWhatTheAPIsWritePathMakes() throws {
        let harness = try ImportHarness()
        let report = try harness.run("erdf_thueringen_2014-2020_operations.excerpt.csv", profile: "erdf-operations-thueringen") {
            $0.listRows = true
        }
        let labels = Set(report.rows.flatMap(\.records).compactMap { $0.split(separator: " ").last.map(String.init) }).sorted()
        #expect(labels.contains { $0.hasPrefix("project/") } && labels.contains { $0.hasPrefix("organisation/") })
        func snapshot(_ kind: RecordKind, _ id: String) throws -> [String] {
            [try harness.store.servedRecord(kind, id: id, language: "en", personal: true)?.json ?? "none"]
                + (try harness.store.servedFindings(recordKind: kind, recordID: id))
                + (try harness.store.relatedSummaries(of: kind, id: id, language: "en")).map { "\($0.relation) \($0.kind.rawValue)/\($0.id)" }
        }
        for label in labels {
            let parts = label.split(separator: "/").map(String.init)
            let kind = try #require(RecordKind(rawValue: parts[0]))
            let id = parts[1]
            let imported = try snapshot(kind, id)
            let nameField = kind == .project ? "title" : "name"
            let name = try #require(try harness.served(kind, id)?[nameField])
            let changed = try harness.store.write(kind, .update(id: id, patch: .object([nameField: .string("a name for a moment")])),
                                                  author: "test", reason: nil)
            #expect(changed.change != nil)
            let undone = try harness.store.write(kind, .update(id: id, patch: .object([nameField: name])), author: "test", reason: nil)
            #expect(undone.change != nil)
            #expect(try snapshot(kind, id) == imported, "\(label)")
        }
    }

    /// An import is one entry of the history, listing the records it wrote; a record's history and a read as of a
    /// time see it, with the record's own versions before and after.
    /// An import that writes much of the full-text index leaves it merged into one segment, which a search reads
    /// faster; a small one into a larger index leaves FTS5's own merging to it.
    @Test func aLargeImportLeavesTheSearchIndexInOneSegment() throws {
        let harness = try ImportHarness()
        let mapping = """
            { "source": { "format": "csv", "delimiter": "," },
              "records": [ { "kind": "organisation", "key": ["name", "country"],
                             "fields": { "name": "name", "kind": { "value": "association" }, "country": "country" } } ] }
            """
        /// Whether merging the index into one segment would change it: false once it is in one. The merge is
        /// rolled back.
        func mergeChangesIndex() throws -> Bool {
            var changes = false
            try harness.store.database.writeWithoutTransaction { db in
                try db.inTransaction {
                    let blocks = "SELECT group_concat(hex(block), '') FROM (SELECT block FROM search_data ORDER BY id)"
                    let before = try String.fetchOne(db, sql: blocks)
                    try SearchIndex.optimize(db)
                    changes = try String.fetchOne(db, sql: blocks) != before
                    return .rollback
                }
            }
            return changes
        }
        // Two imports, each of which writes its entries in one statement: the second finds the first's segment.
        let count = SearchIndex.optimizedImport + 200
        for town in ["Malmö", "Lund"] {
            let rows = (0..<count).map { "Förening \($0) i \(town),SE\n" }.joined()
            let large = try harness.run(text: "name,country\n" + rows, name: "\(town).csv", mapping: mapping)
            #expect(large.created == count)
        }
        #expect(try !mergeChangesIndex())
        let small = try harness.run(text: "name,country\nKlubben i Lund,SE\n", name: "small.csv", mapping: mapping)
        #expect(small.created == 1)
        #expect(try mergeChangesIndex())
    }

    @Test func anImportIsOneEntryOfTheHistory() throws {
        let harness = try ImportHarness()
        let first = try harness.run(text: Self.valid, name: "projects.csv", mapping: Self.mapping)
        let feed = try harness.store.changes(ChangeQuery(), personal: true)
        #expect(feed.total == 1)
        let entry = try #require(feed.changes.first)
        #expect(entry.operation == .import && entry.kind == nil && entry.recordID == first.provenanceDocument)
        #expect(entry.after?.contains(#""created":4"#) == true && entry.after?.contains(#""file":"projects.csv""#) == true)

        let history = try harness.store.changes(ChangeQuery(kind: .project, recordID: "p1"), personal: true)
        #expect(history.changes.map(\.id) == [entry.id])
        #expect(history.changes.first?.before == nil)
        #expect(history.changes.first?.after?.contains("First project") == true)
        #expect(try harness.store.changes(ChangeQuery(kind: .organisation), personal: true).total == 1)
        guard case .notYetCreated = try harness.store.record(.project, id: "p1", at: Date(timeIntervalSince1970: 0), personal: true) else {
            Issue.record("a record an import created did not exist before it")
            return
        }

        // The same file again changes nothing and makes no entry.
        try harness.run(text: Self.valid, name: "projects.csv", mapping: Self.mapping)
        #expect(try harness.store.changes(ChangeQuery(), personal: true).total == 1)

        Thread.sleep(forTimeInterval: 0.01)
        let betweenImports = Date()
        Thread.sleep(forTimeInterval: 0.01)
        try harness.run(text: Self.valid.replacingOccurrences(of: "First project", with: "First project, renamed"),
                        name: "projects.csv", mapping: Self.mapping)
        let renamed = try harness.store.changes(ChangeQuery(kind: .project, recordID: "p1"), personal: true).changes
        #expect(renamed.count == 2)
        #expect(renamed.first?.after?.contains("First project, renamed") == false)
        #expect(renamed.last?.before == renamed.first?.after)
        #expect(renamed.last?.after?.contains("First project, renamed") == true)
        guard case .existed(let then) = try harness.store.record(.project, id: "p1", at: betweenImports, personal: true) else {
            Issue.record("p1 existed between the imports")
            return
        }
        #expect(then.contains("First project") && !then.contains("renamed"))
        #expect(try harness.store.changes(ChangeQuery(), personal: true).total == 2)
    }

    @Test func anExistingOrganisationIsMatchedNotDuplicated() throws {
        let harness = try ImportHarness()
        _ = try harness.store.write(.organisation, .create(.object([
            "id": .string("flensburg"), "name": .string("Stadt Flensburg"), "kind": .string("municipality"), "country": .string("DE"),
        ])), author: "test", reason: nil)
        try harness.run(text: Self.valid, name: "projects.csv", mapping: Self.mapping)
        #expect(try harness.store.record(Project.self, id: "p1")?.partners.first?.organisation == "flensburg")
        #expect(try harness.store.records(Organisation.self).filter { $0.name == "Stadt Flensburg" }.count == 1)
        // The same name written otherwise (case, spaces) is the same organisation as an earlier import's.
        let first = Self.header + "P7;Seventh;Hafen  Kiel GmbH;Deutschland;:;01.01.2020;31.12.2020;1,00 €;1,00 €;100%\n"
        try harness.run(text: first, name: "first.csv", mapping: Self.mapping)
        let second = Self.header + "P8;Eighth;HAFEN KIEL GMBH;Deutschland;:;01.01.2020;31.12.2020;1,00 €;1,00 €;100%\n"
        try harness.run(text: second, name: "second.csv", mapping: Self.mapping)
        #expect(try harness.store.record(Project.self, id: "p8")?.partners.first?.organisation == "hafen-kiel-gmbh-de")
        let kiel = try harness.store.records(Organisation.self).filter { $0.name.lowercased().contains("hafen") }
        #expect(kiel.map(\.name) == ["Hafen Kiel GmbH"] && kiel.first?.aliases == ["HAFEN KIEL GMBH"])
        // Same name, another country: another organisation.
        let other = Self.header + "P9;Ninth;Stadt Flensburg;Sverige;:;01.01.2020;31.12.2020;1,00 €;1,00 €;100%\n"
        try harness.run(text: other, name: "other.csv", mapping: Self.mapping)
        #expect(try harness.store.records(Organisation.self).filter { $0.name == "Stadt Flensburg" }.count == 2)
    }

    /// A new record whose key makes an id that a record with another key has already gets the next free one; an
    /// import into a kind with no records yet finds its own ids without asking the registry, and still numbers them.
    @Test func anIDTakenByAnotherRecordIsNotReused() throws {
        let harness = try ImportHarness()
        _ = try harness.store.write(.organisation, .create(.object([
            "id": .string("stadt-husum-de"), "name": .string("Husum Hafen"), "kind": .string("company"), "country": .string("DE"),
        ])), author: "test", reason: nil)
        let husum = Self.header + "P1;First;Stadt Husum;Deutschland;:;01.01.2020;31.12.2020;1,00 €;1,00 €;100%\n"
        let report = try harness.run(text: husum, name: "husum.csv", mapping: Self.mapping)
        #expect(report.summary == "2 created, 0 updated, 0 unchanged, 0 rejected (1 row read)")
        #expect(try harness.store.record(Organisation.self, id: "stadt-husum-de")?.name == "Husum Hafen")
        #expect(try harness.store.record(Organisation.self, id: "stadt-husum-de-2")?.name == "Stadt Husum")
        #expect(try harness.store.record(Project.self, id: "p1")?.partners.first?.organisation == "stadt-husum-de-2")
    }

    @Test func dryRunReportsRowByRowAndWritesNothing() throws {
        let harness = try ImportHarness()
        let before = try harness.footprint()
        let invalid = Self.valid + "P3;Third;Stadt Flensburg;Deutschland;:;01.01.2024;31.12.2023;1,00 €;1,00 €;100%\n"
        let report = try harness.run(text: invalid, name: "projects.csv", mapping: Self.mapping) {
            $0.dryRun = true
            $0.skipInvalid = true
            $0.listRows = true
        }
        #expect(try harness.footprint() == before)
        #expect(report.created == 4 && report.rejected.count == 1)
        #expect(report.rows.map(\.location.description) == ["line 2", "line 3", "line 4", "line 5"])
        #expect(report.rows[0].records == ["created organisation/stadt-flensburg-de", "created project/p1"])
        // The organisation of row 2 is row 1's, restated: the row changes nothing in it.
        #expect(report.rows[1].records == ["unchanged organisation/stadt-flensburg-de", "created project/p2"])
        #expect(report.rows[3].status == .rejected && report.rows[3].reason?.contains("/period") == true)
    }

    @Test func oneInvalidRowRejectsTheWholeFileUnlessSkipped() throws {
        let harness = try ImportHarness()
        let invalid = Self.valid + "P3;Third;Stadt Flensburg;Deutschland;:;01.01.2020;31.12.2023;10,00 €;20,00 €;100%\n"
            + "P4;Fourth;Stadt Flensburg;Deutschland;:;31.02.2020;31.12.2023;10,00 €;10,00 €;100%\n"
        let before = try harness.footprint()
        let failure = try #require(throws: ImportFailure.self) {
            try harness.run(text: invalid, name: "projects.csv", mapping: Self.mapping)
        }
        let message = failure.description
        #expect(message.hasPrefix("projects.csv: 2 invalid rows, nothing imported"))
        #expect(message.contains("line 5: invalid record: /eu_funding: exceeds the total budget"))
        #expect(message.contains("line 6, column 6 (Start): `project.period.start`: \"31.02.2020\" is not a date as dd.mm.yyyy: month 2 of 2020 has no day 31"))
        #expect(try harness.footprint() == before)

        let report = try harness.run(text: invalid, name: "projects.csv", mapping: Self.mapping) { $0.skipInvalid = true }
        #expect(report.summary == "4 created, 0 updated, 0 unchanged, 2 rejected (5 rows read)")
        #expect(try harness.store.record(Project.self, id: "p3") == nil && harness.store.record(Project.self, id: "p1") != nil)
    }

    /// Rows refused after the rows before them were read, with `--skip-invalid` (`refused-rows.csv`: rows 3 to 5
    /// state an EU contribution above the budget, row 3 after reading its lead, which is there already, row 4 after
    /// giving it another alias, row 5 after making a new lead): each keeps its line in the provenance document, and
    /// what it wrote before its second record was refused is undone, whether it was a new record held back to be
    /// written with other rows or a change of a record written at once.
    @Test func aRefusedRowKeepsItsProvenanceLineAndUndoesWhatItWrote() throws {
        let harness = try ImportHarness()
        var importer = Importer(mapping: try ImportMapping.parse(
            Data(contentsOf: ImportHarness.fixtures.appendingPathComponent("refused-rows.mapping.json")), file: "refused-rows.mapping.json",
            name: "refused-rows"))
        importer.skipInvalid = true
        let report = try importer.run(try ImportInput.file(ImportHarness.fixtures.appendingPathComponent("refused-rows.csv").path),
                                      into: harness.store)
        #expect(report.summary == "4 created, 0 updated, 0 unchanged, 3 rejected (5 rows read)")
        #expect(report.rejected.map(\.location.description) == ["line 3", "line 4", "line 5"])
        let document = try #require(try harness.store.document(id: report.provenanceDocument))
        #expect(document.text.split(separator: "\n").map { String($0.prefix(7)) } == ["line 2:", "line 3:", "line 4:", "line 5:", "line 6:"])
        #expect(try harness.store.counts()[.organisation] == 2 && harness.store.counts()[.project] == 2)
        let lead = try #require(try harness.served(.organisation, "stadt-flensburg-de"))
        #expect(lead["aliases"] == .array([.string("Flensborg")]))
    }

    /// A record that a refused row made, and that a later record of the same row was found to name, is forgotten
    /// with the row: a later row naming it is refused as naming no record, as if the refused row had never run
    /// (validation remembers the records it found for the rest of the import).
    @Test func aRecordARefusedRowMadeIsNotFoundByLaterRows() throws {
        let harness = try ImportHarness()
        let mapping = """
            {
              "source": { "format": "csv", "delimiter": ";" },
              "missing": ["", ":"],
              "records": [
                { "name": "lead", "kind": "organisation", "key": ["name", "country"], "optional": true,
                  "fields": { "name": "Lead", "kind": { "value": "municipality" }, "country": { "column": "Land", "parse": "country" } } },
                { "name": "project", "kind": "project", "key": ["acronym"],
                  "fields": { "acronym": "Code", "title": "Title", "kind": { "value": "fundedProject" },
                              "partners": { "append": [ { "fields": { "organisation": "Partner", "listed_name": { "value": "Stadt Husum" },
                                                                      "role": { "value": "partner" } } } ] } } },
                \(Self.budgetedRecord)
              ]
            }
            """
        // Line 2 makes Stadt Husum and a project naming it, then a project whose EU funding exceeds its budget.
        let text = """
            Code;Title;Lead;Land;Partner;Budgeted;Budget;EU
            P1;First;Stadt Husum;Deutschland;stadt-husum-de;B1;100,00 €;180,00 €
            P2;Second;:;:;stadt-husum-de;:;:;:

            """
        let report = try harness.run(text: text, name: "forgotten.csv", mapping: mapping) { $0.skipInvalid = true }
        #expect(report.summary == "0 created, 0 updated, 0 unchanged, 2 rejected (2 rows read)")
        #expect(report.rejected.map(\.location.description) == ["line 2", "line 3"])
        #expect(report.rejected.last?.reason?.contains("stadt-husum-de") == true)
        #expect(try harness.store.counts()[.organisation, default: 0] == 0 && harness.store.counts()[.project, default: 0] == 0)
    }

    /// A report keeps the first rejected rows and counts them all; without `--skip-invalid` the import stops
    /// reading once it has kept as many.
    @Test func aReportKeepsTheFirstRejectedRows() throws {
        let harness = try ImportHarness()
        // Rejected as their dates are read, before any record is made: cheap rows.
        let rows = (1...1_500).map { "R\($0);Row \($0);Stadt Flensburg;Deutschland;:;31.02.2020;31.12.2023;1,00 €;1,00 €;100%\n" }
        let text = Self.header + rows.joined()
        let report = try harness.run(text: text, name: "periods.csv", mapping: Self.mapping) { $0.skipInvalid = true }
        #expect(report.rejectedCount == 1_500 && report.rejected.count == ImportReport.keptRejections)
        #expect(report.rejected.first?.location.description.hasPrefix("line 2,") == true && report.summary.contains("1500 rejected (1500 rows read)"))
        let failure = try #require(throws: ImportFailure.self) { try harness.run(text: text, name: "periods.csv", mapping: Self.mapping) }
        #expect(failure.description.hasPrefix("periods.csv: 1001 invalid rows, nothing imported"))
    }

    @Test func qualityChecksRunOnImportedRecords() throws {
        let harness = try ImportHarness()
        // 100,000 × 70 % is 70,000, not the 80,000 stated.
        let text = Self.header + "Q1;Quality;Stadt Flensburg;Deutschland;:;01.01.2020;31.12.2022;100.000,00 €;80.000,00 €;70%\n"
        try harness.run(text: text, name: "quality.csv", mapping: Self.mapping)
        let findings = try harness.store.findings(recordKind: .project, recordID: "q1")
        let arithmetic = try #require(findings.first { $0.check == .fundingArithmetic })
        #expect(arithmetic.severity == .warning && arithmetic.computed == "70,000.00 EUR")
        // An unknown NUTS code is refused, naming the field.
        let unknown = Self.header + "Q2;Unknown NUTS;Stadt Kiel;Deutschland;XX999;01.01.2020;31.12.2022;1,00 €;1,00 €;100%\n"
        let failure = try #require(throws: ImportFailure.self) { try harness.run(text: unknown, name: "nuts.csv", mapping: Self.mapping) }
        #expect(failure.description.contains("line 2: invalid record: /nuts:"))
    }
}
