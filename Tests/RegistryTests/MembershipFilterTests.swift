@testable import Registry
import Testing

/// The filter an import asks before its scratch tables: never "certainly not" for a string added, and rarely
/// "perhaps" for one that was not.
@Suite struct MembershipFilterTests {
    @Test func everyStringAddedMayBeContainedAndFewOthersDo() {
        let filter = MembershipFilter(bitCountLog2: 16)
        let added = (0..<5_000).map { "organisation|[\"Organisation \($0)\",\"DE\"]" }
        for text in added { filter.add(text) }
        #expect(added.allSatisfy(filter.mayContain))
        let others = (5_000..<25_000).map { "organisation|[\"Organisation \($0)\",\"DE\"]" }
        let wronglyPerhaps = others.filter(filter.mayContain).count
        // 3 bits a string, 5,000 strings in 65,536 bits: about 1 % in theory.
        #expect(wronglyPerhaps < others.count / 25, "\(wronglyPerhaps) of \(others.count)")

        filter.removeAll()
        #expect(!filter.mayContain(added[0]))
        #expect(MembershipFilter().mayContain("x") == false)
    }
}
