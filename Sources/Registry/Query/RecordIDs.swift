/// Record ids in an order, one after another in one buffer: a download's selection put in order once
/// (``RegistryStore/selectionIDs(_:)``), or a text's matches best first, kept while the download lasts. Each id takes
/// its bytes and four more, where an array of strings took a heap object for every id longer than fifteen bytes.
///
/// SQLite's selections keep each record's rowid beside its id, eight bytes more: a slice is then read by rowid
/// (``RegistryStore/servedRecords(_:ids:in:language:personal:)``), one search of the table's tree a record instead
/// of two (the id's index, then the table), and each record read checked against the id kept for it.
public struct RecordIDs: Sendable {
    private var bytes: [UInt8] = []
    /// Where each id ends in `bytes`; the next one starts there.
    private var ends: [UInt32] = []
    /// Each id's rowid in SQLite's table, when every id came with one.
    private var rowids: [Int64] = []

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

    /// Appends an id with the rowid of its record's row; kept only when every id comes with one.
    mutating func append(_ id: UnsafeRawBufferPointer, rowid: Int64) {
        if rowids.count == ends.count { rowids.append(rowid) }
        append(id)
    }

    mutating func append(_ id: String) {
        var id = id
        id.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Where the last id appended ends. Four bytes hold the ids of any registry's selection: 4 GiB of them would be
    /// some hundred million records, and beyond that a wrong id is worse than a stop.
    private var end: UInt32 {
        guard let end = UInt32(exactly: bytes.count) else { preconditionFailure("record ids past 4 GiB in one selection") }
        return end
    }

    /// The ids at the positions of `range`, which must lie within `0..<count`.
    public func ids(in range: Range<Int>) -> [String] {
        range.map { index in String(decoding: bytes[bounds(of: index)], as: UTF8.self) }
    }

    /// The rowids of the ids at the positions of `range` (within `0..<count`); nil unless every id came with one.
    func rowids(in range: Range<Int>) -> ArraySlice<Int64>? {
        rowids.count == ends.count ? rowids[range] : nil
    }

    /// Whether the id at `index` (within `0..<count`) is `id`, byte for byte.
    func holds(_ id: UnsafeRawBufferPointer, at index: Int) -> Bool {
        bytes[bounds(of: index)].elementsEqual(id)
    }

    private func bounds(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }
}
