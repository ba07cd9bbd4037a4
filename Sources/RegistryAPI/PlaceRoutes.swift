import HTTPServer
import JSONOutput
import Registry

/// The gazetteer, read-only: `/v1/places` (filtered by `country`, NUTS `level` and text, `q`) and `/v1/places/{id}` with the
/// places that lie in it.
enum PlaceRoutes {
    /// A place's NUTS level: 0 for a country code, 1 to 3 for regions; nil without a NUTS code.
    static func level(_ place: Place) -> Int? {
        place.nuts.map { $0.count - 2 }.flatMap { (0...3).contains($0) ? $0 : nil }
    }

    /// A place's fields with sorted keys; `link` for list entries, `children` for items.
    private static func write(_ place: Place, children: [String]?, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("aliases")
        writer.beginArray()
        for alias in place.aliases { writer.string(alias) }
        writer.endArray()
        if let children {
            writer.key("children")
            writer.beginArray()
            for child in children { writer.string(child) }
            writer.endArray()
        }
        writer.key("country")
        writer.string(place.country)
        writer.key("id")
        writer.string(place.id)
        writer.key("kind")
        writer.string(place.kind)
        if let level = level(place) {
            writer.key("level")
            writer.number(level)
        }
        if children == nil {
            writer.key("link")
            writer.string("/v1/places/\(place.id)")
        }
        writer.key("names")
        writer.beginObject()
        for (language, name) in place.names.sorted(by: { $0.key < $1.key }) {
            writer.key(language)
            writer.string(name)
        }
        writer.endObject()
        if let note = place.note {
            writer.key("note")
            writer.string(note)
        }
        if let nuts = place.nuts {
            writer.key("nuts")
            writer.string(nuts)
        }
        if let within = place.within {
            writer.key("within")
            writer.string(within)
        }
        writer.endObject()
    }

    static func entry(_ place: Place) -> [UInt8] {
        var writer = JSONWriter()
        write(place, children: nil, to: &writer)
        return writer.bytes
    }

    static func item(_ place: Place, children: [String]) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("data")
        write(place, children: children, to: &writer)
        writer.key("links")
        writer.beginObject()
        writer.key("self")
        writer.string("/v1/places/\(place.id)")
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/places") { request in
            let list = try ListRequest(request, accepting: ["country", "level", "q", "format", "lang"], cursors: context.cursors)
            let language = try Language.negotiate(request)
            let country = request.query("country")
            if let country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }) {
                throw APIError.invalidParameter("country", reason: "must be an ISO 3166-1 alpha-2 code such as DE")
            }
            var level: Int?
            if let text = request.query("level") {
                guard let number = Int(text), (0...3).contains(number) else {
                    throw APIError.invalidParameter("level", reason: "must be a NUTS level from 0 to 3")
                }
                level = number
            }
            var text: PlaceTextFilter?
            if let query = request.query("q") {
                do {
                    text = try PlaceTextFilter(query)
                } catch {
                    throw APIError.invalidParameter("q", reason: "\(error).")
                }
            }
            let places = try context.store.places(country: country, level: level, text: text)
            return try list.respond(entries: places.map(entry), language: language, context: context)
        }
        router.get("/places/{id}") { request in
            try QueryParameters.check(request, accepting: ["format", "lang"])
            _ = try Language.negotiate(request)
            _ = try MediaType.negotiate(request, offered: [.json])
            let id = request.pathParameters["id"] ?? ""
            guard let place = try context.store.place(id: id) else { throw APIError.notFound("place", id: id) }
            return context.representation(item(place, children: try context.store.placeChildren(of: id)), type: .json, for: request)
        }
    }
}
