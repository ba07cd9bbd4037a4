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
    /// How many slots hold a record.
    let placedCount: Int

    /// The rank at each slot (``unranked`` where no record was read), out of `valueCount` values and the empty one.
    init(ranks: [UInt32], valueCount: Int32) {
        precondition(valueCount >= 0 && valueCount < Int32.max, "a rank for every value and the empty one")
        self.valueCount = valueCount
        placedCount = ranks.reduce(0) { $1 == FieldRanks.unranked ? $0 : $0 + 1 }
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
    func key(ofSlot slot: Int32, descending: Bool) -> Int32? {
        withKeyReader(descending: descending) { $0.key(slot) }
    }

    /// The keys of the records at `slots` as ``key(ofSlot:descending:)`` gives them, each written at
    /// `keys[start + index * stride]`; false when the ranking holds no record at one of the slots.
    func writeKeys(of slots: [Int32], descending: Bool, into keys: inout [Int32], start: Int, stride: Int) -> Bool {
        withKeyReader(descending: descending) { reader in
            keys.withUnsafeMutableBufferPointer { keys in
                for (index, slot) in slots.enumerated() {
                    guard let key = reader.key(slot) else { return false }
                    keys[start + index * stride] = key
                }
                return true
            }
        }
    }

    /// Those of `slots` (ascending) where the ranking holds a record whose ascending key passes `test`, in their
    /// order.
    func slots(among slots: some Sequence<Int32>, where test: (Int32) -> Bool) -> [Int32] {
        withKeyReader(descending: false) { reader in
            var kept: [Int32] = []
            for slot in slots {
                if let key = reader.key(slot), test(key) { kept.append(slot) }
            }
            return kept
        }
    }

    /// Calls `body` with a reader of the ranking's keys in the direction asked, valid inside `body` only.
    func withKeyReader<Result>(descending: Bool, _ body: (KeyReader) -> Result) -> Result {
        switch storage {
        case .narrow(let ranks):
            ranks.withUnsafeBufferPointer { body(KeyReader(ranks: .narrow($0), valueCount: valueCount, descending: descending)) }
        case .wide(let ranks):
            ranks.withUnsafeBufferPointer { body(KeyReader(ranks: .wide($0), valueCount: valueCount, descending: descending)) }
        }
    }

    /// A ranking's keys in one direction, read from its storage for a pass over many slots: through the ranking
    /// itself, its ranks were retained and released for each slot.
    struct KeyReader {
        fileprivate enum Ranks {
            case narrow(UnsafeBufferPointer<UInt16>)
            case wide(UnsafeBufferPointer<UInt32>)
        }

        fileprivate let ranks: Ranks
        let valueCount: Int32
        let descending: Bool

        /// The key of the record at `slot`, as ``FieldRanks/key(ofSlot:descending:)`` gives it.
        @inline(__always)
        func key(_ slot: Int32) -> Int32? {
            let rank: Int32
            switch ranks {
            case .narrow(let ranks):
                guard Int(slot) < ranks.count, ranks[Int(slot)] != UInt16.max else { return nil }
                rank = Int32(ranks[Int(slot)])
            case .wide(let ranks):
                guard Int(slot) < ranks.count, ranks[Int(slot)] != FieldRanks.unranked else { return nil }
                rank = Int32(ranks[Int(slot)])
            }
            return descending && rank < valueCount ? valueCount - 1 - rank : rank
        }
    }

    var byteCount: Int {
        switch storage {
        case .narrow(let ranks): ranks.count * MemoryLayout<UInt16>.stride
        case .wide(let ranks): ranks.count * MemoryLayout<UInt32>.stride
        }
    }
}
