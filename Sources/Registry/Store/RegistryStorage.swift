import Foundation
import JSONOutput

/// What the HTTP API needs of a store holding the registry: records served as stored JSON, lists, search,
/// history, documents, places, the cooperation network, quality findings, tokens, writes and imports. ``RegistryStore``
/// (an SQLite file) and ``PostgresRegistryStore`` (a database several instances share) both answer it, with the
/// same meaning, so that the API and `brobygger serve` run on either.
///
/// Requirements are the stores' own methods, with the same signatures. A protocol's requirements cannot have
/// default arguments: callers through the protocol pass every argument (`now: Date()` for tokens).
public protocol RegistryStorage: AnyObject, Sendable, ImportTarget {
    /// When the data last changed, and what to do when it changes.
    var changes: RegistryChanges { get }

    /// Runs `body`, and every read of this store it makes, against one unchanging view of the registry.
    func snapshot<T>(_ body: () throws -> T) throws -> T

    /// The secret named `name`, made the first time it is asked for and kept in the database.
    func secret(named name: String) throws -> [UInt8]

    /// The bytes the database takes, when the store can tell.
    func storageSize() -> Int?

    // MARK: Records

    func servedRecord(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ServedRecord?
    func exists(_ kind: RecordKind, id: String) throws -> Bool
    func labels(of kind: RecordKind, ids: [String], language: String) throws -> [RecordLabel]
    func relatedSummaries(of kind: RecordKind, id: String, language: String) throws -> [RelatedSummary]
    /// What the record's item shows, read in one snapshot; nil when there is no such record.
    func itemParts(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ItemParts?
    func listedPartners(ofProject projectID: String) throws -> [ListedPartner]
    func servedPartnerships(withParty partyID: String, language: String) throws -> [ServedRecord]
    func servedProjects(withPartner organisationID: String, language: String) throws -> [ServedRecord]
    func servedMembers(ofRegion regionID: String, language: String) throws -> [ServedRecord]
    func personalContactValues() throws -> [String]

    // MARK: Lists

    func servedList(_ query: RecordQuery, language: String, personal: Bool) throws -> ServedPage
    func servedBatch(_ query: RecordQuery, after position: ListPosition?, count: Int,
                     language: String, personal: Bool) throws -> ServedBatch
    func selectionIDs(_ query: RecordQuery) throws -> RecordIDs
    func servedRecords(_ kind: RecordKind, ids: RecordIDs, in range: Range<Int>, language: String,
                       personal: Bool) throws -> [ServedBatch.Record]

    // MARK: Search

    func search(_ query: String, types: [SearchType]?, limit: Int, offset: Int, language: String?) throws -> SearchResults
    func searchIDs(of kind: RecordKind, matching query: String, upTo limit: Int?) throws -> [String]
    /// The records of `kind` that match `query`: best first when `ordered`, else in any order (for a list
    /// sorted by a field, which does not need the ranking).
    func rankedMatches(of kind: RecordKind, matching query: String, ordered: Bool) throws -> RankedMatches

    // MARK: History

    func changes(_ query: ChangeQuery, personal: Bool) throws -> (changes: [Change], total: Int)
    func record(_ kind: RecordKind, id: String, at time: Date, personal: Bool) throws -> RecordAtTime

    // MARK: Documents and places

    func documents(includingText: Bool) throws -> [Document]
    func document(id: String) throws -> Document?
    func place(id: String) throws -> Place?
    func places(country: String?, level: Int?, text: PlaceTextFilter?) throws -> [Place]
    func placeChildren(of id: String) throws -> [String]

    // MARK: Network and findings

    func cooperationNetwork() throws -> CooperationNetwork
    func servedFindings(recordKind: RecordKind, recordID: String) throws -> [String]
    func servedFindings(recordKind: RecordKind?, recordID: String?, check: QualityCheck?,
                        severity: QualityFinding.Severity?) throws -> [String]

    // MARK: Tokens

    func tokens() throws -> [AccessToken]
    func token(named name: String) throws -> AccessToken?
    @discardableResult
    func createToken(name: String, scope: TokenScope, now: Date) throws -> (token: AccessToken, secret: TokenSecret)
    @discardableResult
    func revokeToken(named name: String, now: Date) throws -> AccessToken
    func authenticate(_ secret: TokenSecret, now: Date) throws -> AccessToken?

    // MARK: Writes

    /// The problems of a record body sent for `kind`, each with its JSON pointer; empty when it is valid.
    func problems(of body: JSONValue, kind: RecordKind) throws -> [FieldProblem]
    /// Makes one change of one record, recorded in the history with `author` and `reason`; `expecting` is the
    /// entity tag the client saw, and a record changed since is refused.
    func write(_ kind: RecordKind, _ write: RecordWrite, author: String, reason: String?, expecting: String?) throws -> WriteResult
}

extension RegistryStore: RegistryStorage {}
extension PostgresRegistryStore: RegistryStorage {}
