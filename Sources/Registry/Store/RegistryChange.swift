/// What a commit changed, as far as the store can tell: the records one API write changed, or anything.
///
/// What derives from the whole registry and is costly to make again (the cooperation network) is brought up
/// to date record by record after ``records(_:)``, and made anew after ``unknown``.
public enum RegistryChange: Sendable, Equatable {
    /// These records (by kind and id), what derives from them, and nothing else. A record may have been
    /// created, changed or deleted.
    case records([NetworkNode.Key])
    /// Anything may have changed: an import, seeds, a commit of another process, a change feed that lost its
    /// connection.
    case unknown
}
