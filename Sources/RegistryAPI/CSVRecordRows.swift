#if canImport(Glibc)
import Glibc
#endif
import Registry

/// Rows of a kind's fixed CSV columns (``CSVColumns``) made straight from records' served JSON: every page and
/// whole-collection download of a kind has the same header, whatever its records hold, and a cell's text goes
/// from the record's bytes to the row without becoming a `String`.
struct CSVRecordRows {
    private let columns: CSVColumnIndex
    /// The rows made so far, after the header; the caller takes them as the body grows.
    let writer: CSVWriter
    private var cells: Cells

    init(kind: RecordKind) {
        let names = CSVColumns.columns(of: kind)
        columns = CSVColumnIndex(names)
        writer = CSVWriter(header: names)
        cells = Cells(columns: columns)
    }

    /// Appends the row of the record whose served JSON is `json`, labelled `label`, at `link`.
    mutating func append(_ json: UnsafeBufferPointer<UInt8>, label: String, link: String) throws {
        cells.clear()
        _ = try JSONCells.cells(of: json, into: &cells)
        var label = label, link = link
        label.withUTF8 { cells.set(columns.label, $0) }
        link.withUTF8 { cells.set(columns.link, $0) }
        cells.write(to: writer)
    }

    /// The cells of one row: their texts one after another in one buffer, each column's range in it.
    private struct Cells: JSONCellSink {
        let columns: CSVColumnIndex
        private let texts = ByteBuffer()
        private var starts: [Int]
        private var ends: [Int]

        init(columns: CSVColumnIndex) {
            self.columns = columns
            starts = Array(repeating: 0, count: columns.count)
            ends = Array(repeating: 0, count: columns.count)
        }

        mutating func clear() {
            texts.removeAll()
            for index in starts.indices {
                starts[index] = 0
                ends[index] = 0
            }
        }

        func wants(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
            columns.holds(name)
        }

        mutating func cell(_ name: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) {
            set(columns.position(of: name), text)
        }

        mutating func set(_ column: Int?, _ text: UnsafeBufferPointer<UInt8>) {
            guard let column else { return }
            starts[column] = texts.count
            texts.append(text)
            ends[column] = texts.count
        }

        func write(to writer: CSVWriter) {
            texts.withBytes { texts in
                for column in starts.indices {
                    writer.field(UnsafeBufferPointer(rebasing: texts[starts[column]..<ends[column]]))
                }
            }
            writer.endRow()
        }
    }
}

/// Finds a CSV column by its name's bytes without making a `String` of them, and knows every name that
/// columns' names begin with (`total_budget` for `total_budget.amount`), so that a member none of whose cells
/// is a column is passed over. An open-addressing table keyed by the name's FNV-1a hash, every hit checked
/// against the name: it is asked once per member of every record of a download.
struct CSVColumnIndex {
    let count: Int
    let label: Int?
    let link: Int?
    /// The names of the entries (columns, then the names columns' names begin with), one after another.
    private let nameBytes: [UInt8]
    private let nameRanges: [Range<Int>]
    /// The column of each entry, or -1 for a name that only begins columns' names.
    private let columnOfEntry: [Int]
    /// Entry number + 1 by hash; 0 is empty.
    private let slots: [Int]
    private let mask: Int

    init(_ columns: [String]) {
        count = columns.count
        label = columns.firstIndex(of: "label")
        link = columns.firstIndex(of: "link")
        var entries: [[UInt8]: Int] = [:]
        var names: [[UInt8]] = []
        var columnOfEntry: [Int] = []
        for (index, column) in columns.enumerated() {
            let name = Array(column.utf8)
            if let entry = entries[name] {
                columnOfEntry[entry] = index
            } else {
                entries[name] = names.count
                names.append(name)
                columnOfEntry.append(index)
            }
        }
        for column in columns {
            let name = Array(column.utf8)
            for (offset, byte) in name.enumerated() where byte == UInt8(ascii: ".") {
                let prefix = Array(name[..<offset])
                guard entries[prefix] == nil else { continue }
                entries[prefix] = names.count
                names.append(prefix)
                columnOfEntry.append(-1)
            }
        }
        var size = 16
        while size < names.count * 4 { size *= 2 }
        var slots = Array(repeating: 0, count: size)
        var nameBytes: [UInt8] = []
        var nameRanges: [Range<Int>] = []
        for (entry, name) in names.enumerated() {
            nameRanges.append(nameBytes.count..<(nameBytes.count + name.count))
            nameBytes.append(contentsOf: name)
            var slot = Int(truncatingIfNeeded: FNV1a.hash(name)) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = entry + 1
        }
        self.nameBytes = nameBytes
        self.nameRanges = nameRanges
        self.columnOfEntry = columnOfEntry
        self.slots = slots
        mask = size - 1
    }

    /// The column named `name`.
    func position(of name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let entry = entry(named: name), columnOfEntry[entry] >= 0 else { return nil }
        return columnOfEntry[entry]
    }

    /// Whether `name` is a column or columns' names begin with it.
    func holds(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        entry(named: name) != nil
    }

    private func entry(named name: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Int(truncatingIfNeeded: FNV1a.hash(name)) & mask
        return nameBytes.withUnsafeBufferPointer { bytes in
            while slots[slot] != 0 {
                let entry = slots[slot] - 1
                let range = nameRanges[entry]
                if range.count == name.count {
                    guard let stored = bytes.baseAddress, let asked = name.baseAddress else { return entry }
                    if memcmp(stored + range.lowerBound, asked, name.count) == 0 { return entry }
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }
}
