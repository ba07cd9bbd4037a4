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
