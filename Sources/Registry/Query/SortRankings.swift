import Dispatch
import Locking

/// The order of every record of a kind under one sort, kept in memory until the data changes: a list filtered by
/// text and sorted by fields places its matches by looking each up here, where SQLite looked up each match's
/// record and then its sort values, two b-tree descents in different parts of the file for every match.
///
/// A ranking is of one field: its last field's places (each record's place in the order of the field and then the
/// id), or, for each field before the last, its values' ranks (records whose values are equal share one). An order
/// of several fields compares the ranks of its fields, then the last field's places, so that each field's two
/// directions make all its orders, and orders of several fields are not each a ranking of their own.
///
/// A ranking is made on a queue of its own when a list first wants it, from a read of its own, and kept if the
/// data did not change meanwhile or every change meanwhile named the records it wrote (as below); until it is
/// there, lists are read as before. A ranking is read from the sort's index, which holds the records' rowids in
/// order, and each rowid's entry is looked up in the kind's ``RecordEntries``, kept for the next ranking.
/// Rankings are made one at a time, again only when a list finds its ranking out of date, and no more often than
/// leaves nine tenths of a core to everything else, however often the data changes or orders are asked for.
/// Their memory is bounded (``byteLimit``); the least recently used goes first.
///
/// A change that names the records it wrote (an API write) leaves a ranking in use: each record keeps its place
/// among the others unless it was itself written, so a list whose matches and position name none of the records
/// written since the ranking was made is placed by it (``rankings(_:generation:changes:)``), and any other is read
/// from SQLite and has a new ranking made. Any other change (an import of many records, a commit of another
/// process that names none) forgets every ranking. A commit of another process is seen when the store next looks
/// at the file, as for the counts: until then a ranking may still place a record that process changed where it was.
final class SortRankings: Sendable {
    /// A kind and an order of its records: a field's terms, and then the id for a ranking of places.
    struct Key: Hashable, Sendable {
        var kind: RecordKind
        /// The terms of the order as SQL's `ORDER BY` takes them.
        var order: String
        /// The order's terms, one value of each a ranking's record compares.
        var expressions: [String]
        /// Whether records whose values are equal share a rank (a field before the last of an order); else each
        /// has its own place, the order's last term being the id.
        var tiesShareRank: Bool

        init(kind: RecordKind, terms: [(expression: String, descending: Bool)], tiesShareRank: Bool = false) {
            self.kind = kind
            order = terms.map { "\($0.expression)\($0.descending ? " DESC" : "")" }.joined(separator: ", ")
            expressions = terms.map(\.expression)
            self.tiesShareRank = tiesShareRank
        }
    }

    /// Where each search-index entry of a kind's records comes in one order: its place, or its rank where records
    /// share one.
    struct Ranking: Sendable {
        private enum Places {
            /// The place of entry `first + i` at `i`, -1 for an entry of no record of the kind: where the kind's
            /// entries lie close together, as they do when its records were written together.
            case dense(first: Int64, places: [Int32])
            /// The entries, ascending, and the place of each at the same index.
            case sparse(entries: [Int64], places: [Int32])
        }

        private let places: Places

        /// `ordered` holds the entries in the order ranked; `ranks` the rank of each (ascending), where entries
        /// share ranks, else each entry's place is its index.
        init(ordered: [Int64], ranks: [Int32]? = nil) {
            precondition(ranks.map { $0.count == ordered.count } ?? true, "a rank for each entry")
            guard let first = ordered.min(), let last = ordered.max() else {
                places = .sparse(entries: [], places: [])
                return
            }
            let rank = { (index: Int) -> Int32 in ranks?[index] ?? Int32(index) }
            let (distance, overflow) = last.subtractingReportingOverflow(first)
            if !overflow, distance < Int64(ordered.count * Ranking.densestSpan) {
                var dense = [Int32](repeating: -1, count: Int(distance) + 1)
                for (index, entry) in ordered.enumerated() { dense[Int(entry - first)] = rank(index) }
                places = .dense(first: first, places: dense)
            } else {
                let byEntry = ordered.indices.sorted { ordered[$0] < ordered[$1] }
                places = .sparse(entries: byEntry.map { ordered[$0] }, places: byEntry.map(rank))
            }
        }

