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
final class DeferringLookup: RegistryLookup {
    private let base: any RegistryLookup
    private var deferred: [DeferredReference] = []

    init(_ base: any RegistryLookup) {
        self.base = base
    }

    func exists(_ kind: RecordKind, _ id: String) throws -> Bool {
        try base.exists(kind, id)
    }

    func referenceExists(_ kind: RecordKind, _ id: String, at pointer: String) throws -> Bool {
        if try !base.exists(kind, id) { deferred.append(DeferredReference(pointer: pointer, kind: kind, id: id)) }
        return true
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
