import Foundation
import Testing

extension APITestServer {
    /// The ids of every entry of a list, following `next` from page to page; fails on a loop or a bad page.
    func allIDs(_ target: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (ids: [String], total: Int) {
        var ids: [String] = []
        var next: String? = target
        var total = -1
        var pages = 0
        while let page = next {
            pages += 1
            guard pages <= 200 else {
                Issue.record("more than 200 pages", sourceLocation: sourceLocation)
                break
            }
            let response = try get(page)
            let body = try APICheck.ok(response, sourceLocation: sourceLocation)
            let pageTotal = body["total"] as? Int ?? -2
            if total == -1 { total = pageTotal }
            #expect(pageTotal == total, "total changed between pages", sourceLocation: sourceLocation)
            ids += APICheck.ids(body)
            next = body["next"] as? String
            #expect(response.header("Link") == next.map { "<\($0)>; rel=\"next\"" }, sourceLocation: sourceLocation)
        }
        return (ids, total)
    }

    /// The ids of a complete list (one page of at most 100).
    func listIDs(_ target: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let body = try APICheck.ok(try get(target), sourceLocation: sourceLocation)
        #expect(body["next"] is NSNull, "expected a single page for \(target)", sourceLocation: sourceLocation)
        return APICheck.ids(body)
    }
}
