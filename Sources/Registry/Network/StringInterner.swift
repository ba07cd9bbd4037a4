/// Gives each distinct string a number while a network is built, so that the few roles and countries that
/// recur on hundreds of thousands of edges and nodes are each kept once.
struct StringInterner {
    /// The strings in the order they were first seen: a string's number is its index.
    private(set) var strings: [String] = []
    private var numbers: [String: Int32] = [:]

    /// The number of `string`, given it now if it has none yet.
    mutating func number(_ string: String) -> Int32 {
        if let number = numbers[string] { return number }
        let number = Int32(strings.count)
        strings.append(string)
        numbers[string] = number
        return number
    }

    /// The number of `string`, or -1 for nil.
    mutating func number(_ string: String?) -> Int32 {
        guard let string else { return -1 }
        return number(string)
    }
}
