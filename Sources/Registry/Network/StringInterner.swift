/// Gives each distinct string a number while a network is built, so that the few roles and countries that
/// recur on hundreds of thousands of edges and nodes are each kept once.
struct StringInterner {
    /// The strings in the order they were first seen: a string's number is its index.
    private(set) var strings = PackedStrings()
    private var index = PackedStringIndex()

    init() {}

    /// An interner that numbers `strings` (distinct) as they are listed, and further strings after them.
    init(numbering strings: [String]) {
        for string in strings { _ = number(string) }
    }

    /// The number of the string whose UTF-8 bytes are `utf8`, given it now if it has none yet.
    mutating func number(_ utf8: UnsafeRawBufferPointer) -> Int32 {
        let hash = PackedStringIndex.hash(utf8)
        if let number = index.find(hash: hash, matches: { strings.equals(Int($0), utf8) }) { return number }
        strings.append(utf8)
        return index.insert(hash: hash)
    }

    /// The number of `utf8`, or -1 for nil.
    mutating func number(_ utf8: UnsafeRawBufferPointer?) -> Int32 {
        guard let utf8 else { return -1 }
        return number(utf8)
    }

    /// The number of `string`, given it now if it has none yet.
    mutating func number(_ string: String) -> Int32 {
        var string = string
        return string.withUTF8 { number(UnsafeRawBufferPointer($0)) }
    }

    /// Every string, in the order of their numbers.
    var all: [String] { (0..<strings.count).map { strings[$0] } }
}
