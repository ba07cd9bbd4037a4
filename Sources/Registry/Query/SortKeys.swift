/// The keys of a list's matches under the rankings of its sort's fields and then the id's (``SortRankings``), one
/// per field, and their order: each match's first two keys packed into one integer settle most comparisons, the
/// others break its ties. A closure comparing key by key through the array was most of a sorted page's time at
/// ten thousand matches.
struct SortKeys {
    /// Keys per match.
    let width: Int
    /// The keys of match `i` past its first two, at `i * (width - 2) ..< (i + 1) * (width - 2)`: the first two
    /// are in ``packed``.
    private var laterKeys: [Int32]
    /// The first two keys of each match, packed.
    private var packed: [UInt64]

    /// The keys of `entries` under `placing`'s rankings, in the order of the sort's fields; nil when they do not
    /// place one of the entries.
    init?(_ entries: [Int64], placing: SortRankings.Placing) {
        guard let slots = placing.slots.slots(ofEntries: entries) else { return nil }
        self.init(slots: slots, placing: placing)
    }

    /// The keys of the records at `slots` under `placing`'s rankings; nil when they do not place one of them.
    init?(slots: [Int32], placing: SortRankings.Placing) {
        width = placing.columns.count
        let laterWidth = max(width - 2, 0)
        laterKeys = [Int32](repeating: 0, count: slots.count * laterWidth)
        packed = [UInt64](repeating: 0, count: slots.count)
        // The first two columns one at a time through one buffer into the packed keys; the others where they stay.
        var column = [Int32](repeating: 0, count: slots.count)
        for (index, ranking) in placing.columns.enumerated() {
            if index < 2 {
                guard ranking.ranks.writeKeys(of: slots, descending: ranking.descending, into: &column, start: 0, stride: 1) else {
                    return nil
                }
                for match in packed.indices { packed[match] = packed[match] << 32 | UInt64(UInt32(bitPattern: column[match])) }
            } else {
                guard ranking.ranks.writeKeys(of: slots, descending: ranking.descending, into: &laterKeys,
                                              start: index - 2, stride: laterWidth) else { return nil }
            }
        }
    }

    /// Keys are ranks, never negative: their bits order them as their values do. Every match of one list packs as
    /// many keys, so matches of one key need no shift to compare.
    private static func pack(_ ranks: ArraySlice<Int32>) -> UInt64 {
        ranks.prefix(2).reduce(0) { key, rank in key << 32 | UInt64(UInt32(bitPattern: rank)) }
    }

    /// The indices of the matches in the sort's order, those up to `start` (a position's ranks) left out: all of
    /// them, or the first `count`. The first hundred of ten thousand are picked in one pass, keeping the hundred
    /// that come first so far, where sorting every match was a tenth of a page's time.
    func sortedIndices(after start: [Int32]? = nil, first count: Int? = nil) -> [Int] {
        var indices: [Int]
        if let start {
            let startKey = Self.pack(start[...])
            indices = packed.indices.filter { index in
                packed[index] != startKey ? packed[index] > startKey : follows(index, start)
            }
            if let count, count < indices.count / 4 { indices = first(count, of: indices) }
        } else if let count, count < packed.count / 4 {
            // Straight from the matches' range: an array of every index cost pages of memory for each list.
            indices = first(count, of: packed.indices)
        } else {
            indices = Array(packed.indices)
        }
        indices.sort(by: precedes)
        return indices
    }

    /// Whether match `one` comes before match `other`: the id's ranking, the last, gives each record a place of its
    /// own, so no two matches are equal.
    private func precedes(_ one: Int, _ other: Int) -> Bool {
        packed[one] != packed[other] ? packed[one] < packed[other] : precedesInLaterRanks(one, other)
    }

    /// The `count` of `indices` that come first, in no order: a heap of those that come first so far, the one
    /// that comes last of them at its root.
    private func first(_ count: Int, of indices: some Sequence<Int>) -> [Int] {
        guard count > 0 else { return [] }
        var heap: [Int] = []
        heap.reserveCapacity(count)
        for index in indices {
            if heap.count < count {
                heap.append(index)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard precedes(heap[parent], heap[child]) else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
            } else if precedes(index, heap[0]) {
                heap[0] = index
                var parent = 0
                while true {
                    var last = parent
                    for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && precedes(heap[last], heap[child]) {
                        last = child
                    }
                    guard last != parent else { break }
                    heap.swapAt(parent, last)
                    parent = last
                }
            }
        }
        return heap
    }

    /// Whether match `one` precedes match `other` by their ranks past the first two (their packed keys equal).
    private func precedesInLaterRanks(_ one: Int, _ other: Int) -> Bool {
        firstLaterDifference(one) { laterKeys[other * (width - 2) + $0 - 2] }.map { $0 < 0 } ?? false
    }

    /// Whether match `index` comes after the position of ranks `start` (their packed keys equal).
    private func follows(_ index: Int, _ start: [Int32]) -> Bool {
        firstLaterDifference(index) { start[$0] }.map { $0 > 0 } ?? false
    }

    /// The sign of match `index`'s first rank past the first two that differs from `other`'s rank in the same
    /// column; nil when none does.
    private func firstLaterDifference(_ index: Int, _ other: (Int) -> Int32) -> Int? {
        var column = 2
        while column < width {
            let mine = laterKeys[index * (width - 2) + column - 2], theirs = other(column)
            if mine != theirs { return mine < theirs ? -1 : 1 }
            column += 1
        }
        return nil
    }
}
