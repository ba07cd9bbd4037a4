import Locking

/// The latest texts' matches of lists filtered by `q=` (``RegistryStore/rankedMatches(of:matching:ordered:)``),
/// each kept with the generation of the data it was read in (``SelectionCounts/generation``) and given only to a
/// snapshot of that generation: every page of a list walked through its `next` links asked the search index for
/// every match of its text again, and ranked them, which was most of such a page's time.
///
/// At most ``capacity`` texts are kept, each of at most ``RegistryStore/maximumFilterMatches`` matches; the least
/// recently used goes first. Any change of the data forgets them all.
final class TextMatches: Sendable {
    /// Which matches: of a kind, ranked or in the index's order, of a text as asked.
    struct Key: Hashable, Sendable {
        var kind: RecordKind
        var ordered: Bool
        var text: String
    }

    private struct Kept {
        var entries: [Int64]
        var generation: UInt64
        var lastUse: UInt64
    }

    private struct State {
        var kept: [Key: Kept] = [:]
        var uses: UInt64 = 0
        var given = 0
    }

    private let state = Mutex(State())
    /// The most texts kept.
    static let capacity = 16

    /// The matches of `key` read in the data of `generation`, if they are kept.
    func entries(_ key: Key, generation: UInt64) -> [Int64]? {
        state.withLock { state in
            guard var kept = state.kept[key], kept.generation == generation else { return nil }
            state.uses += 1
            state.given += 1
            kept.lastUse = state.uses
            state.kept[key] = kept
            return kept.entries
        }
    }

    /// Keeps the matches of `key` read in the data of `generation` while that is still the data's `current` one:
    /// matches read after a change began must not be kept for the generation before it.
    func keep(_ key: Key, entries: [Int64], generation: UInt64, current: () -> UInt64) {
        guard entries.count <= RegistryStore.maximumFilterMatches else { return }
        state.withLock { state in
            guard current() == generation else { return }
            if state.kept[key] == nil, state.kept.count >= TextMatches.capacity,
               let oldest = state.kept.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.kept[oldest.key] = nil
            }
            state.uses += 1
            state.kept[key] = Kept(entries: entries, generation: generation, lastUse: state.uses)
        }
    }

    /// How many times kept matches were given.
    var given: Int { state.withLock { $0.given } }

    /// Forgets every text.
    func removeAll() {
        state.withLock { $0.kept.removeAll() }
    }
}
