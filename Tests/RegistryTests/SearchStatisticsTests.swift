@testable import Registry
import Testing

/// The passages holding each phrase, counted up to half the index (or one more than the exact count limit): after
/// changes that named their records, the index's size is not counted again unless a phrase's count needs it, and
/// every count is what it would be with the size counted.
@Suite struct SearchStatisticsTests {
    /// An index of `passages` passages whose phrases match `matches` passages each: counts the way the stores do,
    /// and how often the whole index is counted.
    final class Index {
        var passages: Int
        var matches: [Int]
        var totalsCounted = 0

        init(passages: Int, matches: [Int]) {
            self.passages = passages
            self.matches = matches
        }

        func counts(_ statistics: SearchStatistics) throws -> [Int] {
            try statistics.passagesHolding(matches.indices.map { "phrase\($0)" }, total: {
                totalsCounted += 1
                return passages
            }, count: { index, cap in min(matches[index], cap) })
        }

        /// The counts with the index's size counted: `min(matches, max(passages / 2 + 1, limit + 1))`.
        var expected: [Int] {
            matches.map { min($0, max(passages / 2 + 1, RegistryStore.exactCountLimit + 1)) }
        }
    }

    static func written(_ count: Int) -> RegistryChange {
        .records((0..<count).map { NetworkNode.Key(kind: .project, id: "p\($0)") })
    }

    @Test func aChangeNamingItsRecordsLeavesTheSizeKnownWithinThem() throws {
        let statistics = SearchStatistics()
        // Half of 10,000 is past the exact count limit: the cap is 5,001.
        let index = Index(passages: 10_000, matches: [50, 3_000, 9_000])
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 1)
        // Remembered until the data changes.
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 1)

        // Three records written, one of them new: counts below the least cap need no size.
        statistics.noteChange(Self.written(3), describedHere: true)
        index.passages += 1
        index.matches = [51, 3_000]
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 1)

        // A count that reaches the least cap the written records leave possible has the size counted.
        statistics.noteChange(Self.written(2), describedHere: true)
        index.passages -= 2
        index.matches = [51, 4_998, 9_000]
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 2)
        #expect(index.expected == [51, 4_998, 5_000])
    }

    @Test func theDriftOfSeveralChangesAddsUp() throws {
        let statistics = SearchStatistics()
        let index = Index(passages: 10_000, matches: [4_990])
        #expect(try index.counts(statistics) == [4_990])
        // 18 records written: 4,990 is below the least cap they leave possible (4,992), so no size is needed;
        // 28: it is not (4,987), and the size is counted.
        statistics.noteChange(Self.written(8), describedHere: true)
        statistics.noteChange(Self.written(10), describedHere: true)
        index.passages -= 18
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 1)
        statistics.noteChange(Self.written(10), describedHere: true)
        index.passages -= 10
        index.matches = [4_990]
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 2)
        #expect(index.expected == [4_987])
    }

    /// Another process's history names the records it wrote, but not what else it indexed (a document of its
    /// seeds): the size is counted again.
    @Test func aChangeToldByAnotherProcessHasTheSizeCountedAgain() throws {
        let statistics = SearchStatistics()
        let index = Index(passages: 10_000, matches: [50])
        _ = try index.counts(statistics)
        statistics.noteChange(Self.written(1), describedHere: false)
        index.passages = 12_000
        index.matches = [5_500]
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 2)
        #expect(index.expected == [5_500])
        // Nor does a described change after it trust a size read in that generation.
        statistics.noteChange(Self.written(1), describedHere: true)
        index.matches = [60]
        #expect(try index.counts(statistics) == [60])
        #expect(index.totalsCounted == 3)
    }

    /// A size counted in a generation may come from a snapshot begun before the change that began it: the
    /// records of that change count in the drift too.
    @Test func theChangeThatBeganAGenerationCountsInTheDriftOfItsSize() throws {
        let statistics = SearchStatistics()
        let index = Index(passages: 10_000, matches: [50])
        statistics.noteChange(Self.written(5), describedHere: true)
        _ = try index.counts(statistics)
        #expect(index.totalsCounted == 1)
        // Three records more: the size is 10,000 within 8, the least cap 4,997; 4,998 passages need the size.
        statistics.noteChange(Self.written(3), describedHere: true)
        index.matches = [4_998]
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 2)
    }

    @Test func aChangeThatNamesNothingHasTheSizeCountedAgain() throws {
        let statistics = SearchStatistics()
        let index = Index(passages: 10_000, matches: [50])
        _ = try index.counts(statistics)
        statistics.noteChange(.unknown, describedHere: false)
        index.passages = 3_000
        index.matches = [2_000]
        #expect(try index.counts(statistics) == index.expected)
        #expect(index.totalsCounted == 2)
        #expect(index.expected == [1_501])
    }

    @Test func aSmallIndexIsCappedByTheExactCountLimit() throws {
        let statistics = SearchStatistics()
        let index = Index(passages: 400, matches: [1_500])
        #expect(try index.counts(statistics) == [RegistryStore.exactCountLimit + 1])
        // Half of 399–401 is below the limit: the cap is the limit's, and the size needs no counting.
        statistics.noteChange(Self.written(1), describedHere: true)
        #expect(try index.counts(statistics) == [RegistryStore.exactCountLimit + 1])
        #expect(index.totalsCounted == 1)
    }
}
