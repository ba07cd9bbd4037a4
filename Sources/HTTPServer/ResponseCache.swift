import Synchronization

/// A shared HTTP cache inside the server (RFC 9111), in front of the router: answers repeated `GET`/`HEAD`
/// requests for fresh stored responses on the event loop, without a thread hop or a handler call.
///
/// Only `200` responses that say `Cache-Control: public` with a `max-age` (or `s-maxage`) are stored, and
/// each for that long at most. Variants follow the response's `Vary` fields (`Accept`, `Accept-Language`,
/// `Accept-Encoding`, `Origin`…); `Vary: *` is never stored. A conditional request (`If-None-Match`,
/// `If-Modified-Since`) is answered `304` from a stored variant whose validator matches. A request with
/// `Cache-Control: no-cache` or `no-store`, or with `Authorization`, goes to the handler.
/// Call `removeAll()` when the data behind the responses changes.
public final class ResponseCache: Sendable {
    /// A stored response, serialised once: every request it answers appends `head`, its own `Age`, `Date`,
    /// `X-Request-Id` and `Connection` fields, and `body`.
    final class Entry: Sendable {
        let response: Response
        /// The status line and the stored fields, `Server` and `Content-Length` included; no blank line.
        let head: [UInt8]
        let routeTemplate: String?
        let storedAt: ContinuousClock.Instant
        let expiresAt: ContinuousClock.Instant
        let size: Int

        init(response: Response, head: [UInt8], routeTemplate: String?, storedAt: ContinuousClock.Instant,
             expiresAt: ContinuousClock.Instant, size: Int) {
            self.response = response
            self.head = head
            self.routeTemplate = routeTemplate
            self.storedAt = storedAt
            self.expiresAt = expiresAt
            self.size = size
        }

        /// Whole seconds since the response was stored (RFC 9111, 5.1).
        func age(at now: ContinuousClock.Instant) -> Int64 {
            max(0, (now - storedAt).components.seconds)
        }
    }

    /// What the cache has for a request.
    enum Hit {
        /// A fresh stored response.
        case stored(Entry)
        /// A `304 Not Modified` for a conditional request whose validator matches a fresh stored response.
        case notModified(Response, route: String?)
    }

    /// The stored variants of one target, and the request fields that select among them.
    private struct Resource {
        var varyFields: [String]
        var variants: [[String]: Entry]
    }

    private struct Storage {
        var resources: [String: Resource] = [:]
        var bytes = 0
        var entries = 0
    }

    /// The most bytes of bodies and headers kept; beyond it the cache is emptied and refilled.
    public let maxBytes: Int
    /// The most responses kept.
    public let maxEntries: Int
    private let storage = Mutex(Storage())
    /// Moves on at each `removeAll()` (inside the storage lock): a response begun before then may hold data
    /// from before the change. Read without the lock on every request that misses the cache.
    private let currentGeneration = Atomic<Int>(0)

    public init(maxBytes: Int = 64 * 1024 * 1024, maxEntries: Int = 50_000) {
        self.maxBytes = maxBytes
        self.maxEntries = maxEntries
    }

    /// The number of stored responses.
    public var count: Int { storage.withLock { $0.entries } }

    /// Forgets every stored response: call it when the data behind the responses changes. Responses to
    /// requests that arrived before the call are not stored afterwards either.
    public func removeAll() {
        storage.withLock { storage in
            storage = Storage()
            currentGeneration.add(1, ordering: .releasing)
        }
    }

    /// The current generation, for `store(_:for:serverName:generation:now:)`.
    var generation: Int { currentGeneration.load(ordering: .acquiring) }

    /// What the cache has for `request`, or nil when nothing fresh.
    func lookup(_ request: Request, now: ContinuousClock.Instant) -> Hit? {
        guard request.method == .get || request.method == .head, ResponseCache.mayUseCache(request) else { return nil }
        let key = ResponseCache.primaryKey(request)
        let found: Entry? = storage.withLock { storage in
            guard let resource = storage.resources[key] else { return nil }
            let secondary = resource.varyFields.map { request.headers.values(for: $0).joined(separator: ",") }
            guard let entry = resource.variants[secondary] else { return nil }
            if entry.expiresAt <= now {
                storage.resources[key]?.variants[secondary] = nil
                storage.bytes -= entry.size
                storage.entries -= 1
                return nil
            }
            return entry
        }
        guard let entry = found else { return nil }
        guard request.headers.contains("If-None-Match") || request.headers.contains("If-Modified-Since"),
              ResponseCache.isNotModified(request, entry.response) else { return .stored(entry) }
        var headers = HTTPHeaders()
        for name in ["ETag", "Cache-Control", "Last-Modified", "Vary", "Content-Location", "Content-Language"] {
            if let value = entry.response.headers[name] { headers.set(name, value) }
        }
        headers.set("Age", String(entry.age(at: now)))
        return .notModified(Response(status: .notModified, headers: headers), route: entry.routeTemplate)
    }

