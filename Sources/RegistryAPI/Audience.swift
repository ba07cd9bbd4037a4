import HTTPServer
import Registry

/// Whom a read answers: anonymous clients, or clients with a valid token, who also see people's contact details
/// (``PersonalData``). Presented credentials that are not a valid token are a `401`, as on the write routes.
///
/// Responses that differ between the two say so: `Vary: Authorization` always, and `Cache-Control: private` when
/// a token was presented, so that no shared cache hands one audience's representation to the other. (The
/// server's own response cache neither stores nor answers requests with `Authorization`.)
struct Audience {
    /// Whether the request carries a valid token.
    let personal: Bool

    init(_ request: Request, context: APIContext) throws {
        do {
            personal = try context.authentication.principal(of: request) != nil
        } catch var error as HTTPError {
            // A refusal depends on the credentials presented: no cache keeps it.
            error.headers.set("Cache-Control", "no-store")
            throw error
        }
    }

    /// Marks a response whose representation depends on the audience.
    func mark(_ response: inout Response, context: APIContext) {
        response.headers.add("Vary", "Authorization")
        if personal, response.status.code == 200 || response.status.code == 304 {
            response.headers.set("Cache-Control", "private, " + context.options.cacheControl)
        }
    }

    /// What free text (documents, search snippets) must not show this audience: people's e-mail addresses and
    /// phone numbers for anonymous clients, nothing for the others.
    func maskedValues(context: APIContext) throws -> [String] {
        personal ? [] : try context.store.personalContactValues()
    }

    /// `text` with `values` masked (``PersonalData/mask(_:values:)``).
    static func mask(_ text: String, values: [String]) -> String {
        values.isEmpty ? text : String(decoding: PersonalData.mask(Array(text.utf8), values: values), as: UTF8.self)
    }
}
