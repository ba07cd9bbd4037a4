/// A number for each of a set of search-index entries: kept as runs of entries whose numbers follow one another
/// (``EntryRuns``) where they are few, as when the numbers are slots of records written together; else densely,
/// one slot per entry from the first to the last, where the entries lie close together; else the entries
/// ascending with each one's number beside it.
struct EntryTable: Sendable {
    private enum Storage {
        /// The number of entry `first + i` at `i`, -1 where the table holds no such entry.
        case dense(first: Int64, numbers: [Int32])
        /// The entries, ascending, and the number of each at the same index.
        case sparse(entries: [Int64], numbers: [Int32])
        case runs(EntryRuns)
    }

    private var storage: Storage

    /// How many entries' span a dense table may cover per entry it holds: at three it takes no more bytes than a
    /// sparse one.
    private static let densestSpan = 3
    /// How far past its last entry a dense table grows for an entry added later (a record created since).
    private static let spareSlots = 1024

    /// The most runs a table of `count` entries is kept as: at a sixteenth of the entries, runs take a quarter of
    /// the bytes of the numbers alone.
    static func mostRuns(forEntries count: Int) -> Int { count / 16 }

    /// The table of `pairs` (no entry twice); the numbers must not be negative.
    init(_ pairs: [(entry: Int64, number: Int32)]) {
        precondition(pairs.allSatisfy { $0.number >= 0 }, "numbers are not negative")
        guard let first = pairs.lazy.map(\.entry).min(), let last = pairs.lazy.map(\.entry).max() else {
            storage = .sparse(entries: [], numbers: [])
            return
        }
        let sorted = pairs.sorted { $0.entry < $1.entry }
        let runs = EntryRuns(ascending: sorted)
        let (distance, overflow) = last.subtractingReportingOverflow(first)
        // Runs are looked up by binary search where the other forms take a step or two: only where they take a
        // small part of the bytes.
        if runs.count <= EntryTable.mostRuns(forEntries: pairs.count) {
            storage = .runs(runs)
        } else if !overflow, distance < Int64(pairs.count * EntryTable.densestSpan) {
            var numbers = [Int32](repeating: -1, count: Int(distance) + 1)
            for pair in pairs { numbers[Int(pair.entry - first)] = pair.number }
            storage = .dense(first: first, numbers: numbers)
        } else {
            storage = .sparse(entries: sorted.map(\.entry), numbers: sorted.map(\.number))
        }
    }

    /// The number of `entry`, or nil when the table does not hold it.
    func number(of entry: Int64) -> Int32? {
        switch storage {
        case .dense(let first, let numbers):
            guard let slot = EntryTable.slot(of: entry, first: first, count: numbers.count), numbers[slot] >= 0 else { return nil }
            return numbers[slot]
        case .sparse(let entries, let numbers):
            return entries.index(ofAscending: entry).map { numbers[$0] }
        case .runs(let runs):
            return runs.number(of: entry)
        }
    }

    /// The numbers of `entries`, in their order; nil when the table does not hold one of them. One call for all
    /// the matches of a list: the table's storage is looked at once, not once per match.
    func numbers(of entries: [Int64]) -> [Int32]? {
        var found = [Int32](repeating: 0, count: entries.count)
        switch storage {
        case .dense(let first, let numbers):
            for (index, entry) in entries.enumerated() {
                guard let slot = EntryTable.slot(of: entry, first: first, count: numbers.count) else { return nil }
                let number = numbers[slot]
                guard number >= 0 else { return nil }
                found[index] = number
            }
        case .sparse(let held, let numbers):
            // A list's matches come in the index's order, ascending: each is looked for from where the last was
            // found, in steps that double, then halve (a few steps where a search from the start took seventeen).
            var from = 0
            for (index, entry) in entries.enumerated() {
                if from > 0, held[from - 1] >= entry { from = 0 }
                var step = 1
                var high = from
                while high < held.count, held[high] < entry {
                    from = high + 1
                    high = from + step - 1
                    step *= 2
                }
                high = min(high, held.count)
                while from < high {
                    let middle = (from + high) / 2
                    if held[middle] < entry { from = middle + 1 } else { high = middle }
                }
                guard from < held.count, held[from] == entry else { return nil }
                found[index] = numbers[from]
                from += 1
            }
        case .runs(let runs):
            for (index, entry) in entries.enumerated() {
                guard let number = runs.number(of: entry) else { return nil }
                found[index] = number
            }
        }
        return found
    }

    /// Holds `number` for `entry` (an entry written since the table was made): false, holding nothing, when a
    /// dense table would have to grow far past its entries.
    mutating func set(_ number: Int32, for entry: Int64) -> Bool {
        precondition(number >= 0, "numbers are not negative")
        switch storage {
        case .dense(let first, var numbers):
            let (offset, overflow) = entry.subtractingReportingOverflow(first)
            guard !overflow, offset >= 0, offset < Int64(numbers.count + EntryTable.spareSlots) else { return false }
            storage = .sparse(entries: [], numbers: [])
            if offset >= Int64(numbers.count) { numbers += repeatElement(-1, count: Int(offset) - numbers.count + 1) }
            numbers[Int(offset)] = number
            storage = .dense(first: first, numbers: numbers)
        case .sparse(var entries, var numbers):
            storage = .sparse(entries: [], numbers: [])
            let low = entries.insertionIndex(ofAscending: entry)
            if low < entries.count, entries[low] == entry {
                numbers[low] = number
            } else {
                entries.insert(entry, at: low)
                numbers.insert(number, at: low)
            }
            storage = .sparse(entries: entries, numbers: numbers)
        case .runs(var runs):
            storage = .sparse(entries: [], numbers: [])
            runs.set(number, for: entry)
            storage = .runs(runs)
        }
        return true
    }

    /// The index of `entry` among the `count` slots of a dense table whose first entry is `first`; nil outside
    /// them, however far (entries are any rowids, so their difference may overflow).
    private static func slot(of entry: Int64, first: Int64, count: Int) -> Int? {
        let (offset, overflow) = entry.subtractingReportingOverflow(first)
        guard !overflow, offset >= 0, offset < Int64(count) else { return nil }
        return Int(offset)
    }

    var byteCount: Int {
        switch storage {
        case .dense(_, let numbers): numbers.count * MemoryLayout<Int32>.stride
        case .sparse(let entries, _): entries.count * (MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride)
        case .runs(let runs): runs.byteCount
        }
    }
}