        /// How many entries' span a dense ranking may cover per record: at three it holds no more bytes than a
        /// sparse one.
        private static let densestSpan = 3

        /// The place (or rank) of `entry` in the order, or nil when the ranking does not hold it.
        func place(of entry: Int64) -> Int? {
            switch places {
            case .dense(let first, let places):
                guard let slot = Ranking.slot(of: entry, first: first, count: places.count), places[slot] >= 0 else { return nil }
                return Int(places[slot])
            case .sparse(let held, let places):
                return held.index(ofAscending: entry).map { Int(places[$0]) }
            }
        }

        /// The index of `entry` among the `count` places of a dense ranking whose first entry is `first`; nil outside
        /// them, however far (entries are any rowids, so their difference may overflow).
        private static func slot(of entry: Int64, first: Int64, count: Int) -> Int? {
            let (offset, overflow) = entry.subtractingReportingOverflow(first)
            guard !overflow, offset >= 0, offset < Int64(count) else { return nil }
            return Int(offset)
        }

        /// Writes the place (or rank) of each of `entries`, the `i`th at `i * width + column` of `ranks`; false when
        /// the ranking does not hold one of them. One call for all the matches of a list: the ranking's storage is
        /// looked at once, not once per match.
        func place(_ entries: [Int64], column: Int, width: Int, into ranks: inout [Int32]) -> Bool {
            precondition(ranks.count >= entries.count * width && column < width, "room for every entry's rank")
            switch places {
            case .dense(let first, let places):
                for (index, entry) in entries.enumerated() {
                    guard let slot = Ranking.slot(of: entry, first: first, count: places.count) else { return false }
                    let place = places[slot]
                    guard place >= 0 else { return false }
                    ranks[index * width + column] = place
                }
            case .sparse(let held, let places):
                // A list's matches come in the index's order, ascending: each is looked for from where the last
                // was found, in steps that double, then halve (a few steps where a search from the start took
                // seventeen).
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
                    guard from < held.count, held[from] == entry else { return false }
                    ranks[index * width + column] = places[from]
                    from += 1
                }
            }
            return true
        }

