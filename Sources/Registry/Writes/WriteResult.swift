/// What a write did: the record's id, the change recorded (nil when the write changed nothing), and the
/// record as now served (nil after a deletion).
public struct WriteResult: Sendable, Equatable {
    public var id: String
    public var change: Int64?
    public var served: String?
}
