import Foundation
import JSONOutput
import PostgresClient

extension PostgresRegistryStore {
    /// Runs a list query as ``RegistryStore/list(_:_:)`` does: filters in SQL over the typed columns and link
    /// tables, sorts, counts, and returns one page of records.
    public func list<R: RegistryRecord>(_ type: R.Type, _ query: RecordQuery) throws -> RecordPage<R> {
        precondition(query.kind == R.kind, "a \(R.kind) query must read \(R.kind) records")
        let decoder = JSONTextDecoder()
        let (records, total, _) = try page(query, columns: ["t.data"]) { row in
            try decoder.decode(R.self, from: try row.get(0, as: String.self))
        }
        return RecordPage(records: records, total: total)
    }

    /// Runs a list query as ``list(_:_:)`` does, and returns the page's records as served, labelled in `language`.
    public func servedList(_ query: RecordQuery, language: String, personal: Bool) throws -> ServedPage {
        let served = RegistryStore.servedColumn(query.kind, personal: personal)
        let columns = ["t.id", "t.\(served)", "t.\(RegistryStore.nameColumn(language))"]
        let (records, total, last) = try page(query, columns: columns) { row in
            ServedRecord(id: try row.get(0), json: try row.get(1), label: try row.get(2))
        }
        return ServedPage(records: records, total: total, last: last)
    }

    /// Up to `count` records of the query's selection as served, labelled in `language`, in the query's order,
    /// after `position` (from the start when nil), as ``RegistryStore/servedBatch(_:after:count:language:personal:)``
    /// gives them. The query's `limit` and `offset` are not used; each batch is a read of its own.
    public func servedBatch(_ query: RecordQuery, after position: ListPosition?, count: Int,
                            language: String, personal: Bool) throws -> ServedBatch {
        let (source, sourceParameters, terms) = try PostgresRegistryStore.ordering(of: query)
        var parameters = sourceParameters
        let conditions = PostgresRegistryStore.conditions(for: query, projectCountry: .collect, &parameters)
        let segments = position.map { KeysetSegment.segments(after: $0, terms: terms, parameters: parameters) }
            ?? [KeysetSegment.whole(terms, parameters: parameters)]
        let selected = """
            t.id, t.\(RegistryStore.servedColumn(query.kind, personal: personal)), t.\(RegistryStore.nameColumn(language)), \(terms.map(\.expression).joined(separator: ", "))
            """
        return try read { connection in
            var records: [ServedBatch.Record] = []
            records.reserveCapacity(count)
            var next: ListPosition?
            for segment in segments where records.count < count {
                let (sql, parameters) = segment.select(selected, from: source, where: conditions,
                                                       limit: count - records.count, offset: 0)
                let result = try connection.query(sql, parameters.values)
                for row in result.rows {
                    records.append(ServedBatch.Record(id: try row.get(0), json: Array(try row.get(1, as: String.self).utf8),
                                                      label: try row.get(2)))
                }
                if records.count == count, result.count > 0 {
                    next = try PostgresRegistryStore.position(result, row: result.count - 1, terms: 3..<(3 + terms.count))
                }
            }
            return ServedBatch(records: records, next: records.count == count ? next : nil)
        }
    }

    /// The records of `kind` at the positions `range` of `ids`, as served, labelled in `language`, in the order of
    /// `ids`, as ``RegistryStore/servedRecords(_:ids:in:language:personal:)`` gives them (by their ids here).
    public func servedRecords(_ kind: RecordKind, ids: RecordIDs, in range: Range<Int>, language: String,
                              personal: Bool) throws -> [ServedBatch.Record] {
        let ids = ids.ids(in: range)
        return try read { connection in
            try connection.query("""
                SELECT t.id, t.\(RegistryStore.servedColumn(kind, personal: personal)), t.\(RegistryStore.nameColumn(language))
                FROM json_array_elements_text($1::json) WITH ORDINALITY AS hit(id, key) JOIN \(kind.rawValue) AS t ON t.id = hit.id
                ORDER BY hit.key
                """, [.text(RegistryStore.jsonArray(ids))]).rows.map { row in
                ServedBatch.Record(id: try row.get(0), json: Array(try row.get(1, as: String.self).utf8), label: try row.get(2))
            }
        }
    }

