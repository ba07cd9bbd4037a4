import Locking

/// The latest texts' matches of lists filtered by `q=` (``RegistryStore/rankedMatches(of:matching:ordered:)``),
/// each kept with the generation of the data it was read in (``SelectionCounts/generation``): every page of a list
/// walked through its `next` links asked the search index for every match of its text again, and ranked them,
/// which was most of such a page's time.
///
/// Matches in the index's order (a list sorted by a field) outlive changes that name the records they wrote: a
/// snapshot of a later generation brings them up to date by testing the written records' entries alone
/// (``RegistryStore/matchesAfterWrites(_:kind:text:generation:_:)``), where asking the index again was most of the
/// first page after a write. Ranked matches, whose ranks depend on the whole index, are forgotten at any change,
/// and every kept match at a change that does not name its records.
///
/// At most ``capacity`` texts are kept, each of at most ``RegistryStore/maximumFilterMatches`` matches; the least
/// recently used goes first.
final class TextMatches: Sendable {
    /// Which matches: of a kind, ranked or in the index's order, of a text as asked.
    struct Key: Hashable, Sendable {
        var kind: RecordKind
        var ordered: Bool
        var text: String
    }

    /// Matches as they were read in the data of `generation`.
    struct Matches: Sendable {
        /// The search entries of the matching records: in the index's order (ascending rowids), or best first.
        var entries: [Int64]
        var generation: UInt64
        /// The MATCH expression the text stood for: a write that changes names may change what a text expands to.
        var expression: String
        /// The last change in the history then (`change.id`): the changes after it tell whether a record was deleted
        /// since, or imported, whose entry may have left the index with its rowid.
        var lastChange: Int64
    }

    private struct Kept {
        var matches: Matches
        var lastUse: UInt64
    }

    private struct State {
        var kept: [Key: Kept] = [:]
        var uses: UInt64 = 0
        var given = 0
        var updated = 0
    }

    private let state = Mutex(State())
    /// The most texts kept.
    static let capacity = 16

    /// The matches of `key` read in the data of `generation`, if they are kept.
    func entries(_ key: Key, generation: UInt64) -> [Int64]? {
        state.withLock { state in
            guard let kept = state.kept[key], kept.matches.generation == generation else { return nil }
            state.uses += 1
            state.given += 1
            state.kept[key]?.lastUse = state.uses
            return kept.matches.entries
        }
    }

    /// The matches of `key` kept from the data of a generation before `generation`, for a snapshot of `generation`
    /// to bring up to date.
    func earlier(_ key: Key, than generation: UInt64) -> Matches? {
        state.withLock { state in
            guard let kept = state.kept[key], kept.matches.generation < generation else { return nil }
            return kept.matches
        }
    }

    /// Keeps `matches` for `key` while their generation is still the data's `current` one: matches read after a
    /// change began must not be kept for the generation before it. `updated`: made from matches kept before.
    func keep(_ key: Key, _ matches: Matches, updated: Bool = false, current: () -> UInt64) {
        guard matches.entries.count <= RegistryStore.maximumFilterMatches else { return }
        state.withLock { state in
            guard current() == matches.generation else { return }
            if let kept = state.kept[key], kept.matches.generation > matches.generation { return }
            if state.kept[key] == nil, state.kept.count >= TextMatches.capacity,
               let oldest = state.kept.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.kept[oldest.key] = nil
            }
            state.uses += 1
            if updated {
                state.given += 1
                state.updated += 1
            }
            state.kept[key] = Kept(matches: matches, lastUse: state.uses)
        }
    }

    /// How many times kept matches were given, as they were or brought up to date.
    var given: Int { state.withLock { $0.given } }

    /// How many times kept matches were brought up to date after writes.
    var updated: Int { state.withLock { $0.updated } }

    /// Forgets what `change` may have made wrong: the ranked matches after a change that names its records,
    /// everything after any other.
    func noteChange(_ change: RegistryChange) {
        state.withLock { state in
            guard case .records = change else { return state.kept.removeAll() }
            state.kept = state.kept.filter { !$0.key.ordered }
        }
    }
}
