import Foundation
import JSONOutput

/// Where a whole search index is written, on one engine.
protocol SearchIndexWriting {
    /// Calls `body` with the stored JSON of every record of `kind`, in id order.
    func forEachRecordData(of kind: RecordKind, _ body: (String) throws -> Void) throws
    /// Writes an entry's row, not its aliases.
    func insertEntry(_ entry: IndexedEntry) throws
    /// Writes one folded spelling of an alias group, unless it is there already.
    func insertAlias(group: String, spelling: String) throws
}

/// What a whole search index holds, in the order it is built on either engine: the aliases of every gazetteer
/// place, the passages of every document, and the entry of every record, kind by kind.
enum WholeSearchIndex {
    /// The order the kinds' records are indexed in.
    static let kinds: [RecordKind] = [.theme, .organisation, .region, .programme, .partnership, .project, .person]

    /// Writes the index of `places`, `documents` (in id order) and every record into `index`.
    static func build(places: [String: Place], documents: [Document], into index: some SearchIndexWriting) throws {
        for place in places.values.sorted(by: { $0.id < $1.id }) {
            for spelling in IndexedEntry.aliases(SearchEntry.spellings(of: place)) {
                try index.insertAlias(group: "place/\(place.id)", spelling: spelling)
            }
        }
        for document in documents {
            for passage in SearchEntry.entries(for: document) {
                try index.insertEntry(IndexedEntry(passage, aliasGroup: nil, encode: RecordWriter.encode))
            }
        }
        let decoder = JSONTextDecoder()
        for kind in kinds {
            try build(kind.recordType, decoder: decoder, places: places, into: index)
        }
    }

    private static func build<R: RegistryRecord>(_ type: R.Type, decoder: JSONTextDecoder, places: [String: Place],
                                                 into index: some SearchIndexWriting) throws {
        try index.forEachRecordData(of: R.kind) { data in
            let entry = try IndexedEntry(try decoder.decode(R.self, from: data), places: places, encode: RecordWriter.encode)
            try index.insertEntry(entry)
            if let group = entry.aliasGroup {
                for spelling in entry.aliases { try index.insertAlias(group: group, spelling: spelling) }
            }
        }
    }
}
