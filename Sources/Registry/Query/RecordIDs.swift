/// Record ids in an order, one after another in one buffer: a download's selection put in order once
/// (``RegistryStore/selectionIDs(_:)``), or a text's matches best first, kept while the download lasts. Each id takes its bytes and four more,
/// where an array of strings took a heap object for every id longer than fifteen bytes.
public struct RecordIDs: Sendable {
    private var bytes: [UInt8] = []
    /// Where each id ends in `bytes`; the next one starts there.
    private var ends: [UInt32] = []

    public init() {}

    /// The ids of `ids`, in their order.
    public init(_ ids: some Sequence<String>) {
        for id in ids { append(id) }
    }

    public var count: Int { ends.count }

    mutating func append(_ id: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: id)
        ends.append(end)
    }

    mutating func append(_ id: String) {
        bytes.append(contentsOf: id.utf8)
        ends.append(end)
    }

    /// Where the last id appended ends. Four bytes hold the ids of any registry's selection: 4 GiB of them would be
    /// some hundred million records, and beyond that a wrong id is worse than a stop.
    private var end: UInt32 {
        guard let end = UInt32(exactly: bytes.count) else { preconditionFailure("record ids past 4 GiB in one selection") }
        return end
    }

    /// The ids at the positions of `range`, which must lie within `0..<count`.
    public func ids(in range: Range<Int>) -> [String] {
        range.map { index in
            let start = index == 0 ? 0 : Int(ends[index - 1])
            return String(decoding: bytes[start..<Int(ends[index])], as: UTF8.self)
        }
    }
}
