/// The ids that an import file's latest rows gave their natural keys, at most ``limit`` of them.
///
/// A record named again a few hundred rows later (a beneficiary of several projects) is found here. Asking the
/// import's own tables instead would first wait for the batch being written in the background
/// (``BatchedInserts/settle()``).
///
/// This is a class, as ``MembershipFilter`` is: the session that holds it is copied for each row's lookups.
final class RecentKeys {
    private var ids: [String: String] = [:]

    /// The most keys kept. When a new key would pass this, all of them are forgotten.
    static let limit = 4_096

    /// The latest id remembered for the key, if the key is among those kept.
    subscript(key: String) -> String? { ids[key] }

    /// Keeps `id` as the key's latest id.
    func remember(_ key: String, id: String) {
        if ids.count >= Self.limit && ids[key] == nil { ids.removeAll(keepingCapacity: true) }
        ids[key] = id
    }

    func removeAll() {
        ids.removeAll(keepingCapacity: true)
    }
}