    /// The ids of every record of the query's selection, in the query's order, in one read, as
    /// ``RegistryStore/selectionIDs(_:)`` gives them.
    public func selectionIDs(_ query: RecordQuery) throws -> RecordIDs {
        let (source, sourceParameters, terms) = try PostgresRegistryStore.ordering(of: query)
        var parameters = sourceParameters
        let conditions = PostgresRegistryStore.conditions(for: query, projectCountry: .collect, &parameters)
        let (sql, statementParameters) = KeysetSegment.whole(terms, parameters: parameters)
            .select("t.id", from: source, where: conditions, limit: Int.max, offset: 0)
        return try read { connection in
            var ids = RecordIDs()
            for row in try connection.query(sql, statementParameters.values).rows { ids.append(try row.get(0, as: String.self)) }
            return ids
        }
    }

    /// The selection's count, its page (the `columns` of each row, made a `T` by `decode`), and the order values
    /// of the page's last row.
    private func page<T>(_ query: RecordQuery, columns: [String], _ decode: (PostgresRow) throws -> T) throws
        -> (rows: [T], total: Int, last: ListPosition?) {
        let (source, sourceParameters, terms) = try PostgresRegistryStore.ordering(of: query)
        // A position made for another order (a cursor of an older release) is not used; the offset still is.
        let after = query.after.flatMap { $0.values.count == terms.count ? $0 : nil }
        let selected = (columns + terms.map(\.expression)).joined(separator: ", ")
        let generation = PostgresRegistryStore.snapshotCountGeneration ?? selectionCounts.generation
        /// The selection's conditions, with the projects of a country read as `test` says, numbered after the source's.
        func selection(_ test: RegistryStore.CountryTest) -> (conditions: [String], parameters: PostgresParameters) {
            var parameters = sourceParameters
            let conditions = PostgresRegistryStore.conditions(for: query, projectCountry: test, &parameters)
            return (conditions, parameters)
        }
        return try read { connection in
            let collected = selection(.collect)
            if let ranked = query.rankedMatches, query.sort.isEmpty, collected.conditions.isEmpty {
                return try rankedPage(try ranked.ids(), query: query, after: after, columns: columns, connection, decode)
            }
            let total: Int
            if let country = RegistryStore.onlyProjectCountry(query) {
                total = try count(connection, "SELECT count(*) FROM project_country WHERE country = $1", [.text(country)],
                                  generation: generation)
            } else {
                total = try count(connection, "SELECT count(*) FROM \(source) \(RegistryStore.whereClause(collected.conditions))",
                                  collected.parameters.values, generation: generation)
            }
            // An offset past the end selects nothing.
            guard query.offset < total else { return ([], total, nil) }
            var chosen = collected
            if query.kind == .project, query.country != nil {
                // As on SQLite: probe each project in the list's order for the country when most projects have
                // it, collect the country's projects first when few do.
                let projects = try count(connection, "SELECT count(*) FROM project", [], generation: generation)
                if (query.offset + query.limit) * projects < total * total { chosen = selection(.probe) }
            }
            var rows: [T] = []
            var last: ListPosition?
            let segments = after.map { KeysetSegment.segments(after: $0, terms: terms, parameters: chosen.parameters) }
                ?? [KeysetSegment.whole(terms, parameters: chosen.parameters)]
            for segment in segments where rows.count < query.limit {
                let (sql, parameters) = segment.select(selected, from: source, where: chosen.conditions,
                                                       limit: query.limit - rows.count, offset: after == nil ? query.offset : 0)
                let result = try connection.query(sql, parameters.values)
                rows += try result.rows.map(decode)
                if result.count > 0 {
                    last = try PostgresRegistryStore.position(result, row: result.count - 1,
                                                              terms: columns.count..<(columns.count + terms.count))
                }
            }
            return (rows, total, last)
        }
    }

