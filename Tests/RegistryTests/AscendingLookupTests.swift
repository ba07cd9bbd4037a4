import Testing
@testable import Registry

/// An ascending lookup finds exactly the elements of its array, whether the entries are asked in ascending order
/// (the walk by doubling steps), with gaps of every size between them, or in any order (a search from the start).
@Suite struct AscendingLookupTests {
    @Test(arguments: [0, 1, 2, 7, 300, 5_000])
    func findsExactlyTheElementsAskedInAnyOrder(count: Int) {
        var generator = SystemRandomNumberGenerator()
        // Runs of neighbours and long gaps, as a text's matches lie among a kind's entries.
        var elements: [Int64] = []
        var next: Int64 = -50
        while elements.count < count {
            next += Bool.random(using: &generator) ? 1 : Int64.random(in: 2...2_000, using: &generator)
            elements.append(next)
        }
        let members = Set(elements)
        let asked = (0..<(2 * count + 20)).map { _ in Int64.random(in: -60...(next + 60), using: &generator) } + elements
        var ascending = AscendingLookup(elements)
        for entry in asked.sorted() {
            #expect(ascending.contains(entry) == members.contains(entry), "\(entry) of \(count), ascending")
        }
        var shuffled = AscendingLookup(elements)
        for entry in asked.shuffled(using: &generator) {
            #expect(shuffled.contains(entry) == members.contains(entry), "\(entry) of \(count), in any order")
        }
    }
}
