import Registry
import RegistrySynthesis
import Testing

/// The synthetic registry the benchmarks load: reproducible, and as large as asked.
@Suite struct SyntheticRegistryTests {
    static func make(seed: UInt64) -> [any RegistryRecord] {
        var generator = SyntheticRegistry(organisations: 40, projects: 15, partnerLinks: 100, seed: seed)
        return generator.make(existingThemes: ["food", "it", "tourism"])
    }

    @Test func theSameSeedGivesTheSameRegistry() {
        let first = SyntheticRegistryTests.make(seed: 7)
        let again = SyntheticRegistryTests.make(seed: 7)
        #expect(first.map(\.id) == again.map(\.id))
        #expect(first.map(\.displayName) == again.map(\.displayName))
        #expect(first.map(\.id) != SyntheticRegistryTests.make(seed: 8).map(\.id))
    }

    @Test func itHasTheCountsAskedFor() {
        let records = SyntheticRegistryTests.make(seed: 7)
        let projects = records.compactMap { $0 as? Project }
        #expect(records.compactMap { $0 as? Programme }.count == 12)
        #expect(records.compactMap { $0 as? Organisation }.count == 40)
        #expect(projects.count == 15)
        #expect(projects.map(\.partners.count).reduce(0, +) == 100)
        #expect(Set(records.map(\.id)).count == records.count)
        #expect(projects.allSatisfy { Set($0.themes).isSubset(of: ["food", "it", "tourism"]) })
    }
}