    /// A page of the records a text filter alone selects, in the order of their ranking, as
    /// ``RegistryStore``'s `rankedPage` reads it: the ranked ids are the selection, and the page reads only its
    /// own records. A record's position is its place among the ranked ids, then its id.
    private func rankedPage<T>(_ ranked: [String], query: RecordQuery, after: ListPosition?, columns: [String],
                               _ connection: PostgresConnection, _ decode: (PostgresRow) throws -> T) throws
        -> (rows: [T], total: Int, last: ListPosition?) {
        var seen = Set<String>()
        let hits = ranked.enumerated().filter { seen.insert($0.element).inserted }
        var start = query.offset
        if let after, case .integer(let key)? = after.values.first {
            start = hits.firstIndex { Int64($0.offset) > key } ?? hits.count
        }
        guard start < hits.count else { return ([], hits.count, nil) }
        let chosen = hits[start..<min(hits.count, start + query.limit)]
        // `ordinality` counts from 1; the place is counted from 0, as SQLite's `json_each` key.
        let result = try connection.query("""
            SELECT \((columns + ["hit.ordinality - 1"]).joined(separator: ", "))
            FROM \(query.kind.rawValue) AS t
            JOIN json_array_elements_text($1::json) WITH ORDINALITY AS hit(value, ordinality) ON hit.value = t.id
            ORDER BY hit.ordinality
            """, [.text(RegistryStore.jsonArray(chosen.map(\.element)))])
        let rows = try result.rows.map(decode)
        var last: ListPosition?
        if result.count > 0 {
            let place = try result[result.count - 1].get(columns.count, as: Int.self)
            let hit = chosen[chosen.startIndex + place]
            last = ListPosition(values: [.integer(Int64(hit.offset)), .text(hit.element)])
        }
        return (rows, hits.count, last)
    }

    /// The count `sql` makes, as counted since the data last changed or else now.
    private func count(_ connection: PostgresConnection, _ sql: String, _ parameters: [PostgresValue], generation: UInt64) throws -> Int {
        let key = sql + "\u{0}" + "\(parameters)"
        if let known = selectionCounts.count(key) { return known }
        let counted = try connection.query(sql, parameters).rows.first?.get(0, as: Int.self) ?? 0
        selectionCounts.store(counted, for: key, generation: generation)
        return counted
    }

    /// The order values of `row` of `result`, in its columns `terms`, as SQLite would hold them: so that a
    /// position is the same whichever engine made it. `IS NULL` terms are `boolean` here and 0 or 1 in SQLite.
    static func position(_ result: PostgresResult, row index: Int, terms: Range<Int>) throws -> ListPosition {
        let row = result[index]
        return ListPosition(values: try terms.map { column -> ListPosition.Value in
            switch result.columnType(column) {
            case 20, 21, 23: try row.get(column, as: Int64?.self).map { .integer($0) } ?? .null
            case 16: try row.get(column, as: Bool?.self).map { .integer($0 ? 1 : 0) } ?? .null
            case 700, 701: try row.get(column, as: Double?.self).map { .real($0) } ?? .null
            default: try row.get(column, as: String?.self).map { .text($0) } ?? .null
            }
        })
    }

    /// The order of a query's records over the kind's table `t` (``RegistryStore``'s terms), with what the
    /// query reads from: the kind's table as `t`, joined to the text search's ranked ids (`hit`, its place
    /// counted from 0) when there is a text filter; and the parameters of that source.
    static func ordering(of query: RecordQuery) throws
        -> (source: String, parameters: PostgresParameters, terms: [KeysetSegment<PostgresParameters>.Term]) {
        var parameters = PostgresParameters()
        var source = "\(query.kind.rawValue) AS t"
        if let ranked = query.rankedMatches {
            let ids = parameters.bind(.text(RegistryStore.jsonArray(try ranked.ids())))
            source = """
                json_array_elements_text(\(ids)::json) WITH ORDINALITY AS hit(value, ordinality) \
                JOIN \(query.kind.rawValue) AS t ON t.id = hit.value
                """
        }
        return (source, parameters, RegistryStore.orderTerms(of: query, rank: "hit.ordinality - 1"))
    }

