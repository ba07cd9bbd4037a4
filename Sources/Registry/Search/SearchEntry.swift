import Foundation

/// A row of the search index: the text one record, or one passage of a document, contributes.
///
/// `names` are what the thing is called (names, names in other languages, aliases, titles; weighted
/// highest); `texts` everything else worth finding it by (descriptions, purposes, roles, places,
/// partners' listed names, evidence quotes, a document's paragraph). `spellings` are the names that
/// stand for one another in queries (see ``SearchQuery``).
struct SearchEntry: Sendable, Hashable {
    var type: SearchType
    var id: String
    /// The name shown for the hit.
    var label: String
    /// The name by language code, where the record has names in several languages.
    var labels: [String: String]
    var names: [String]
    var texts: [String]
    var spellings: [String]

    /// The separator between the fields of one column.
    static let fieldSeparator = " · "

    /// The ids of the gazetteer places `record`'s entry names, in the order it asks for them: a single record's
    /// write reads only those places, not the whole gazetteer (thousands of places once NUTS is imported).
    static func placeIDs<R: RegistryRecord>(of record: R) -> [String] {
        var ids: [String] = []
        _ = entry(for: record) { id in
            ids.append(id)
            return nil
        }
        return ids
    }

    /// The entry of a record; `place` resolves the ids of gazetteer places it refers to.
    static func entry<R: RegistryRecord>(for record: R, place: (String) -> Place?) -> SearchEntry {
        var entry = SearchEntry(type: SearchType(R.kind), id: record.id, label: record.displayName, labels: [:],
                                names: [record.displayName], texts: [], spellings: [])
        func places(_ ids: [String]) -> [String] {
            ids.compactMap(place).map { [$0.names["en"], $0.names.values.sorted().first].compactMap { $0 }.first ?? $0.id }
        }
        switch record {
        case let organisation as Organisation:
            entry.add(names: organisation.names, aliases: organisation.aliases)
            entry.texts = [organisation.description].compactMap { $0 } + places([organisation.place].compactMap { $0 })
        case let region as Region:
            entry.add(names: region.names, aliases: region.aliases)
            entry.texts = [region.description, region.governance].compactMap { $0 } + places(region.places)
        case let programme as Programme:
            entry.add(names: programme.names, aliases: programme.aliases)
            entry.texts = [programme.instrument, programme.description].compactMap { $0 }
        case let partnership as Partnership:
            entry.add(names: partnership.names, aliases: partnership.aliases)
            entry.texts = [partnership.purpose, partnership.description, partnership.otherParticipants].compactMap { $0 }
                + partnership.governance.flatMap { [$0.name, $0.chair, $0.task].compactMap { $0 } }
                + partnership.instruments
        case let project as Project:
            entry.add(names: project.titles, aliases: project.aliases)
            if project.acronym != nil { entry.names.append(project.title) }
            entry.texts = [project.description, project.status].compactMap { $0 }
                + project.partners.map(\.listedName) + project.categories + project.results
        case let person as Person:
            entry.texts = [person.honorific].compactMap { $0 } + person.roles.flatMap { [$0.title, $0.role].compactMap { $0 } }
        case let theme as Theme:
            entry.add(names: theme.labels, aliases: [])
        default:
            break
        }
        entry.texts += record.evidence.map(\.quote)
        entry.names = SearchEntry.unique(entry.names)
        entry.texts = SearchEntry.unique(entry.texts)
        entry.spellings = entry.names
        return entry
    }

    /// The entries of a document: its title, then one per paragraph (lines up to a blank line).
    static func entries(for document: Document) -> [SearchEntry] {
        var entries = [SearchEntry(type: .document, id: document.id, label: document.title, labels: [:],
                                   names: [document.title], texts: [], spellings: [])]
        var paragraph: [Substring] = []
        func flush() {
            let text = paragraph.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            paragraph = []
            guard !SearchFolding.words(text).isEmpty else { return }
            entries.append(SearchEntry(type: .document, id: document.id, label: document.title, labels: [:],
                                       names: [], texts: [text], spellings: []))
        }
        for line in document.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) { flush() } else { paragraph.append(line) }
        }
        flush()
        return entries
    }

    /// The place's spellings, which stand for one another in queries.
    static func spellings(of place: Place) -> [String] {
        unique(place.names.sorted { $0.key < $1.key }.map(\.value) + place.aliases)
    }

    private mutating func add(names: [String: String], aliases: [String]) {
        labels = names
        self.names += names.sorted { $0.key < $1.key }.map(\.value) + aliases
    }

    private static func unique(_ texts: [String]) -> [String] {
        var seen: Set<String> = []
        return texts.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
