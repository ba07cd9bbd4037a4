import Locking
import struct Synchronization.Atomic

/// A shared HTTP cache inside the server (RFC 9111), in front of the router: answers repeated `GET`/`HEAD`
/// requests for fresh stored responses on the event loop, without a thread hop or a handler call.
///
/// What may be stored is declared by the route (`CachePolicy`): its `200` responses to `GET`, each for the
/// route's lifetime, unless the response says `Cache-Control: no-store`, `no-cache` or `private`. Variants
/// follow the response's `Vary` fields (`Accept`, `Accept-Language`, `Accept-Encoding`, `Origin`…);
/// `Vary: *` is never stored. A conditional request (`If-None-Match`, `If-Modified-Since`) is answered `304`
/// from a stored variant whose validator matches (`ConditionalRequest`). A request with
/// `Cache-Control: no-cache` or `no-store`, or with `Authorization`, goes to the handler. When full, the
/// least recently used responses make room (`RecencyList`). Call `removeAll()` when the data behind the
/// responses changes.
public final class ResponseCache: Sendable {
    /// A stored response, its head serialised once: every request it answers appends its own `Age`, `Date`,
    /// `X-Request-Id` and `Connection` fields to `head`, and the body.
    final class Entry: Sendable {
        let response: Response
        /// The stored part of the head (`ResponseHead.appendStoredPart`); no blank line.
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

    /// The cache's answer to a request: a stored response or a `304` standing for one.
    struct Hit {
        var response: Response
        /// The stored part of the head when `response` is the stored one.
        var storedHead: [UInt8]?
        var age: Int64
        var routeTemplate: String?
    }

    /// Where a stored variant is: its target and the values of its `Vary` fields.
    private struct Key: Sendable {
        var primary: String
        var secondary: [String]
        var entry: Entry
    }

    /// The stored variants of one target (their indices in the recency list), and the request fields that
    /// select among them.
    private struct Resource {
        var varyFields: [String]
        var variants: [[String]: Int]
    }

    private struct Storage {
        var resources: [String: Resource] = [:]
        var recency = RecencyList<Key>()
        var bytes = 0
        var entries = 0

        mutating func remove(at index: Int) {
            guard let key = recency.remove(index) else { return }
            resources[key.primary]?.variants[key.secondary] = nil
            if resources[key.primary]?.variants.isEmpty == true { resources[key.primary] = nil }
            bytes -= key.entry.size
            entries -= 1
        }
    }

    /// The most bytes of bodies and headers kept.
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

    /// The current generation, for `store(_:for:lifetime:serverName:generation:now:)`.
    var generation: Int { currentGeneration.load(ordering: .acquiring) }

    /// What the cache has for `request`, or nil when nothing fresh.
    func lookup(_ request: Request, now: ContinuousClock.Instant) -> Hit? {
        guard request.method == .get || request.method == .head, ResponseCache.mayUseCache(request) else { return nil }
        let key = ResponseCache.primaryKey(request)
        let found: Entry? = storage.withLock { storage in
            guard let resource = storage.resources[key] else { return nil }
            let secondary = resource.varyFields.map { request.headers.values(for: $0).joined(separator: ",") }
            guard let index = resource.variants[secondary], let entry = storage.recency[index]?.entry else { return nil }
            if entry.expiresAt <= now {
                storage.remove(at: index)
                return nil
            }
            storage.recency.touch(index)
            return entry
        }
        guard let entry = found else { return nil }
        let age = entry.age(at: now)
        if request.headers.contains("If-None-Match") || request.headers.contains("If-Modified-Since"),
           let notModified = ConditionalRequest.notModified(entry.response, for: request) {
            return Hit(response: notModified, storedHead: nil, age: age, routeTemplate: entry.routeTemplate)
        }
        return Hit(response: entry.response, storedHead: entry.head, age: age, routeTemplate: entry.routeTemplate)
    }

