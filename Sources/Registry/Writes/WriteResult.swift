/// What a write did: the record's id, the change recorded (nil when the write changed nothing, or when the
/// write is part of an import, which records one change for all), and the record as now served (nil after a
/// deletion).
public struct WriteResult: Sendable, Equatable {
    public var id: String
    public var change: Int64?
    public var served: String?
    /// Whether the write changed the record.
    public var changed: Bool

    public init(id: String, change: Int64?, served: String?, changed: Bool? = nil) {
        self.id = id
        self.change = change
        self.served = served
        self.changed = changed ?? (change != nil)
    }
}