        var byteCount: Int {
            switch places {
            case .dense(_, let places): places.count * MemoryLayout<Int32>.stride
            case .sparse(let entries, _): entries.count * (MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride)
            }
        }
    }

    private struct Kept {
        var ranking: Ranking
        /// The generation of the data it was made from.
        var generation: UInt64
        var lastUse: UInt64
    }

    /// The rankings that place a list's matches, and the ids of the records of their kind written since they
    /// were made, which they do not place.
    struct Placing {
        var rankings: [Ranking]
        var written: Set<String>
    }

    private struct State {
        var kept: [Key: Kept] = [:]
        var uses: UInt64 = 0
        /// Whether a ranking is being made: one at a time.
        var making = false
        /// When the next ranking may be made: the last one's making time nine times over after it ended.
        var nextMaking = ContinuousClock.now
        /// Orders whose ranking came out larger than ``byteLimit``: not made again.
        var tooLarge: Set<Key> = []
        var stopped = false
        var pagesPlaced = 0
        /// The records' entries that rankings are made with, by kind.
        var recordEntries: [RecordKind: RecordEntries] = [:]
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "brobygger.sort-rankings", qos: .utility)
    /// The most bytes the rankings kept may hold together.
    static let byteLimit = 12 << 20

    /// Whether the ranking for `key` is kept, made from the data of `generation`: nothing would make it again.
    func isMade(_ key: Key, at generation: UInt64) -> Bool {
        state.withLock { $0.kept[key]?.generation == generation }
    }

    /// The rankings for `keys`, if all are kept and place the records of data of `generation` (that of the caller's
    /// snapshot, read before it began): made from it, or from data before it when every change since named the
    /// records it wrote (`changes`), which come with them as written. A ranking made after `generation` may place
    /// records written since, so it is not given.
    func rankings(_ keys: [Key], generation: UInt64, changes: SelectionCounts) -> Placing? {
        state.withLock { state in
            var placing = Placing(rankings: [], written: [])
            for key in keys {
                guard var kept = state.kept[key], let written = changes.written(since: kept.generation, through: generation) else {
                    return nil
                }
                for record in written where record.kind == key.kind { placing.written.insert(record.id) }
                state.uses += 1
                kept.lastUse = state.uses
                state.kept[key] = kept
                placing.rankings.append(kept.ranking)
            }
            return placing
        }
    }

    /// Has the ranking for `key` made on the rankings' queue by `make`, unless one is kept for the current
    /// generation, another is being made, or the last was made too lately. `make` returns the ranking and the
    /// generation read before its read began, or nil. The ranking is kept if `changes` still says that generation
    /// once it is made, or if every change since named the records it wrote: like a ranking kept from before such
    /// changes, it then places no list that names one of them (``rankings(_:generation:changes:)``), so that on a
    /// registry written to more often than a ranking takes to make, rankings are still made.
    func prepare(_ key: Key, changes: SelectionCounts, make: @escaping @Sendable () throws -> (Ranking, generation: UInt64)?) {
        let current = changes.generation
        let starts = state.withLock { state in
            if let kept = state.kept[key], kept.generation == current { return false }
            guard !state.stopped, !state.making, ContinuousClock.now >= state.nextMaking,
                  !state.tooLarge.contains(key) else { return false }
            state.making = true
            return true
        }
        guard starts else { return }
        queue.async { [self] in
            let started = ContinuousClock.now
            let made = try? make()
            let ended = ContinuousClock.now
            let outlived = made.map { made in
                let current = changes.generation
                return made.generation == current || changes.written(since: made.generation, through: current) != nil
            } ?? false
            state.withLock { state in
                state.making = false
                state.nextMaking = ended + (ended - started) * 9
                guard let (ranking, generation) = made, outlived else { return }
                guard ranking.byteCount <= SortRankings.byteLimit else {
                    state.tooLarge.insert(key)
                    return
                }
                state.kept[key] = nil
                var bytes = state.kept.values.reduce(ranking.byteCount) { $0 + $1.ranking.byteCount }
                while bytes > SortRankings.byteLimit, let oldest = state.kept.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                    bytes -= oldest.value.ranking.byteCount
                    state.kept[oldest.key] = nil
                }
                state.uses += 1
                state.kept[key] = Kept(ranking: ranking, generation: generation, lastUse: state.uses)
            }
        }
    }

    /// Runs `body` on the rankings' queue, between the makings of rankings, unless they are no longer made.
    func enqueue(_ body: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            guard !state.withLock({ $0.stopped }) else { return }
            body()
        }
    }

    /// Notes that a page was placed by a ranking.
    func notePagePlaced() {
        state.withLock { $0.pagesPlaced += 1 }
    }

    /// How many pages rankings placed.
    var pagesPlaced: Int { state.withLock { $0.pagesPlaced } }

    /// Makes no more rankings: lists are read from SQLite alone.
    func stopMaking() {
        state.withLock { $0.stopped = true }
    }

    /// Waits until no ranking is being made.
    func waitUntilMade() {
        queue.sync {}
    }

    /// Forgets every ranking, and the records' entries they are made with.
    func removeAll() {
        state.withLock { state in
            state.kept.removeAll()
            state.recordEntries.removeAll()
        }
    }

    /// The entries of the records of `kind` kept to make rankings with (``RecordEntries``).
    func recordEntries(of kind: RecordKind) -> RecordEntries? {
        state.withLock { $0.recordEntries[kind] }
    }

    /// Keeps `entries` to make the rankings of `kind` with; nil forgets those kept.
    func keep(_ entries: RecordEntries?, of kind: RecordKind) {
        state.withLock { $0.recordEntries[kind] = entries }
    }
}
