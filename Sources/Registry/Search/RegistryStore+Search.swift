import Foundation
import GRDB

extension RegistryStore {
    /// Ranked full-text search over every record and every document passage.
    ///
    /// `query` holds plain words, all of which must occur (the last one also as the start of a longer
    /// word), and `"quoted phrases"`. Case, diacritics and scripts are folded (see ``SearchFolding``), and
    /// the names of gazetteer places and records stand for all their spellings: `Hamburg` also finds
    /// `Hamborg`, `Varna` finds `Община Варна`. A record or document is one hit however many of its
    /// passages match; hits come best first (bm25, names weighted above other text), ties by type and id.
    ///
    /// - Parameters:
    ///   - types: the kinds of hit to return; nil for all.
    ///   - language: a language code (`en`, `da`, `de`) to name records in, where they have such a name.
    /// - Throws: ``SearchError`` when the query holds no word or too many.
    public func search(
        _ query: String, types: [SearchType]? = nil, limit: Int = 20, offset: Int = 0, language: String? = nil
    ) throws -> SearchResults {
        try database.read { db in
            let parsed = try SearchQuery(query) { try RegistryStore.aliases(of: $0, db) }
            let filter = RegistryStore.typeFilter(types)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH matches AS MATERIALIZED (
                        SELECT rowid AS entry, bm25(search, 8.0, 1.0) AS rank FROM search WHERE search MATCH ?
                    )
                    SELECT e.type, e.record_id, e.label, e.labels, e.name_text, e.body_text, min(m.rank) AS rank,
                           count(*) OVER () AS total
                    FROM matches m JOIN search_entry e ON e.id = m.entry
                    WHERE \(filter.sql)
                    GROUP BY e.type, e.record_id
                    ORDER BY rank, e.type, e.record_id
                    LIMIT ? OFFSET ?
                    """,
                arguments: [parsed.expression] + filter.arguments + [max(0, limit), max(0, offset)])
            var total: Int = rows.first?["total"] ?? 0
            if rows.isEmpty && offset > 0 {
                total = try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(DISTINCT e.type || '/' || e.record_id)
                        FROM search JOIN search_entry e ON e.id = search.rowid
                        WHERE search MATCH ? AND \(filter.sql)
                        """,
                    arguments: [parsed.expression] + filter.arguments) ?? 0
            }
            let decoder = JSONDecoder()
            let hits = rows.compactMap { row -> SearchHit? in
                guard let type = SearchType(rawValue: row["type"]) else { return nil }
                var name: String = row["label"]
                if let language, let labelsJSON: String = row["labels"],
                   let labels = try? decoder.decode([String: String].self, from: Data(labelsJSON.utf8)),
                   let translated = labels[language] {
                    name = translated
                }
                let nameText: String = row["name_text"]
                let bodyText: String = row["body_text"]
                let snippet = SearchSnippet.make(bodyText, query: parsed)
                    ?? SearchSnippet.make(nameText, query: parsed)
                    ?? SearchSnippet.make(name, query: parsed)
                    ?? ""
                let rank: Double = row["rank"]
                return SearchHit(type: type, id: row["record_id"], name: name, score: rank == 0 ? 0 : -rank, snippet: snippet)
            }
            return SearchResults(hits: hits, total: total)
        }
    }

    /// The ids of the records of `kind` that match `query` (as in ``search(_:types:limit:offset:language:)``),
    /// best first.
    public func searchIDs(of kind: RecordKind, matching query: String) throws -> [String] {
        try database.read { db in
            let parsed = try SearchQuery(query) { try RegistryStore.aliases(of: $0, db) }
            return try String.fetchAll(
                db,
                sql: """
                    WITH matches AS MATERIALIZED (
                        SELECT rowid AS entry, bm25(search, 8.0, 1.0) AS rank FROM search WHERE search MATCH ?
                    )
                    SELECT e.record_id
                    FROM matches m JOIN search_entry e ON e.id = m.entry
                    WHERE e.type = ?
                    GROUP BY e.record_id
                    ORDER BY min(m.rank), e.record_id
                    """,
                arguments: [parsed.expression, kind.rawValue])
        }
    }

    /// For each folded spelling that names a place or record, the folded spellings of the same places and records.
    private static func aliases(of spellings: Set<String>, _ db: Database) throws -> [String: Set<String>] {
        guard !spellings.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: spellings.count).joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT a.spelling AS spelling, b.spelling AS alternative
                FROM search_alias a JOIN search_alias b ON b.group_key = a.group_key
                WHERE a.spelling IN (\(placeholders))
                """,
            arguments: StatementArguments(Array(spellings)))
        var aliases: [String: Set<String>] = [:]
        for row in rows {
            let spelling: String = row["spelling"]
            let alternative: String = row["alternative"]
            if alternative != spelling { aliases[spelling, default: []].insert(alternative) }
        }
        return aliases
    }

    private static func typeFilter(_ types: [SearchType]?) -> (sql: String, arguments: StatementArguments) {
        guard let types else { return ("1", []) }
        let unique = Array(Set(types.map(\.rawValue))).sorted()
        guard !unique.isEmpty else { return ("0", []) }
        return ("e.type IN (\(Array(repeating: "?", count: unique.count).joined(separator: ", ")))", StatementArguments(unique))
    }
}
