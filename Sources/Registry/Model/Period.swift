/// A span of time, either end possibly unknown: `{ "start": "2014", "end": "2020" }`.
public struct Period: Codable, Sendable, Hashable {
    public var start: ISODate?
    public var end: ISODate?

    public init(start: ISODate? = nil, end: ISODate? = nil) {
        self.start = start
        self.end = end
    }
}
