extension Array where Element == Int64 {
    /// The index of `entry` in this array, whose elements ascend, found by binary search; nil when it is not there.
    func index(ofAscending entry: Int64) -> Int? {
        let index = insertionIndex(ofAscending: entry)
        return index < count && self[index] == entry ? index : nil
    }

    /// The index of the first element of this array (whose elements ascend) not less than `entry`: where `entry` is,
    /// or would go.
    func insertionIndex(ofAscending entry: Int64) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Looks up entries in an ascending array one after another, each from where the one before was found: for
/// entries asked in ascending order (a text's matches in the index's order), a walk through the array by
/// doubling steps instead of a binary search over all of it each time. An entry asked below the one before is
/// searched for from the start.
struct AscendingLookup {
    private let elements: [Int64]
    private var position = 0
    private var last = Int64.min

    init(_ ascending: [Int64]) {
        elements = ascending
    }

    /// Whether `entry` is among the elements.
    mutating func contains(_ entry: Int64) -> Bool {
        var low = entry < last ? 0 : position
        last = entry
        // Every element before `low` is below `entry`; `high` doubles its distance from it until one is not.
        var high = low
        var step = 1
        while high < elements.count, elements[high] < entry {
            low = high + 1
            high += step
            step *= 2
        }
        high = Swift.min(high, elements.count)
        while low < high {
            let middle = (low + high) / 2
            if elements[middle] < entry { low = middle + 1 } else { high = middle }
        }
        position = low
        return low < elements.count && elements[low] == entry
    }
}
