import PostgresClient

/// The first passages that match a search on PostgreSQL, in the order of their entries, found through the search
/// index's posting lists (`search_term`, migration 0018) as FTS5 finds them through its own.
///
/// Every passage that a query matches holds, for each unit of the query, one of the unit's words (an
/// alternative's longest whole word, or a word that a lone prefix begins), and the posting lists of those words
/// give their passages in the order of the entries. They are read a batch at a time, the entries found in a list of
/// every unit kept, and those passages tested against the whole query (its phrases, a weight, the types) in one
/// statement, until enough have matched. The unit that the fewest passages match drives the walk; another unit's
/// lists are read along only when it is not much more common, as reading a long list costs more than testing the
/// few passages it would rule out. The GIN index cannot give the matches in that order: the planner either walked
/// the whole table in the order of its key testing each passage, or read every match and sorted them.
struct PostgresSearchPostings {
    /// Where the passages holding one word of a unit are listed.
    enum Key: Equatable {
        /// The passages holding the word.
        case word(String)
        /// The passages holding a word that begins with the prefix.
        case prefix(String)
    }

    /// The posting keys of the units read: the driving unit's first.
    let units: [[Key]]
    let connection: PostgresConnection

    /// How many times more passages than the driving unit another unit may match and still be read along.
    static let intersectedRatio = 16

    /// The units of `parsed` and their keys, from the number of passages each alternative matches (`frequencies`,
    /// in the order of `matchedAlternativesByUnit` flattened).
    init(_ parsed: SearchQuery, frequencies: [Int], connection: PostgresConnection) {
        var units: [(matches: Int, keys: [Key])] = []
        var phrase = 0
        for alternatives in parsed.matchedAlternativesByUnit {
            var matches = 0
            var keys: [Key] = []
            for alternative in alternatives {
                matches += phrase < frequencies.count ? frequencies[phrase] : Int.max / 64
                phrase += 1
                if let key = Self.key(of: alternative), !keys.contains(key) { keys.append(key) }
            }
            if !keys.isEmpty { units.append((matches, keys)) }
        }
        units.sort { $0.matches < $1.matches }
        let driving = units.first?.matches ?? 0
        self.units = units.filter { $0.matches <= max(driving, 1) * Self.intersectedRatio }.map(\.keys)
        self.connection = connection
    }

    /// The posting key of an alternative: its longest whole word (longer words are rarer), or its prefix when the
    /// prefix is all of it.
    static func key(of alternative: SearchQuery.Alternative) -> Key? {
        let whole = alternative.prefix ? alternative.words.dropLast() : alternative.words[...]
        if let longest = whole.max(by: { $0.utf8.count < $1.utf8.count }) { return .word(longest) }
        return alternative.words.last.map { .prefix($0) }
    }

    /// The first `cap` passages matching `tsquery` (and of `types`, when given), in the order of their entries.
    /// `weight` (`A` names, `B` text) reads only the postings of words with that weight, as `tsquery` then asks.
    /// Only the first `textWindow` passages surely come with their folded text (the ones a search ranks); the
    /// others may come without it.
    func passages(matching tsquery: String, types: [String]?, weight: String?, upTo cap: Int,
                  textWindow: Int = RegistryStore.rankingWindow) throws -> [PostgresSearchCandidate] {
        guard cap > 0, !units.isEmpty else { return [] }
        var found: [PostgresSearchCandidate] = []
        var after = Int64.min
        // A first batch the size of what is wanted (most passages of the driving word match a query of one
        // word), then larger ones for a query whose other words reject most of them.
        var batch = min(max(2 * min(cap, 4096), 64), 4096)
        while found.count < cap {
            let (entries, reachedEnd, last) = try entries(after: after, weight: weight, limit: batch)
            if !entries.isEmpty {
                found += try candidates(entries, matching: tsquery, types: types, withText: found.count < textWindow)
            }
            if reachedEnd { break }
            after = last
            batch = min(2 * batch, 16_384)
        }
        return Array(found.prefix(cap))
    }

    /// The next entries after `after` that hold a key of every unit read, in order, each once: every such entry up
    /// to the last one that all lists have read past. `reachedEnd` when every list ended; `last` is where the next
    /// batch starts.
    private func entries(after: Int64, weight: String?, limit: Int) throws -> (entries: [Int64], reachedEnd: Bool, last: Int64) {
        let weightCondition = weight.map { $0 == "A" ? " AND in_name" : " AND in_text" } ?? ""
        var parameters: [PostgresValue] = [.integer(after), .integer(Int64(limit))]
        var branches: [String] = []
        var unitOfList: [Int] = []
        for (unit, keys) in units.enumerated() {
            for key in keys {
                let condition: String
                switch key {
                case .word(let word):
                    parameters.append(.text(word))
                    condition = "term = $\(parameters.count)"
                case .prefix(let prefix):
                    // In the byte order of COLLATE "C", the words that begin with the prefix lie between it and it
                    // followed by the last code point.
                    parameters.append(.text(prefix))
                    parameters.append(.text(prefix + "\u{10FFFF}"))
                    condition = "term >= $\(parameters.count - 1) AND term < $\(parameters.count)"
                }
                branches.append("""
                    (SELECT \(unitOfList.count) AS list, entry FROM search_term
                     WHERE \(condition)\(weightCondition) AND entry > $1 ORDER BY entry LIMIT $2)
                    """)
                unitOfList.append(unit)
            }
        }
        var lists = Array(repeating: [Int64](), count: unitOfList.count)
        for row in try connection.query(branches.joined(separator: " UNION ALL "), parameters).rows {
            let list: Int = try row.get(0)
            lists[list].append(try row.get(1))
        }
        // A list that filled its batch may go on past its last entry; the others were read to their end.
        let bound = lists.filter { $0.count >= limit }.compactMap(\.last).min()
        var held = Array(repeating: Set<Int64>(), count: units.count)
        for (list, entries) in lists.enumerated() {
            for entry in entries where bound.map({ entry <= $0 }) ?? true { held[unitOfList[list]].insert(entry) }
        }
        let common = held.dropFirst().reduce(held[0]) { $0.intersection($1) }
        return (common.sorted(), bound == nil, bound ?? after)
    }

    /// The passages among `entries` that match `tsquery` (and are of `types`), in the order of their entries; their
    /// folded text empty unless `withText`.
    private func candidates(_ entries: [Int64], matching tsquery: String, types: [String]?,
                            withText: Bool) throws -> [PostgresSearchCandidate] {
        var parameters: [PostgresValue] = [.text("{" + entries.map(String.init).joined(separator: ",") + "}"), .text(tsquery)]
        var typeCondition = ""
        if let types {
            parameters.append(.text(RegistryStore.jsonArray(types)))
            typeCondition = " AND type IN (SELECT json_array_elements_text($3::json))"
        }
        return try connection.query("""
            SELECT id, type, record_id, length(label), \(withText ? "name, body" : "'', ''") FROM search_entry
            WHERE id = ANY($1::bigint[]) AND document @@ $2::tsquery\(typeCondition) ORDER BY id
            """, parameters).rows.map {
            PostgresSearchCandidate(entry: try $0.get(0), type: try $0.get(1), recordID: try $0.get(2),
                                    labelLength: try $0.get(3), name: try $0.get(4), body: try $0.get(5))
        }
    }
}

/// A passage that matches a search on PostgreSQL: its entry, the record or document it belongs to, and its
/// folded text.
struct PostgresSearchCandidate {
    var entry: Int64
    var type: String
    var recordID: String
    var labelLength: Int
    var name: String
    var body: String
}
