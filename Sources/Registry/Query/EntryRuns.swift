/// Numbers of search-index entries kept as runs: entries one after the other whose numbers also follow one another
/// are one run, its first entry, its first number and its length. A kind's records written together have their
/// entries and rowids in the same order, so that a registry of many thousand records is a few dozen runs.
struct EntryRuns: Sendable {
    /// The first entry of each run, ascending.
    private var starts: [Int64] = []
    /// The number of each run's first entry.
    private var numbers: [Int32] = []
    private var lengths: [Int32] = []

    /// The runs of `pairs`, ascending by entry, no entry twice.
    init(ascending pairs: [(entry: Int64, number: Int32)]) {
        for pair in pairs {
            if let last = starts.indices.last, follows(last, entry: pair.entry, number: pair.number) {
                lengths[last] += 1
            } else {
                starts.append(pair.entry)
                numbers.append(pair.number)
                lengths.append(1)
            }
        }
    }

    /// How many runs there are.
    var count: Int { starts.count }

    var byteCount: Int {
        starts.count * (MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride * 2)
    }

    /// The number of `entry`, or nil when no run holds it.
    func number(of entry: Int64) -> Int32? {
        guard let (run, offset) = place(of: entry) else { return nil }
        return numbers[run] + offset
    }

    /// Holds `number` for `entry`: a run that held it with another number is split around it, and runs that then
    /// follow one another are joined.
    mutating func set(_ number: Int32, for entry: Int64) {
        if let (run, offset) = place(of: entry) {
            guard numbers[run] + offset != number else { return }
            let (start, first, length) = (starts[run], numbers[run], lengths[run])
            var pieces: [(Int64, Int32, Int32)] = []
            if offset > 0 { pieces.append((start, first, offset)) }
            let middle = run + pieces.count
            pieces.append((entry, number, 1))
            if offset < length - 1 { pieces.append((entry + 1, first + offset + 1, length - offset - 1)) }
            starts.replaceSubrange(run...run, with: pieces.map(\.0))
            numbers.replaceSubrange(run...run, with: pieces.map(\.1))
            lengths.replaceSubrange(run...run, with: pieces.map(\.2))
            join(around: middle)
        } else {
            let index = starts.insertionIndex(ofAscending: entry)
            starts.insert(entry, at: index)
            numbers.insert(number, at: index)
            lengths.insert(1, at: index)
            join(around: index)
        }
    }

    /// The run holding `entry` and the entry's offset in it.
    private func place(of entry: Int64) -> (run: Int, offset: Int32)? {
        var run = starts.insertionIndex(ofAscending: entry)
        if run == starts.count || starts[run] != entry { run -= 1 }
        guard run >= 0 else { return nil }
        let (offset, overflow) = entry.subtractingReportingOverflow(starts[run])
        guard !overflow, offset < Int64(lengths[run]) else { return nil }
        return (run, Int32(offset))
    }

    /// Whether `entry` numbered `number` continues run `run`.
    private func follows(_ run: Int, entry: Int64, number: Int32) -> Bool {
        let (next, overflow) = starts[run].addingReportingOverflow(Int64(lengths[run]))
        return !overflow && next == entry && numbers[run] + lengths[run] == number
    }

    /// Joins run `index` with the run after it and the run before it where they follow one another.
    private mutating func join(around index: Int) {
        for run in [index, index - 1] where run >= 0 && run + 1 < starts.count
            && follows(run, entry: starts[run + 1], number: numbers[run + 1]) {
            lengths[run] += lengths[run + 1]
            starts.remove(at: run + 1)
            numbers.remove(at: run + 1)
            lengths.remove(at: run + 1)
        }
    }
}
