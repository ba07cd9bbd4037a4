import Dispatch
import HTTPServer
import JSONOutput
import Registry

/// A whole selection of records in one response (`GET /v1/{kind}?limit=all`), as CSV or NDJSON: every record
/// that matches the filters and `q`, in the list's order, written as it is read from the store in batches, so that
/// memory stays flat in the records' size, whatever the selection holds. Streamed with chunked transfer coding (to the
/// end of the connection for HTTP/1.0 clients) and compressed as it goes when the client accepts gzip. The next batch
/// is read while the last is written (``ReadAhead``): two batches in memory at most, and for a selection other than
/// a kind's whole collection in one sort field's order, its ids (packed, ``RecordIDs``), put in order once, whose
/// batches are slices (``batches(of:text:count:language:personal:store:)``).
///
/// NDJSON gives each record as a line holding the entry a JSON page has in `data` (the record as served,
/// with `label` and `link`); CSV gives the kind's columns (``CSVColumns``), whatever the records hold.
enum RecordDownload {
    /// The `limit` value that asks for the whole selection.
    static let limitValue = "all"

    /// The formats a whole selection comes in: JSON pages are for paging through.
    static let formats: [MediaType] = [.csv, .ndjson]

    /// How the batches of a download's selection are read, made once the head is sent: the query's filters and sort,
    /// and its text (`q`), checked before the head (``SearchText/check(_:)``), so that a text the search cannot take is
    /// still a 400, and searched after it. Every match of a text is there: a download has no bound on a text's matches,
    /// as a list's pages have.
    ///
    /// A kind's whole collection in one sort field's order (or none) is read by keyset, each batch going on where the
    /// last one stopped, along the field's index. A text with no filter and no sort is read in the order of its
    /// matches, best first, by their ids. Any other selection is put in order once, its ids kept
    /// (``idsBatch(_:after:count:kind:language:personal:store:)``): read by its keyset, a batch of a filtered or
    /// twice-sorted selection did again what the whole selection's order costs (a country's projects collected, a
    /// second sort field sorted), every batch. Its filters are then those of the records when the download began; each
    /// record is served as it is when its batch is read. By ids, not by search entries: the batches are read one at a
    /// time while writes go on, and a record written meanwhile gets a new search entry.
    private static func batches(of query: RecordQuery, text: String?, count: Int, language: String, personal: Bool,
                                store: any RegistryStorage) throws -> @Sendable (ListPosition?) throws -> ServedBatch {
        let kind = query.kind
        let ids: RecordIDs
        if let text {
            let matches = try store.searchIDs(of: kind, matching: text, upTo: nil)
            if query.selectsEveryRecord, query.sort.isEmpty {
                ids = RecordIDs(matches)
            } else {
                var ordered = query
                ordered.rankedMatches = RankedMatches(ids: matches)
                ids = try store.selectionIDs(ordered)
            }
        } else if query.selectsEveryRecord, query.sort.count <= 1 {
            return { position in
                try store.servedBatch(query, after: position, count: count, language: language, personal: personal)
            }
        } else {
            ids = try store.selectionIDs(query)
        }
        return { position in
            try idsBatch(ids, after: position, count: count, kind: kind, language: language, personal: personal, store: store)
        }
    }

    /// The batch of a selection put in order (its ids, `ids`) that starts at the position's one value (an index into
    /// `ids`; 0 when nil): a slice of them read in its order. A record deleted since is left out.
    private static func idsBatch(_ ids: RecordIDs, after position: ListPosition?, count: Int, kind: RecordKind,
                                 language: String, personal: Bool, store: any RegistryStorage) throws -> ServedBatch {
        var start = 0
        if case .integer(let index) = position?.values.first { start = Int(clamping: index) }
        let end = min(ids.count, start + count)
        guard start < end else { return ServedBatch(records: [], next: nil) }
        return ServedBatch(records: try store.servedRecords(kind, ids: ids, in: start..<end, language: language,
                                                            personal: personal),
                           next: end < ids.count ? ListPosition(values: [.integer(Int64(end))]) : nil)
    }

