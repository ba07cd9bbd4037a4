/// The first records of a selection in a list's order, picked in one pass over the selection's slots, each slot's
/// keys read from the rankings as it comes (``FieldRanks/KeyReader``): those that come first so far are kept in a
/// heap, the one that comes last of them at its root, past which most slots are passed over at their first keys.
/// Keys made beforehand for every slot of a selection of every record cost arrays of that size, faulted in by the
/// kernel again for each page.
struct FirstInOrder {
    /// The order's keys, its columns' in their directions, the id's last.
    private let readers: [FieldRanks.KeyReader]

    /// The first `count` of `slots` in the order of `placing`'s columns (the id's last), past
    /// the position whose keys are `start` when given, in that order. A slot that the id's ranking does not place
    /// held no record when the rankings were made, and is passed over; nil when another ranking does not place a
    /// slot that may be among the first.
    static func slots(_ count: Int, of slots: some Sequence<Int32>, placing: SortRankings.Placing,
                      after start: [Int32]?) -> [Int32]? {
        withKeyReaders(of: placing.columns) { readers in
            FirstInOrder(readers: readers).first(count, of: slots, after: start)
        }
    }

    /// Calls `body` with readers of `columns`' keys, in their directions, valid inside `body` only.
    static func withKeyReaders<Result>(of columns: [(ranks: FieldRanks, descending: Bool)],
                                       _ body: ([FieldRanks.KeyReader]) -> Result) -> Result {
        func nest(_ index: Int, _ readers: [FieldRanks.KeyReader]) -> Result {
            guard index < columns.count else { return body(readers) }
            return columns[index].ranks.withKeyReader(descending: columns[index].descending) { nest(index + 1, readers + [$0]) }
        }
        return nest(0, [])
    }

    /// A slot that may come first and its first two keys, packed: keys are ranks, never negative, so the packed
    /// bits order them as the keys do.
    private struct Candidate {
        var slot: Int32
        var packed: UInt64
    }

    /// The first two keys of `slot` packed (its only key, for an order of the id alone); nil when a ranking does
    /// not place it.
    @inline(__always)
    private func packed(_ slot: Int32) -> UInt64? {
        guard let first = readers[0].key(slot) else { return nil }
        guard readers.count > 1 else { return UInt64(UInt32(bitPattern: first)) }
        guard let second = readers[1].key(slot) else { return nil }
        return UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    /// The first two of `keys` packed as ``packed(_:)`` packs a slot's.
    private func packed(_ keys: [Int32]) -> UInt64 {
        keys.prefix(2).reduce(0) { key, rank in key << 32 | UInt64(UInt32(bitPattern: rank)) }
    }

    /// Whether `one` comes before `other`, by their packed keys and then by their keys past the first two (the
    /// id's ranking, the last, gives each record a place of its own); nil when a ranking does not place `one`
    /// where that decides. `other`'s keys are all placed.
    @inline(__always)
    private func precedes(_ one: Candidate, _ other: Candidate) -> Bool? {
        if one.packed != other.packed { return one.packed < other.packed }
        return laterKeysOrder(one.slot) { readers[$0].key(other.slot) ?? 0 }.map { $0 < 0 }
    }

    /// How the keys of `slot` past the first two compare with `other(column)`, column by column: negative when
    /// they come before, zero when all are equal, positive when after; nil when a ranking does not place `slot`.
    private func laterKeysOrder(_ slot: Int32, _ other: (Int) -> Int32) -> Int? {
        var column = 2
        while column < readers.count {
            guard let mine = readers[column].key(slot) else { return nil }
            let theirs = other(column)
            if mine != theirs { return mine < theirs ? -1 : 1 }
            column += 1
        }
        return 0
    }

    /// Whether every ranking of the order places `slot`.
    private func isPlaced(_ slot: Int32) -> Bool {
        readers.allSatisfy { $0.key(slot) != nil }
    }

    private func first(_ count: Int, of slots: some Sequence<Int32>, after start: [Int32]?) -> [Int32]? {
        guard count > 0, let id = readers.last else { return [] }
        let startPacked = start.map(packed)
        var heap: [Candidate] = []
        heap.reserveCapacity(count)
        for slot in slots {
            guard id.key(slot) != nil else { continue }
            guard let key = packed(slot) else { return nil }
            let candidate = Candidate(slot: slot, packed: key)
            if let start, let startPacked {
                if key < startPacked { continue }
                // The position's record itself has every key equal, and is not past it.
                if key == startPacked {
                    guard let order = laterKeysOrder(slot, { start[$0] }) else { return nil }
                    if order <= 0 { continue }
                }
            }
            if heap.count < count {
                guard isPlaced(slot) else { return nil }
                heap.append(candidate)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard precedes(heap[parent], heap[child]) == true else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
                continue
            }
            guard let comesFirst = precedes(candidate, heap[0]) else { return nil }
            guard comesFirst else { continue }
            guard isPlaced(slot) else { return nil }
            heap[0] = candidate
            var parent = 0
            while true {
                var last = parent
                let left = 2 * parent + 1, right = left + 1
                if left < heap.count, precedes(heap[last], heap[left]) == true { last = left }
                if right < heap.count, precedes(heap[last], heap[right]) == true { last = right }
                guard last != parent else { break }
                heap.swapAt(parent, last)
                parent = last
            }
        }
        heap.sort { precedes($0, $1) == true }
        return heap.map(\.slot)
    }
}