    /// Stores a response to `request` if it may be stored, and if the cache was not emptied since the request
    /// arrived (`generation`, read then); `serverName` is the `Server` field it goes out with.
    func store(_ response: Response, for request: Request, serverName: String?, generation: Int, now: ContinuousClock.Instant) {
        guard request.method == .get, response.status.code == 200, let lifetime = ResponseCache.sharedLifetime(response),
              !request.headers.contains("Authorization"),
              lifetime > 0 else { return }
        let varyFields = response.headers.listElements(for: "Vary").map { String($0).lowercased() }
        guard !varyFields.contains("*"), !response.headers.contains("Set-Cookie") else { return }
        let fields = Array(Set(varyFields)).sorted()
        let secondary = fields.map { request.headers.values(for: $0).joined(separator: ",") }
        let key = ResponseCache.primaryKey(request)
        let secondaryBytes = secondary.reduce(0) { $0 + $1.utf8.count }
        // Keys come from the client: a long one would make each variant cost far more than it counts.
        guard secondaryBytes <= 512, key.utf8.count <= 2048 else { return }
        var head: [UInt8] = []
        ResponseHead.appendStatusAndFields(of: response, serverName: serverName, to: &head)
        ResponseHead.appendContentLength(response.body.count, to: &head)
        let size = response.body.count + head.count + response.headers.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
            + key.utf8.count + secondaryBytes + 128
        guard size <= maxBytes / 8 else { return }
        let entry = Entry(response: response, head: head, routeTemplate: request.routeTemplate, storedAt: now,
                          expiresAt: now + .seconds(lifetime), size: size)
        storage.withLock { storage in
            guard currentGeneration.load(ordering: .relaxed) == generation else { return }
            if storage.bytes + size > maxBytes || storage.entries + 1 > maxEntries {
                storage = Storage()
            }
            var resource = storage.resources[key] ?? Resource(varyFields: fields, variants: [:])
            if resource.varyFields != fields {
                for old in resource.variants.values {
                    storage.bytes -= old.size
                    storage.entries -= 1
                }
                resource = Resource(varyFields: fields, variants: [:])
            }
            if let old = resource.variants[secondary] {
                storage.bytes -= old.size
                storage.entries -= 1
            }
            resource.variants[secondary] = entry
            storage.resources[key] = resource
            storage.bytes += size
            storage.entries += 1
        }
    }

    private static func primaryKey(_ request: Request) -> String {
        request.path + (request.rawQuery.map { "?" + $0 } ?? "")
    }

    private static func mayUseCache(_ request: Request) -> Bool {
        if request.headers.contains("Authorization") { return false }
        let directives = request.headers.listElements(for: "Cache-Control") + request.headers.listElements(for: "Pragma")
        return !directives.contains { $0.equalsIgnoringASCIICase("no-cache") || $0.equalsIgnoringASCIICase("no-store") }
    }

    /// How long a shared cache may keep the response, in seconds; nil when it must not.
    static func sharedLifetime(_ response: Response) -> Int? {
        // Most responses never qualify: decide those without parsing the directives.
        guard let value = response.headers["Cache-Control"],
              value.utf8.count >= 6, value.lowercased().contains("public") else { return nil }
        var isPublic = false
        var maxAge: Int?
        var sharedMaxAge: Int?
        for directive in response.headers.listElements(for: "Cache-Control") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingHTTPWhitespace() }
            let name = parts[0].lowercased()
            switch name {
            case "public": isPublic = true
            case "private", "no-store", "no-cache": return nil
            case "max-age": maxAge = parts.count > 1 ? Int(parts[1]) : nil
            case "s-maxage": sharedMaxAge = parts.count > 1 ? Int(parts[1]) : nil
            default: break
            }
        }
        guard isPublic else { return nil }
        return sharedMaxAge ?? maxAge
    }

    /// Whether a conditional request's validators match the stored response (RFC 9110, 13.1).
    static func isNotModified(_ request: Request, _ response: Response) -> Bool {
        if request.headers.contains("If-None-Match") {
            guard let etag = response.headers["ETag"] else { return false }
            return EntityTag.matches(etag, ifNoneMatch: request.headers.listElements(for: "If-None-Match"))
        }
        if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse),
           let modified = response.headers["Last-Modified"].flatMap(HTTPDate.parse) {
            return modified <= since
        }
        return false
    }
}