    /// Whether the request asks for the whole selection.
    static func isRequested(by request: Request) -> Bool {
        request.query("limit") == limitValue
    }

    /// The streamed answer, or a 400 problem for a request that cannot have one: JSON (whose envelope is a
    /// page), or a cursor (which continues a paged walk).
    static func response(kind: RecordKind, parameters: RecordListParameters, format: MediaType, language: Language,
                         audience: Audience, request: Request, context: APIContext) throws -> Response {
        guard formats.contains(format) else {
            throw APIError.invalidParameter("limit", reason:
                "`all` streams the whole selection as CSV or NDJSON: add format=csv or format=ndjson (or Accept: text/csv or application/x-ndjson); JSON comes in pages of at most \(ListRequest.limitRange.upperBound), linked by `next`.")
        }
        guard request.query("cursor") == nil else {
            throw APIError.invalidParameter("cursor", reason: "a whole selection (limit=all) starts at its beginning; leave out the cursor.")
        }
        var headers: HTTPHeaders = ["Content-Type": format.contentType]
        headers.set("Content-Language", language.rawValue)
        headers.set("Content-Disposition", "attachment; filename=\"\(kind.plural).\(format.formatName)\"")
        headers.set("Cache-Control", "no-store")
        headers.add("Vary", "Accept, Accept-Language")
        // People's contact details are for clients with a token (``Audience``); no cache keeps a download.
        if kind == .person { headers.add("Vary", "Authorization") }
        let personal = audience.personal
        let store = context.store
        let batchSize = max(1, context.options.downloadBatchSize)
        let query = parameters.query
        let text = parameters.text
        if let text {
            do {
                try SearchText.check(text)
            } catch {
                throw APIError.invalidParameter("q", reason: "\(error).")
            }
        }
        return .streaming(headers: headers) { writer in
            let read = try batches(of: query, text: text, count: batchSize, language: language.rawValue,
                                   personal: personal, store: store)
            var csv = format == .csv ? CSVRecordRows(kind: kind) : nil
            if let header = csv?.writer.takeBytes() { try writer.write(header) }
            var lines: [UInt8] = []

            /// Writes the rows of `batch`, handing the body over in parts.
            func write(_ batch: ServedBatch) throws {
                for record in batch.records {
                    let link = SummaryResolver.link(kind, record.id)
                    try record.json.withUnsafeBufferPointer { json in
                        if csv != nil {
                            try csv?.append(json, label: record.label, link: link)
                        } else {
                            try ListEntryJSON.append(object: json, label: record.label, link: link, to: &lines)
                            lines.append(0x0A)
                        }
                    }
                    if lines.count >= ResponseBodyWriter.partSize {
                        try writer.write(lines)
                        lines.removeAll(keepingCapacity: true)
                    }
                    if let rows = csv?.writer, rows.byteCount >= ResponseBodyWriter.partSize {
                        try rows.takeBytes { try writer.write($0) }
                    }
                }
            }

            // The next batch is read on a queue of its own while this one is written: at most one batch ahead.
            let readQueue = DispatchQueue(label: "brobygger.download-read-ahead")
            var batch = try read(nil)
            while true {
                let upcoming = batch.next.map { next in ReadAhead(on: readQueue) { try read(next) } }
                // A download that ends early (the client left) waits for the batch being read: the read holds a
                // connection of the store, which the next download on this stream's worker may want.
                do {
                    try write(batch)
                } catch {
                    _ = try? upcoming?.value()
                    throw error
                }
                guard let upcoming else { break }
                batch = try upcoming.value()
            }
            if let rows = csv?.writer {
                try rows.takeBytes { try writer.write($0) }
            } else {
                try writer.write(lines)
            }
        }
    }
}
