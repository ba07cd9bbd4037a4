import Foundation
import HTTPServer
import JSONOutput
import Registry

/// The history of changes: `GET /v1/changes`, the feed of every change, oldest first, filtered by `kind`,
/// `record`, time (`from`, `until`) and `since=<change id>` for clients that keep in step by polling; and
/// `GET /v1/{kind}/{id}/history`, one record's changes. Both are cursor-paginated like every list.
enum HistoryRoutes {
    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/changes") { request in
            let list = try ListRequest(request, accepting: ["kind", "record", "since", "from", "until"], cursors: context.cursors)
            var query = try selection(request)
            if let name = request.query("kind") {
                guard let kind = RecordKind(rawValue: name) else {
                    throw APIError.invalidParameter("kind", reason: "`\(name)` is not a kind; use one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                query.kind = kind
            }
            if let record = request.query("record") {
                guard Slug.isValid(record) else {
                    throw APIError.invalidParameter("record", reason: "`\(record)` is not a record id (a slug: lowercase letters and digits joined by single hyphens).")
                }
                query.recordID = record
            }
            return try respond(query, list: list, request: request, context: context)
        }
        for kind in RecordKind.allCases {
            router.get("/\(kind.plural)/{id}/history") { request in
                let list = try ListRequest(request, accepting: ["since", "from", "until"], cursors: context.cursors)
                let id = request.pathParameters["id"] ?? ""
                var query = try selection(request)
                query.kind = kind
                query.recordID = id
                // A deleted record keeps its history; a record never known has none.
                if try context.store.servedRecord(kind, id: id, language: Language.english.rawValue, personal: false) == nil,
                   try context.store.changes(ChangeQuery(kind: kind, recordID: id), personal: false).total == 0 {
                    throw APIError.notFound(kind.rawValue, id: id)
                }
                return try respond(query, list: list, request: request, context: context)
            }
        }
    }

    /// The time and change-id filters of a request.
    private static func selection(_ request: Request) throws -> ChangeQuery {
        var query = ChangeQuery()
        if let since = request.query("since") {
            // At most 18 digits, as the schema says: every change id fits, and no value overflows.
            guard since.count <= 18, let id = Int64(since), id >= 0, String(id) == since else {
                throw APIError.invalidParameter("since", reason: "`\(since)` is not a change id (a whole number, 0 or more).")
            }
            query.since = id
        }
        query.from = try time("from", request)
        query.until = try time("until", request)
        return query
    }

    static func time(_ name: String, _ request: Request) throws -> Date? {
        guard let text = request.query(name) else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw APIError.invalidParameter(name, reason: "`\(text)` is not an RFC 3339 date-time (`2026-11-30T19:30:00Z`).")
        }
        return date
    }

    private static func respond(_ query: ChangeQuery, list: ListRequest, request: Request, context: APIContext) throws -> Response {
        let page = try list.page()
        let audience = try Audience(request, context: context)
        var query = query
        query.limit = page.limit
        query.offset = page.offset
        let (changes, total) = try context.store.changes(query, personal: audience.personal)
        let next = page.next(count: changes.count, total: total)
        let body = page.envelope(total: total, next: next) { writer in
            for change in changes { write(change, to: &writer) }
        }
        var response = context.representation(body, type: .json, for: request)
        page.addHeaders(to: &response, next: next)
        audience.mark(&response, context: context)
        return response
    }

    /// A change as the API shows it; keys sorted, as everywhere.
    static func write(_ change: Change, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("after")
        if let after = change.after { writer.raw(after.utf8) } else { writer.null() }
        writer.key("author")
        writer.string(change.author)
        writer.key("before")
        if let before = change.before { writer.raw(before.utf8) } else { writer.null() }
        writer.key("id")
        writer.number(Int(change.id))
        writer.key("kind")
        writer.string(change.kind?.rawValue ?? ChangeOperation.import.rawValue)
        writer.key("link")
        // An import links its provenance document, which names the file and every row read.
        writer.string(change.kind.map { SummaryResolver.link($0, change.recordID) } ?? "/v1/documents/\(change.recordID)")
        writer.key("operation")
        writer.string(change.operation.rawValue)
        writer.key("reason")
        if let reason = change.reason { writer.string(reason) } else { writer.null() }
        writer.key("record")
        writer.string(change.recordID)
        writer.key("time")
        writer.string(change.time)
        writer.endObject()
    }
}
