import Testing
@testable import Registry

/// The counts of listed selections kept until the data changes, long keys (a text filter's matches) included.
@Suite struct SelectionCountsTests {
    @Test func aSelectionNamedByALongKeyIsCountedOnceUntilTheDataChanges() {
        let counts = SelectionCounts()
        let matches = (0..<3_836).map { String($0) }.joined(separator: ",")
        let key = "SELECT count(*) FROM json_each(?)\u{0}[\"[" + matches + "]\"]"
        let other = "SELECT count(*) FROM json_each(?)\u{0}[\"[" + matches + ",1]\"]"
        counts.store(3_836, for: key, generation: counts.generation)
        #expect(counts.count(key) == 3_836)
        #expect(counts.count(other) == nil)
        counts.store(12, for: "SELECT count(*) FROM project", generation: counts.generation)
        #expect(counts.count("SELECT count(*) FROM project") == 12)
        // A count made before a change is not kept after it.
        let before = counts.generation
        counts.removeAll()
        #expect(counts.count(key) == nil)
        counts.store(3_836, for: key, generation: before)
        #expect(counts.count(key) == nil)
    }
}