    /// Stores a `200` response to a `GET` for `lifetime` if it may be stored, and if the cache was not emptied
    /// since the request arrived (`generation`, read then); `serverName` is the `Server` field it goes out with.
    func store(
        _ response: Response, for request: Request, lifetime: Duration, serverName: String?, generation: Int,
        now: ContinuousClock.Instant
    ) {
        guard request.method == .get, response.status.code == 200, lifetime > .zero,
              !request.headers.contains("Authorization"), ResponseCache.mayStore(response) else { return }
        let varyFields = response.headers.listElements(for: "Vary").map { String($0).lowercased() }
        guard !varyFields.contains("*"), !response.headers.contains("Set-Cookie") else { return }
        let fields = Array(Set(varyFields)).sorted()
        let secondary = fields.map { request.headers.values(for: $0).joined(separator: ",") }
        let key = ResponseCache.primaryKey(request)
        let secondaryBytes = secondary.reduce(0) { $0 + $1.utf8.count }
        // Keys come from the client: a long one would make each variant cost far more than it counts.
        guard secondaryBytes <= 512, key.utf8.count <= 2048 else { return }
        var head: [UInt8] = []
        ResponseHead.appendStoredPart(of: response, serverName: serverName, to: &head)
        // What the entry keeps besides its two buffers: its strings, and the allocations around them (the entry,
        // the fields' array and strings, the key and its places in the index and the recency list, malloc's
        // headers), counted as `entryOverhead`.
        let rest = response.headers.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
            + key.utf8.count + secondaryBytes + ResponseCache.entryOverhead
        // Refused by its bytes before its buffers are copied.
        guard response.body.count + head.count + rest <= maxBytes / 8 else { return }
        head = ResponseCache.compacted(head)
        var stored = response
        stored.body = ResponseCache.compacted(response.body)
        let size = stored.body.capacity + head.capacity + rest
        let entry = Entry(response: stored, head: head, routeTemplate: request.routeTemplate, storedAt: now,
                          expiresAt: now + lifetime, size: size)
        storage.withLock { storage in
            guard currentGeneration.load(ordering: .relaxed) == generation else { return }
            if let resource = storage.resources[key] {
                if resource.varyFields != fields {
                    for index in resource.variants.values { storage.remove(at: index) }
                } else if let old = resource.variants[secondary] {
                    storage.remove(at: old)
                }
            }
            while storage.bytes + size > maxBytes || storage.entries + 1 > maxEntries,
                  let oldest = storage.recency.leastRecent {
                storage.remove(at: oldest)
            }
            let index = storage.recency.insert(Key(primary: key, secondary: secondary, entry: entry))
            storage.resources[key, default: Resource(varyFields: fields, variants: [:])].variants[secondary] = index
            storage.bytes += size
            storage.entries += 1
        }
    }

    /// The memory an entry keeps beside its buffers and strings, as measured: a server holding 64 MB of items
    /// by this count grew by about that much (BENCHMARKS.md, "The response cache's bound in bytes").
    static let entryOverhead = 1_024

    /// `bytes` in a buffer of their size when theirs is more than an eighth larger. A body is written into a
    /// buffer that grows by doubling, so it may hold twice its bytes; stored for its lifetime, the unused half
    /// would be memory the cache's bound does not see.
    static func compacted(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.capacity - bytes.count > bytes.count / 8 else { return bytes }
        return bytes.withUnsafeBufferPointer { Array($0) }
    }

    private static func primaryKey(_ request: Request) -> String {
        request.path + (request.rawQuery.map { "?" + $0 } ?? "")
    }

    private static func mayUseCache(_ request: Request) -> Bool {
        if request.headers.contains("Authorization") { return false }
        let directives = request.headers.listElements(for: "Cache-Control") + request.headers.listElements(for: "Pragma")
        return !directives.contains { $0.equalsIgnoringASCIICase("no-cache") || $0.equalsIgnoringASCIICase("no-store") }
    }

    /// Whether the response lets a shared cache keep it: not when it says `no-store`, `no-cache` or `private`.
    private static func mayStore(_ response: Response) -> Bool {
        response.headers.listElements(for: "Cache-Control").allSatisfy { directive in
            let name = directive.prefix { $0 != "=" }.trimmingHTTPWhitespace()
            return !(name.equalsIgnoringASCIICase("no-store") || name.equalsIgnoringASCIICase("no-cache")
                     || name.equalsIgnoringASCIICase("private"))
        }
    }
}
