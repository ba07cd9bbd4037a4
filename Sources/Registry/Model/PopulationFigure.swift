/// A population count as stated: the year it refers to (when stated) and whether it is a forecast.
public struct PopulationFigure: Codable, Sendable, Hashable {
    public var count: Int
    /// The year the figure refers to; nil when the source says only "today".
    public var year: Int?
    public var isForecast: Bool
    /// How the source qualifies the figure (`"i dag"`).
    public var qualifier: String?

    public init(count: Int, year: Int? = nil, isForecast: Bool, qualifier: String? = nil) {
        self.count = count
        self.year = year
        self.isForecast = isForecast
        self.qualifier = qualifier
    }
}
