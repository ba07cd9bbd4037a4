/// The places of `seeds/gazetteer.json`, and the lookup that places an organisation by its name.
public struct Gazetteer: Codable, Sendable, Hashable {
    public var places: [Place]

    public init(places: [Place]) {
        self.places = places
    }

    /// The place whose spelling occurs in `name` as whole words (the last word may carry an inflection:
    /// `Gdańska` names Gdańsk); the longest match wins, so `Leipziger Land` beats `Leipzig`. To place many
    /// names, make one ``PlaceMentions`` and ask it.
    public func place(mentionedIn name: String) -> Place? {
        PlaceMentions(self).place(mentionedIn: name)
    }

    public func place(id: String) -> Place? {
        places.first { $0.id == id }
    }
}
