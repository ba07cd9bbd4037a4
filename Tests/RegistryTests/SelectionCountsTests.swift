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

    /// Changes that name their records are noted, so that what was made before them can be told what they wrote;
    /// a change that names none, or one no longer noted, leaves a gap.
    @Test func theRecordsWrittenSinceAGenerationAreToldUntilAGap() throws {
        let counts = SelectionCounts()
        let start = counts.generation
        let first = NetworkNode.Key(kind: .organisation, id: "a")
        let second = NetworkNode.Key(kind: .project, id: "b")
        counts.store(7, for: "SELECT count(*) FROM organisation", generation: start)
        #expect(counts.noteChange(.records([first])) == start + 1)
        counts.noteChange(.records([second]))
        #expect(counts.written(since: start, through: start + 2) == [first, second])
        #expect(counts.written(since: start + 1, through: start + 2) == [second])
        #expect(counts.written(since: start + 2, through: start + 2) == [])
        #expect(counts.written(since: start + 2, through: start + 1) == nil)
        // Kept, but for the data it was counted in only, unless it survives what was written since.
        #expect(counts.count("SELECT count(*) FROM organisation") == nil)
        #expect(try counts.count("SELECT count(*) FROM organisation", generation: start + 2) { _ in false } == nil)
        #expect(try counts.count("SELECT count(*) FROM organisation", generation: start + 2) { $0 == [first, second] } == 7)
        #expect(counts.count("SELECT count(*) FROM organisation") == 7)
        counts.noteChange(.unknown)
        #expect(counts.written(since: start, through: start + 3) == nil)
        #expect(counts.written(since: start + 3, through: start + 3) == [])
        #expect(try counts.count("SELECT count(*) FROM organisation", generation: start + 3) { _ in true } == nil)
        // The oldest changes go once they name more records than are noted.
        let many = (0...SelectionCounts.notedRecordLimit).map { NetworkNode.Key(kind: .theme, id: "t\($0)") }
        counts.noteChange(.records([first]))
        counts.noteChange(.records(many))
        #expect(counts.written(since: start + 3, through: start + 5) == nil)
        #expect(counts.written(since: start + 4, through: start + 5) == nil)
        counts.noteChange(.records([second]))
        #expect(counts.written(since: start + 5, through: start + 6) == [second])
    }
}
