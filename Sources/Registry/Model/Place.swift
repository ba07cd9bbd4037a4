/// A gazetteer place: names in several languages and scripts, country and NUTS code.
public struct Place: Codable, Sendable, Hashable {
    public var id: String
    /// Names by language code (`de`, `en`, `cs`, `pl`, `bg`, ...).
    public var names: [String: String]
    /// Further spellings (without diacritics, inflected, in another script).
    @DefaultEmpty public var aliases: [String]
    /// `city`, `district`, `region`, `state`, `country`.
    public var kind: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// NUTS 2021 code where known.
    public var nuts: String?
    /// Id of the place this one lies in.
    public var within: String?
    public var note: String?

    public init(
        id: String, names: [String: String], aliases: [String] = [], kind: String, country: String,
        nuts: String? = nil, within: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.names = names
        self.aliases = aliases
        self.kind = kind
        self.country = country
        self.nuts = nuts
        self.within = within
        self.note = note
    }

    /// Every spelling of the place.
    public var spellings: [String] { Array(names.values) + aliases }
}
