import Foundation
import Testing
import TestSupport
@testable import Registry

/// The cooperation network built from the repository's seeds in a real SQLite file: nodes, edges and
/// shortest chains of cooperation.
@Suite struct CooperationNetworkTests {
    /// The seeds' network, built once; the database file is removed as soon as the network is read.
    static let seeded: Result<CooperationNetwork, any Error> = Result {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(
            path: directory.appendingPathComponent("registry.sqlite").path, migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        let network = try store.cooperationNetwork()
        let counts = try store.counts()
        guard network.nodes.count == RecordKind.allCases.filter({ $0 != .theme }).reduce(0, { $0 + (counts[$1] ?? 0) }) else {
            throw CocoaError(.coderInvalidValue)
        }
        return network
    }

    func network() throws -> CooperationNetwork { try CooperationNetworkTests.seeded.get() }

    /// A path as `from —[via] relation→ to` lines, for compact expectations.
    func describe(_ path: CooperationPath) -> [String] {
        path.steps.map { "\($0.from.id) -[\($0.via.id)] \($0.relation.rawValue)-> \($0.to.id)" }
    }

    @Test func holdsEveryKindOfNodeAndEdge() throws {
        let network = try network()
        let kinds = Set(network.nodes.map(\.kind))
        #expect(kinds == [.organisation, .region, .partnership, .project, .programme, .person])
        let hamburg = try #require(network.node(NetworkNode.Key(kind: .organisation, id: "hamburg")))
        #expect(hamburg.name == "Freie und Hansestadt Hamburg")
        #expect(hamburg.country == "DE")
        #expect(network.nodes.map(\.key) == network.nodes.map(\.key).sorted())

        func has(_ source: String, _ relation: NetworkRelation, _ target: String, role: String? = nil) -> Bool {
            network.edges.contains {
                $0.source.id == source && $0.relation == relation && $0.target.id == target && (role == nil || $0.role == role)
            }
        }
        #expect(has("hamburg", .partyOf, "hamburg-copenhagen-letter-of-intent-2011", role: "signatory"))
        #expect(has("metropolregion-hamburg", .partyOf, "initiativkreis-europaische-metropolregionen", role: "speaker"))
        #expect(has("copenhagen-malmo-region", .partyOf, "oresundskomiteen"), "a region's membership counts as a party")
        #expect(has("obshtina-varna", .partnerIn, "cityregio-ii", role: "partner"))
        #expect(has("kobenhavns-kommune", .memberOf, "malmo-copenhagen-hamburg-axis"))
        #expect(has("leipzig-amt-fur-wirtschaftsforderung", .partOf, "stadt-leipzig"))
        #expect(has("geschaftsstelle-metropolregion-hamburg", .officeOf, "metropolregion-hamburg"))
        #expect(has("city-regio", .predecessorOf, "cityregio-ii"))
        #expect(has("cityregio-ii", .programme, "interreg-cityregio-ii"))
        #expect(has("north-sea-commission", .programme, "interreg-5b-north-sea"))
        #expect(has("jakob-richter", .roleIn, "initiativkreis-europaische-metropolregionen", role: "speaker"))
        #expect(has("jakob-richter", .actsFor, "metropolregion-hamburg"))

        let keys = Set(network.edges.map { "\($0.source) \($0.relation) \($0.target)" })
        #expect(keys.count == network.edges.count, "no duplicate edges")
        let nodeKeys = Set(network.nodes.map(\.key))
        #expect(network.edges.allSatisfy { nodeKeys.contains($0.source) && nodeKeys.contains($0.target) })
    }

    @Test func copenhagenReachesHamburgThroughTheLetterOfIntentAndTheAxis() throws {
        let result = try network().paths(from: "kobenhavns-kommune", to: "hamburg")
        #expect(result.length == 1)
        #expect(result.count == 2)
        #expect(!result.isTruncated)
        let described = result.paths.map(describe)
        #expect(described.contains(["kobenhavns-kommune -[hamburg-copenhagen-letter-of-intent-2011] co_party-> hamburg"]))
        #expect(described.contains(["kobenhavns-kommune -[malmo-copenhagen-hamburg-axis] co_member-> hamburg"]))
        let letter = try #require(result.paths.first { $0.steps.first?.via.kind == .partnership }?.steps.first)
        #expect(letter.via.name == "Letter of intent Hamburg–Copenhagen on strengthened cooperation")
        #expect(letter.fromRole == "signatory" && letter.toRole == "signatory")
    }

    @Test func regionSyddanmarkReachesSchleswigHolsteinThroughTheirAgreement() throws {
        let result = try network().paths(from: "region-syddanmark", to: "schleswig-holstein")
        #expect(result.length == 1)
        #expect(result.paths.map(describe) == [
            ["region-syddanmark -[syddanmark-schleswig-holstein-partnership-agreement] co_party-> schleswig-holstein"],
        ])
    }

    @Test func twoCityregioPartnersMeetInTheProject() throws {
        let result = try network().paths(from: "leipzig-amt-fur-wirtschaftsforderung", to: "obshtina-varna")
        #expect(result.length == 1)
        let step = try #require(result.paths.first?.steps.first)
        #expect(step.via.key == NetworkNode.Key(kind: .project, id: "cityregio-ii"))
        #expect(step.relation == .coPartner)
        #expect(step.fromRole == "lead" || step.fromRole == "partner")
        #expect(step.to.name == "Община Варна")
    }

    @Test func aCityReachesAProjectPartnerThroughItsDepartment() throws {
        let result = try network().paths(from: "stadt-leipzig", to: "obshtina-varna")
        #expect(result.length == 2)
        #expect(result.paths.map(describe) == [[
            "stadt-leipzig -[stadt-leipzig] has_part-> leipzig-amt-fur-wirtschaftsforderung",
            "leipzig-amt-fur-wirtschaftsforderung -[cityregio-ii] co_partner-> obshtina-varna",
        ]])
    }

    @Test func listsEveryShortestPathOverSeveralSteps() throws {
        // Hamburg and Region Hovedstaden share no partnership; Copenhagen links them, through two
        // ties on the first step and one on the second.
        let result = try network().paths(from: "hamburg", to: "region-hovedstaden")
        #expect(result.length == 2)
        #expect(result.count == result.paths.count)
        #expect(result.paths.count >= 2)
        for path in result.paths {
            #expect(path.steps.count == 2)
            #expect(path.steps[0].from.id == "hamburg")
            #expect(path.steps[0].to.id == path.steps[1].from.id)
            #expect(path.steps[1].to.id == "region-hovedstaden")
            #expect(path.steps[1].via.id == "greater-copenhagen-business-development-strategy")
        }
        #expect(Set(result.paths.map(describe)).count == result.paths.count)
    }

    @Test func boundsTheNumberOfPathsAndTheirLength() throws {
        let network = try network()
        let all = try network.paths(from: "kobenhavns-kommune", to: "malmo-stad")
        #expect(all.length == 1)
        #expect(all.count >= 4)
        let limited = try network.paths(from: "kobenhavns-kommune", to: "malmo-stad", limit: 2)
        #expect(limited.paths.count == 2)
        #expect(limited.count == all.count)
        #expect(limited.isTruncated)
        #expect(limited.paths == Array(all.paths.prefix(2)), "the order is stable")

        let tooShort = try network.paths(from: "stadt-leipzig", to: "obshtina-varna", maxLength: 1)
        #expect(tooShort.length == nil)
        #expect(tooShort.paths.isEmpty)
    }

    @Test func unconnectedPartiesHaveNoPath() throws {
        let result = try network().paths(from: "guangdong-province", to: "hamburg")
        #expect(result.length == nil)
        #expect(result.count == 0)
        #expect(result.paths.isEmpty)
        #expect(result.from.name == "Guangdong")
    }

    @Test func followsProjectsThatContinueOneAnother() throws {
        let result = try network().paths(from: "city-regio", to: "obshtina-varna")
        #expect(result.paths.map(describe) == [[
            "city-regio -[cityregio-ii] predecessor_of-> cityregio-ii",
            "cityregio-ii -[cityregio-ii] has_partner-> obshtina-varna",
        ]])
    }

    @Test func resolvesQualifiedIdsAndRejectsUnknownOnes() throws {
        let network = try network()
        #expect(network.party(withID: "region:north-sea")?.kind == .region)
        #expect(network.party(withID: "north-sea")?.kind == .region)
        #expect(network.party(withID: "programme:interreg-5b-north-sea") == nil)
        #expect(network.party(withID: "jakob-richter") == nil, "people do not start chains")
        #expect(throws: NetworkError.unknownParty("atlantis")) { try network.paths(from: "hamburg", to: "atlantis") }
        #expect(throws: NetworkError.unknownParty("atlantis")) { try network.paths(from: "atlantis", to: "hamburg") }
        let same = try network.paths(from: "hamburg", to: "organisation:hamburg")
        #expect(same.length == 0 && same.count == 1 && same.paths == [CooperationPath(steps: [])])
    }

    @Test func chainsThroughPartnershipsThatRegionsShare() throws {
        let result = try network().paths(from: "metropolregion-rhein-neckar", to: "geschaftsstelle-metropolregion-hamburg")
        #expect(result.paths.map(describe) == [[
            "metropolregion-rhein-neckar -[initiativkreis-europaische-metropolregionen] co_party-> metropolregion-hamburg",
            "metropolregion-hamburg -[metropolregion-hamburg] has_office-> geschaftsstelle-metropolregion-hamburg",
        ]])
    }
}
