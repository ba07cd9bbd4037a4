import HTTPServer
import JSONOutput
import Registry

/// One page of a list: where it starts, how many entries it may hold, and the selection its cursors are
/// bound to; it builds the link to the next page and the answer.
struct ListPage {
    let request: Request
    let limit: Int
    let offset: Int
    /// Where the page before this one stopped, when its cursor says so (record lists).
    let after: ListPosition?
    let fingerprint: String
    let cursors: Cursor

    /// The request's own path and query with a cursor to the page after this one, which holds `count` of
    /// the selection's `total` entries and stops at `last` when known; nil on the last page.
    func next(count: Int, total: Int, last: ListPosition? = nil) -> String? {
        let nextOffset = offset + count
        guard nextOffset < total, count > 0 else { return nil }
        var items = request.queryItems.filter { $0.name != "cursor" }
        items.append((name: "cursor", value: cursors.encode(offset: nextOffset, after: last, fingerprint: fingerprint)))
        return request.path + "?" + ListRequest.queryPairs(items).joined(separator: "&")
    }

    /// A page of records as the store serves them, each with its label and link (``ListEntryJSON``).
    func response(records: ServedPage, kind: RecordKind, format: MediaType, language: Language,
                  context: APIContext) throws -> Response {
        if format == .csv {
            // The kind's columns, the same on every page and in the whole-collection download.
            var rows = CSVRecordRows(kind: kind)
            for record in records.records {
                var json = record.json
                try json.withUTF8 { try rows.append($0, label: record.label, link: SummaryResolver.link(kind, record.id)) }
            }
            var response = context.representation(rows.writer.bytes, type: .csv, for: request, language: language)
            addHeaders(to: &response, next: next(count: records.records.count, total: records.total, last: records.last))
            return response
        }
        let entries = try records.records.map { try ListEntryJSON.bytes(of: $0, link: SummaryResolver.link(kind, $0.id)) }
        return try response(entries: entries, total: records.total, last: records.last, format: format, language: language,
                            context: context)
    }

    /// The page's entries, each already JSON (an object with sorted keys), in the list envelope, as CSV or as
    /// NDJSON, with the headers of a page; `last` is where the page stopped, when the store says.
    func response(entries: [[UInt8]], total: Int, last: ListPosition? = nil, format: MediaType, language: Language,
                  context: APIContext) throws -> Response {
        let next = next(count: entries.count, total: total, last: last)
        if format == .ndjson {
            var body: [UInt8] = []
            body.reserveCapacity(entries.reduce(0) { $0 + $1.count + 1 })
            for entry in entries {
                body.append(contentsOf: entry)
                body.append(0x0A)
            }
            var response = context.representation(body, type: .ndjson, for: request, language: language)
            addHeaders(to: &response, next: next)
            return response
        }
        return try respond(next: next, format: format, language: language, context: context, csv: {
            var writer = JSONWriter()
            writer.beginArray()
            for entry in entries { writer.raw(entry) }
            writer.endArray()
            return writer.bytes
        }) {
            envelope(total: total, next: next, capacity: entries.reduce(0) { $0 + $1.count + 1 }) { writer in
                for entry in entries { writer.raw(entry) }
            }
        }
    }

    /// The page's JSON envelope: `data` (an array whose elements `writeData` writes), `limit`, `links`, `next`,
    /// `offset` and `total`, keys in order. `capacity` is about how many bytes the data will take.
    func envelope(total: Int, next: String?, capacity: Int = 0, writeData: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter()
        writer.reserveCapacity(capacity + 2 * (next?.utf8.count ?? 0) + 256)
        writer.beginObject()
        writer.key("data")
        writer.beginArray()
        writeData(&writer)
        writer.endArray()
        writer.key("limit")
        writer.number(limit)
        writer.key("links")
        writer.beginObject()
        if let next {
            writer.key("next")
            writer.string(next)
        }
        writer.key("self")
        writer.string(request.target)
        writer.endObject()
        writer.key("next")
        if let next { writer.string(next) } else { writer.null() }
        writer.key("offset")
        writer.number(offset)
        writer.key("total")
        writer.number(total)
        writer.endObject()
        return writer.bytes
    }

    /// Answers with the page as CSV (made from the entries' JSON array `csv` gives) or as the JSON `json` gives.
    private func respond(next: String?, format: MediaType, language: Language, context: APIContext,
                         csv: () throws -> [UInt8], json: () throws -> [UInt8]) throws -> Response {
        var response = switch format {
        case .csv: context.representation(try CSVTable.make(fromJSONArray: try csv()), type: .csv, for: request, language: language)
        default: context.representation(try json(), type: .json, for: request, language: language)
        }
        addHeaders(to: &response, next: next)
        return response
    }

    /// The headers of a page: `next` as an RFC 8288 link (not on a 304, whose fields are those that
    /// validate a stored copy), and that the representation varies with `Accept` and `Accept-Language`.
    func addHeaders(to response: inout Response, next: String?) {
        if let next, response.status == .ok { response.headers.set("Link", "<\(next)>; rel=\"next\"") }
        response.headers.add("Vary", "Accept, Accept-Language")
    }
}
