/// A reference an import's validation let through although the record it names was not there (yet): where in
/// the record it is, and what it names.
public struct DeferredReference: Sendable, Hashable {
    /// The JSON pointer of the reference in the record (`/partners/0/organisation`).
    public let pointer: String
    public let kind: RecordKind
    public let id: String

    /// What validation refuses the reference with when the record is not there.
    public var problem: FieldProblem {
        FieldProblem(pointer: pointer, reason: RecordValidator.namesNoRecord(kind, id))
    }
}

/// Validation's lookups for an import: a reference to a record that is not there counts as there and is noted,
/// so that rows may name records that later rows or files make; ``ImportSession`` hands the notes to the
/// importer, which checks them once everything is read. Everything else is asked of the store as it is.
///
/// A record found is not asked for again: the rows of a file name the same records over and over (each partner row
/// its project's programme, each changed project all its partners), and on PostgreSQL each question is a round
/// trip. An import deletes no record, so a record found stays there, unless the row that made it is rejected:
/// ``forgetFound()`` then. At most ``foundLimit`` ids are kept, so that memory does not grow with the file.
final class DeferringLookup: RegistryLookup {
    private let base: any RegistryLookup
    private var deferred: [DeferredReference] = []
    private var found: [RecordKind: Set<String>] = [:]
    private var foundCount = 0

    /// The most records kept as found; past it the import starts again from none.
    static let foundLimit = 100_000

    init(_ base: any RegistryLookup) {
        self.base = base
    }

    func exists(_ kind: RecordKind, _ id: String) throws -> Bool {
        if found[kind]?.contains(id) == true { return true }
        guard try base.exists(kind, id) else { return false }
        if foundCount >= Self.foundLimit { forgetFound() }
        found[kind, default: []].insert(id)
        foundCount += 1
        return true
    }

    func referenceExists(_ kind: RecordKind, _ id: String, at pointer: String) throws -> Bool {
        if try !exists(kind, id) { deferred.append(DeferredReference(pointer: pointer, kind: kind, id: id)) }
        return true
    }

    /// Forgets the records found: a rejected row's savepoint took back the records it made.
    func forgetFound() {
        found.removeAll()
        foundCount = 0
    }

    func placeExists(_ id: String) throws -> Bool {
        try base.placeExists(id)
    }

    func knowsNUTS(_ code: String) throws -> Bool {
        try base.knowsNUTS(code)
    }

    func documentText(_ id: String) throws -> String? {
        try base.documentText(id)
    }

    /// The references noted since the last call.
    func take() -> [DeferredReference] {
        defer { deferred.removeAll() }
        return deferred
    }
}