    /// SQL conditions over the table aliased `t` for every filter the query sets, as
    /// ``RegistryStore``'s `conditions(for:projectCountry:)` makes them, their values bound to `parameters`.
    static func conditions(for query: RecordQuery, projectCountry: RegistryStore.CountryTest,
                           _ parameters: inout PostgresParameters) -> [String] {
        var conditions: [String] = []
        let kind = query.kind

        if let country = query.country?.uppercased() {
            switch kind {
            case .organisation:
                conditions.append("t.country = \(parameters.bind(.text(country)))")
            case .project:
                // A partner's country as the project lists it, or else the organisation's (`project_country`).
                let value = parameters.bind(.text(country))
                switch projectCountry {
                case .probe, .probeEntry:
                    // PostgreSQL's planner places the probe itself: the project's id is the same either way.
                    conditions.append("EXISTS (SELECT 1 FROM project_country AS pc WHERE pc.country = \(value) AND pc.project_id = t.id)")
                case .collect:
                    conditions.append("t.id IN (SELECT pc.project_id FROM project_country AS pc WHERE pc.country = \(value))")
                }
            case .partnership:
                let value = parameters.bind(.text(country))
                conditions.append("""
                    EXISTS (SELECT 1 FROM partnership_party AS pp
                            LEFT JOIN organisation AS o ON o.id = pp.organisation_id
                            LEFT JOIN region AS r ON r.id = pp.region_id
                            WHERE pp.partnership_id = t.id
                              AND (o.country = \(value)
                                   OR EXISTS (SELECT 1 FROM json_array_elements_text(r.data::json -> 'countries') AS c(value)
                                              WHERE c.value = \(value))))
                    """)
            case .region, .programme:
                conditions.append("""
                    EXISTS (SELECT 1 FROM json_array_elements_text(t.data::json -> 'countries') AS c(value) \
                    WHERE c.value = \(parameters.bind(.text(country))))
                    """)
            case .person, .theme:
                break
            }
        }
        if let theme = query.theme {
            conditions.append("""
                t.id IN (SELECT rt.record_id FROM record_theme AS rt \
                WHERE rt.theme_id = \(parameters.bind(.text(theme))) AND rt.record_kind = \(parameters.bind(.text(kind.rawValue))))
                """)
        }
        if let recordKind = query.recordKind {
            conditions.append("t.kind = \(parameters.bind(.text(recordKind)))")
        }
        if let programme = query.programme {
            let value = parameters.bind(.text(programme))
            switch kind {
            case .project:
                conditions.append("t.programme_id = \(value)")
            default:
                conditions.append("""
                    EXISTS (SELECT 1 FROM json_array_elements_text(t.data::json -> 'programmes') AS p(value) WHERE p.value = \(value))
                    """)
            }
        }
        if let organisation = query.organisation {
            let value = parameters.bind(.text(organisation))
            switch kind {
            case .project:
                conditions.append("t.id IN (SELECT pp.project_id FROM project_partner AS pp WHERE pp.organisation_id = \(value))")
            case .partnership:
                conditions.append("t.id IN (SELECT pp.partnership_id FROM partnership_party AS pp WHERE pp.organisation_id = \(value))")
            case .region:
                conditions.append("EXISTS (SELECT 1 FROM region_member AS m WHERE m.region_id = t.id AND m.organisation_id = \(value))")
            case .person:
                conditions.append("EXISTS (SELECT 1 FROM person_role AS pr WHERE pr.person_id = t.id AND pr.organisation_id = \(value))")
            default:
                conditions.append("t.id = \(value)")
            }
        }
        let start = kind == .partnership ? "coalesce(t.start_date, t.signed)" : "t.start_date"
        // Dates of reduced precision compare as their first day (start) or last day (end).
        let end = "(CASE length(t.end_date) WHEN 4 THEN t.end_date || '-12-31' WHEN 7 THEN t.end_date || '-31' ELSE t.end_date END)"
        if let day = query.activeOn?.description {
            let value = parameters.bind(.text(day))
            conditions.append("(\(start) IS NOT NULL OR t.end_date IS NOT NULL)")
            conditions.append("(\(start) IS NULL OR \(start) <= \(value))")
            conditions.append("(t.end_date IS NULL OR \(end) >= \(value))")
        }
        if let day = query.startAfter?.description {
            conditions.append("\(start) > \(parameters.bind(.text(day)))")
        }
        if let day = query.endBefore?.description {
            conditions.append("\(end) < \(parameters.bind(.text(day)))")
        }
        if let minimum = query.minBudgetCents {
            conditions.append("t.total_budget_cents >= \(parameters.bind(.integer(minimum)))")
        }
        if let maximum = query.maxBudgetCents {
            conditions.append("t.total_budget_cents <= \(parameters.bind(.integer(maximum)))")
        }
        return conditions
    }
}
