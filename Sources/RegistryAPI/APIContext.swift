import Crypto
import Foundation
import HTTPServer
import Registry
import RegistryImport

/// What every route handler of the API shares: the store, the options, cursors and authentication.
struct APIContext: Sendable {
    let store: any RegistryStorage
    let options: APIOptions
    /// When the API started serving the registry, in seconds since 1970.
    let loadedAt: Int
    /// Signs and checks pagination cursors.
    let cursors: Cursor
    /// Authenticates bearer tokens for the routes that need a scope.
    let authentication: BearerAuthentication
    /// The built-in mappings `POST /v1/imports` may name.
    let profiles: ProfileLibrary
    /// The imports asked for over HTTP.
    let imports: ImportJobs

    /// The cursor key is the database's own (`instance_secret`); a database that cannot keep one (opened
    /// read-only) gets a key for this process only, and its cursors end with the process.
    init(store: any RegistryStorage, options: APIOptions) {
        self.store = store
        self.options = options
        loadedAt = HTTPDate.now()
        let key = (try? store.secret(named: "cursor-key")) ?? SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        cursors = Cursor(key: key)
        authentication = BearerAuthentication(store: store, failureLimit: options.authenticationFailureLimit,
                                              failureWindow: options.authenticationFailureWindow)
        profiles = ProfileLibrary(directory: options.profileDirectory)
        imports = ImportJobs(store: store)
    }

    /// When the registry was last loaded or changed, in seconds since 1970: the `Last-Modified` of its representations.
    var lastModified: Int {
        max(loadedAt, store.changes.lastChange.map { Int($0.timeIntervalSince1970) } ?? 0)
    }

    /// A 200 response of other bytes (CSV, text, GraphML) with validators and caching headers.
    func representation(_ body: [UInt8], type: MediaType, for request: Request, language: Language? = nil) -> Response {
        var response = Response(status: .ok, headers: ["Content-Type": type.contentType], body: body)
        if let language { response.headers.set("Content-Language", language.rawValue) }
        return withValidators(response, entityTag: APIContext.entityTag(for: body), for: request)
    }

    /// A `200` whose body `produce` writes as it is sent, with `Cache-Control` and the validators the caller
    /// knows without the bytes (`entityTag` must name exactly the bytes `produce` writes); `304 Not Modified`
    /// when the client's copy is current.
    func streamedRepresentation(type: MediaType, entityTag: String, for request: Request,
                                _ produce: @escaping @Sendable (ResponseBodyWriter) throws -> Void) -> Response {
        withValidators(Response.streaming(headers: ["Content-Type": type.contentType], produce), entityTag: entityTag, for: request)
    }

    /// `Cache-Control`, and the validators of a `200`: `entityTag` and `Last-Modified`; `304 Not Modified` when
    /// the client's copy is current.
    private func withValidators(_ response: Response, entityTag: String, for request: Request) -> Response {
        guard response.status.code == 200 else { return response }
        var response = response
        response.headers.set("Cache-Control", options.cacheControl)
        return ConditionalRequest.evaluate(response, for: request, entityTag: entityTag, lastModified: lastModified)
    }

    /// A strong entity tag for a representation: a 64-bit hash of its bytes (``EntityTagHash``), in hexadecimal, quoted.
    static func entityTag(for body: [UInt8]) -> String {
        let hash = EntityTagHash.hash(body)
        // Written digit by digit: `String(_:radix:)`, padding and concatenation took most of the tag's time.
        return String(unsafeUninitializedCapacity: 18) { buffer in
            let digits: StaticString = "0123456789abcdef"
            buffer[0] = UInt8(ascii: "\"")
            for position in 0..<16 {
                buffer[1 + position] = digits.utf8Start[Int((hash >> (60 - 4 * UInt64(position))) & 0xF)]
            }
            buffer[17] = UInt8(ascii: "\"")
            return 18
        }
    }
}
