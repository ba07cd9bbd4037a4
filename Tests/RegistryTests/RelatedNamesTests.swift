import Foundation
import Registry
import Testing
import TestSupport

/// An item's related records are named from `record_related`, which triggers keep current (migration 14): a
/// reference takes its target's names when it is written, when the target is created after it, renamed or
/// moved, and loses them when the target is deleted.
@Suite struct RelatedNamesTests {
    private func store() throws -> (RegistryStore, URL) {
        let directory = try Fixtures.temporaryDirectory()
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        return (store, directory)
    }

    /// The project's related records in `language` as `relation kind/id name country` lines.
    private func related(_ store: RegistryStore, language: String = "en") throws -> [String] {
        try store.relatedSummaries(of: .project, id: "baltic-link", language: language).map {
            "\($0.relation) \($0.kind.rawValue)/\($0.id) \($0.name) \($0.country ?? "-")"
        }
    }

    @Test func namesFollowTheRecordsTheyName() throws {
        let (store, directory) = try store()
        defer { try? FileManager.default.removeItem(at: directory) }
        try store.save(Organisation(id: "aarhus-kommune", name: "Aarhus Kommune", names: ["de": "Gemeinde Aarhus"],
                                    kind: .municipality, country: "DK"))
        // The region does not exist yet: the item leaves the reference out until it does.
        try store.save(Project(id: "baltic-link", title: "Baltic Link", partners: [
            ProjectPartner(organisation: "aarhus-kommune", listedName: "Aarhus", role: "lead", country: nil),
        ], regions: ["south-baltic"]))
        #expect(try related(store) == ["partners organisation/aarhus-kommune Aarhus Kommune DK"])
        #expect(try related(store, language: "de") == ["partners organisation/aarhus-kommune Gemeinde Aarhus DK"])

        try store.save(Region(id: "south-baltic", name: "South Baltic", names: ["de": "Südliche Ostsee"], kind: .crossBorderRegion))
        #expect(try related(store) == ["partners organisation/aarhus-kommune Aarhus Kommune DK",
                                       "regions region/south-baltic South Baltic -"])
        #expect(try related(store, language: "de").last == "regions region/south-baltic Südliche Ostsee -")

        // Renamed and moved: the project's item follows without the project being written again.
        try store.save(Organisation(id: "aarhus-kommune", name: "Aarhus Municipality", names: ["de": "Stadt Aarhus"],
                                    kind: .municipality, country: "SE"))
        #expect(try related(store).first == "partners organisation/aarhus-kommune Aarhus Municipality SE")
        #expect(try related(store, language: "de").first == "partners organisation/aarhus-kommune Stadt Aarhus SE")

        try store.delete(.region, id: "south-baltic")
        #expect(try related(store) == ["partners organisation/aarhus-kommune Aarhus Municipality SE"])
    }
}
