/// Where each record of a kind comes in the order of one of its fields: the rank of its value among the field's
/// values, ascending, records whose values are equal sharing one, and an empty value (NULL) ranked after every
/// other. Held by the record's slot (``RecordSlots``).
///
/// One ranking serves both directions of its field and every order it is a field of: descending, a value's rank
/// is counted from the other end, and an empty value still comes last, as the lists sort it. A field of unique
/// values (the id) gives each record a place of its own, which breaks the ties of every order.
struct FieldRanks: Sendable {
    /// Ranks of fields with fewer values than a `UInt16` counts (a kind, a country, a date) take half the bytes.
    private enum Storage {
        case narrow([UInt16])
        case wide([UInt32])
    }

    private let storage: Storage
    /// How many different values the field holds besides the empty one: the rank of an empty value.
    let valueCount: Int32

    /// The rank at each slot (``unranked`` where no record was read), out of `valueCount` values and the empty one.
    init(ranks: [UInt32], valueCount: Int32) {
        precondition(valueCount >= 0 && valueCount < Int32.max, "a rank for every value and the empty one")
        self.valueCount = valueCount
        if valueCount < Int32(UInt16.max) {
            storage = .narrow(ranks.map { $0 == FieldRanks.unranked ? UInt16.max : UInt16($0) })
        } else {
            storage = .wide(ranks)
        }
    }

    /// The rank of a slot where no record was read (a record created since, or a rowid of none).
    static let unranked = UInt32.max

    /// The key of the record at `slot` in the field's order, ascending or `descending`: smaller keys come first;
    /// nil when the ranking holds no record there.
    @inline(__always)
    func key(ofSlot slot: Int32, descending: Bool) -> Int32? {
        let rank: Int32
        switch storage {
        case .narrow(let ranks):
            guard Int(slot) < ranks.count, ranks[Int(slot)] != UInt16.max else { return nil }
            rank = Int32(ranks[Int(slot)])
        case .wide(let ranks):
            guard Int(slot) < ranks.count, ranks[Int(slot)] != FieldRanks.unranked else { return nil }
            rank = Int32(ranks[Int(slot)])
        }
        return descending && rank < valueCount ? valueCount - 1 - rank : rank
    }

    /// The keys of the records at `slots` as ``key(ofSlot:descending:)`` gives them, each written at
    /// `keys[start + index * stride]`; false when the ranking holds no record at one of the slots. The ranks are
    /// reached once for all the slots: reached once a slot, they were retained and released for each.
    func writeKeys(of slots: [Int32], descending: Bool, into keys: inout [Int32], start: Int, stride: Int) -> Bool {
        let valueCount = valueCount
        func write<Rank: FixedWidthInteger>(_ ranks: [Rank], none: Rank) -> Bool {
            ranks.withUnsafeBufferPointer { ranks in
                keys.withUnsafeMutableBufferPointer { keys in
                    for (index, slot) in slots.enumerated() {
                        guard Int(slot) < ranks.count, ranks[Int(slot)] != none else { return false }
                        let rank = Int32(ranks[Int(slot)])
                        keys[start + index * stride] = descending && rank < valueCount ? valueCount - 1 - rank : rank
                    }
                    return true
                }
            }
        }
        switch storage {
        case .narrow(let ranks): return write(ranks, none: UInt16.max)
        case .wide(let ranks): return write(ranks, none: FieldRanks.unranked)
        }
    }

    /// Those of `slots` (ascending) where the ranking holds a record whose ascending key passes `test`, in their
    /// order; the ranks reached once for all of them, as in ``writeKeys(of:descending:into:start:stride:)``.
    func slots(among slots: some Sequence<Int32>, where test: (Int32) -> Bool) -> [Int32] {
        func kept<Rank: FixedWidthInteger>(_ ranks: [Rank], none: Rank) -> [Int32] {
            ranks.withUnsafeBufferPointer { ranks in
                var kept: [Int32] = []
                for slot in slots where Int(slot) < ranks.count && ranks[Int(slot)] != none && test(Int32(ranks[Int(slot)])) {
                    kept.append(slot)
                }
                return kept
            }
        }
        switch storage {
        case .narrow(let ranks): return kept(ranks, none: UInt16.max)
        case .wide(let ranks): return kept(ranks, none: FieldRanks.unranked)
        }
    }

    var byteCount: Int {
        switch storage {
        case .narrow(let ranks): ranks.count * MemoryLayout<UInt16>.stride
        case .wide(let ranks): ranks.count * MemoryLayout<UInt32>.stride
        }
    }
}
