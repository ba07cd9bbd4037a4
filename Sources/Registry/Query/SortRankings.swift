import Dispatch
import Locking

/// The order of every record of a kind in each of its fields, kept in memory until the data changes: a list
/// filtered by text and sorted by fields places its matches by looking each up here, where SQLite looked up each
/// match's record and then its sort values, two b-tree descents in different parts of the file for every match.
///
/// A kind's rankings are its fields' (``FieldRanks``), each shared by both directions and by every order the field
/// is part of, and its records' slots (``RecordSlots``), where each match is looked up once for all of them. An
/// order compares its fields' ranks and then the id's, whose ranking gives each record a place of its own.
///
/// A server has every field of the kinds with enough records ranked in the background once it has started
/// (``RegistryStore/prepareSortRankings()``). Otherwise a ranking is made on a queue of its own when a list first
/// wants it, from a read of its own, and kept if the data did not change meanwhile or every change meanwhile named
/// the records it wrote (as below); until it is there, lists are read as before. Rankings are made one at a time,
/// again only when a list finds one out of date, and then no more often than leaves nine tenths of a core to
/// everything else, however often the data changes or orders are asked for. Their memory is bounded
/// (``byteLimit``); the least recently used goes first.
///
/// A change that names the records it wrote (an API write) leaves a ranking in use: each record keeps its place
/// among the others unless it was itself written, so a list whose matches and position name none of the records
/// written since the ranking was made is placed by it (``rankings(_:generation:changes:)``), and any other is read
/// from SQLite and has a new ranking made. Any other change (an import of many records, a commit of another
/// process that names none) forgets every ranking. A commit of another process is seen when the store next looks
/// at the file, as for the counts: until then a ranking may still place a record that process changed where it was.
final class SortRankings: Sendable {
    /// A field of a kind's records, ranked on its own.
    struct Field: Hashable, Sendable {
        var kind: RecordKind
        /// The field's value as an SQL expression over the kind's table `t`.
        var expression: String
        /// Whether a record's value may be empty (NULL): an empty value comes after every other, in both directions.
        var mayBeEmpty: Bool

        /// The id, whose ranking breaks the ties of every order.
        static func id(of kind: RecordKind) -> Field {
            Field(kind: kind, expression: "t.id", mayBeEmpty: false)
        }

        /// The field's ascending order as SQL's `ORDER BY` takes it, as the field's sort index holds it.
        var order: String {
            mayBeEmpty ? "(\(expression)) IS NULL, \(expression), t.id" : "\(expression), t.id"
        }
    }

    /// A field an order compares, in its direction.
    struct Column: Hashable, Sendable {
        var field: Field
        var descending: Bool
    }

    /// The rankings that place a list's matches, and the ids of the records of their kind written since they
    /// were made, which they do not place.
    struct Placing: Sendable {
        var slots: RecordSlots
        /// The rankings of the order's fields, each in its direction, the id's last.
        var columns: [(ranks: FieldRanks, descending: Bool)]
        var written: Set<String>

        /// The keys of the match `entry` in the order, one per column; nil when a ranking does not place it.
        func keys(ofEntry entry: Int64) -> [Int32]? {
            slots.slot(ofEntry: entry).flatMap(keys(ofSlot:))
        }

        /// Whether every ranking places the match `entry`: ``keys(ofEntry:)`` is not nil, told without making them.
        func places(_ entry: Int64) -> Bool {
            guard let slot = slots.slot(ofEntry: entry) else { return false }
            return columns.allSatisfy { $0.ranks.key(ofSlot: slot, descending: $0.descending) != nil }
        }

        /// The keys of the record at `slot` in the order, one per column; nil when a ranking does not place it.
        func keys(ofSlot slot: Int32) -> [Int32]? {
            var keys: [Int32] = []
            for column in columns {
                guard let key = column.ranks.key(ofSlot: slot, descending: column.descending) else { return nil }
                keys.append(key)
            }
            return keys
        }
    }

    private struct Kept {
        var ranks: FieldRanks
        /// The generation of the data it was made from.
        var generation: UInt64
        var lastUse: UInt64
    }

    private struct State {
        var kept: [Field: Kept] = [:]
        var uses: UInt64 = 0
        /// Whether a ranking is being made: one at a time.
        var making = false
        /// When the next ranking may be made: the last one's making time nine times over after it ended.
        var nextMaking = ContinuousClock.now
        /// Fields whose ranking came out larger than ``byteLimit``: not made again.
        var tooLarge: Set<Field> = []
        var stopped = false
        var pagesPlaced = 0
        /// The records' slots, by kind.
        var slots: [RecordKind: RecordSlots] = [:]
        var recordSets: [RecordSets.Grouping: RecordSets] = [:]
        /// What the history since each kind's slots were read holds, as far as it was read (``KindEntries``).
        var histories: [RecordKind: KindEntries.History] = [:]
        /// What ranks every field again (``RegistryStore/prepareSortRankings()``), once the data has changed in ways
        /// that forget the rankings; nil where they are made only when lists want them.
        var remake: (@Sendable () -> Void)?
        /// When the data last changed so; whether a remaking waits for it to stay unchanged.
        var lastForgotten = ContinuousClock.now
        var remakeWaiting = false
        /// What has a grouping's sets read again, where they need it (``RegistryStore/rereadRecordSets(_:)``), after
        /// writes of records it reads besides its own; nil where they are read only when lists want them.
        var reread: (@Sendable (RecordSets.Grouping) -> Void)?
        /// The groupings kept whose sets such writes left behind, when the last of them was written, and whether a
        /// reading waits for the data to stay unchanged.
        var staleGroupings: Set<RecordSets.Grouping> = []
        var lastStaleWrite = ContinuousClock.now
        var rereadWaiting = false
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "brobygger.sort-rankings", qos: .utility)
    /// The most bytes the rankings and the records' slots kept may hold together.
    static let byteLimit = 16 << 20

    /// Whether the ranking of `field` is kept, made from the data of `generation`: nothing would make it again.
    func isMade(_ field: Field, at generation: UInt64) -> Bool {
        state.withLock { $0.kept[field]?.generation == generation }
    }

    /// Whether a ranking of `field` is kept, of whatever generation.
    func isKept(_ field: Field) -> Bool {
        state.withLock { $0.kept[field] != nil }
    }

    /// The rankings of `columns` (all of one kind) and the kind's slots, if all are kept and place the records of
    /// data of `generation` (that of the caller's snapshot, read before it began): made from it, or from data
    /// before it when every change since named the records it wrote (`changes`), which come with them as written.
    /// A ranking made after `generation` may place records written since, so it is not given.
    func rankings(_ columns: [Column], generation: UInt64, changes: SelectionCounts) -> Placing? {
        guard let kind = columns.first?.field.kind else { return nil }
        return state.withLock { state in
            guard let slots = state.slots[kind] else { return nil }
            var generations = [slots.generation]
            var placed: [(ranks: FieldRanks, descending: Bool)] = []
            for column in columns {
                guard let kept = state.kept[column.field] else { return nil }
                generations.append(kept.generation)
                placed.append((kept.ranks, column.descending))
            }
            var written: Set<String> = []
            for made in Set(generations) {
                guard let records = changes.written(since: made, through: generation) else { return nil }
                for record in records where record.kind == kind { written.insert(record.id) }
            }
            for column in columns {
                state.uses += 1
                state.kept[column.field]?.lastUse = state.uses
            }
            return Placing(slots: slots, columns: placed, written: written)
        }
    }

    /// Has the ranking of `field` made on the rankings' queue by `make`, unless one is kept for the current
    /// generation, another is being made, or the last was made too lately. `make` returns the ranking and the
    /// generation read before its read began, or nil. The ranking is kept as ``keep(_:of:generation:changes:)``
    /// keeps it.
    func prepare(_ field: Field, changes: SelectionCounts, make: @escaping @Sendable () throws -> (FieldRanks, generation: UInt64)?) {
        let current = changes.generation
        startMaking(unless: { $0.kept[field]?.generation == current || $0.tooLarge.contains(field) }) { [self] in
            if let (ranks, generation) = try? make() { keep(ranks, of: field, generation: generation, changes: changes) }
        }
    }

    /// Has the records of `grouping` read on the rankings' queue by `read`, as ``prepare(_:changes:make:)`` has a
    /// ranking made, unless they are kept for the current generation.
    func prepare(_ grouping: RecordSets.Grouping, changes: SelectionCounts, read: @escaping @Sendable () throws -> RecordSets?) {
        let current = changes.generation
        startMaking(unless: { $0.recordSets[grouping]?.generation == current }) { [self] in
            if let sets = try? read() { keep(sets, changes: changes) }
        }
    }

    /// Runs `making` on the rankings' queue, unless `done` says its result is kept, rankings are no longer made,
    /// another is being made, or the last was made too lately.
    private func startMaking(unless done: (State) -> Bool, _ making: @escaping @Sendable () -> Void) {
        let starts = state.withLock { state in
            guard !done(state), !state.stopped, !state.making, ContinuousClock.now >= state.nextMaking else { return false }
            state.making = true
            return true
        }
        guard starts else { return }
        queue.async { [self] in
            let started = ContinuousClock.now
            making()
            let ended = ContinuousClock.now
            state.withLock { state in
                state.making = false
                state.nextMaking = ended + (ended - started) * 9
            }
        }
    }

    /// Keeps `ranks`, made from the data of `generation`, as the ranking of `field`, if `changes` still says that
    /// generation or every change since named the records it wrote: like a ranking kept from before such changes,
    /// it then places no list that names one of them (``rankings(_:generation:changes:)``), so that on a registry
    /// written to more often than a ranking takes to make, rankings are still made.
    func keep(_ ranks: FieldRanks, of field: Field, generation: UInt64, changes: SelectionCounts) {
        guard SortRankings.outlived(generation, changes) else { return }
        state.withLock { state in
            guard ranks.byteCount <= SortRankings.byteLimit else {
                state.tooLarge.insert(field)
                return
            }
            state.kept[field] = nil
            var bytes = state.kept.values.reduce(ranks.byteCount) { $0 + $1.ranks.byteCount }
            bytes += state.slots.values.reduce(0) { $0 + $1.byteCount } + state.recordSets.values.reduce(0) { $0 + $1.byteCount }
            while bytes > SortRankings.byteLimit, let oldest = state.kept.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                bytes -= oldest.value.ranks.byteCount
                state.kept[oldest.key] = nil
            }
            state.uses += 1
            state.kept[field] = Kept(ranks: ranks, generation: generation, lastUse: state.uses)
        }
    }

    /// Runs `body` on the rankings' queue, between the makings of rankings, unless they are no longer made.
    func enqueue(_ body: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            guard !state.withLock({ $0.stopped }) else { return }
            body()
        }
    }

    /// Notes that a page was placed by rankings.
    func notePagePlaced() {
        state.withLock { $0.pagesPlaced += 1 }
    }

    /// How many pages rankings placed.
    var pagesPlaced: Int { state.withLock { $0.pagesPlaced } }

    /// Makes no more rankings: lists are read from SQLite alone.
    func stopMaking() {
        state.withLock { $0.stopped = true }
    }

    /// Whether rankings are no longer made.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Waits until no ranking is being made.
    func waitUntilMade() {
        queue.sync {}
    }

    /// Forgets every ranking, the records' slots and their sets.
    func removeAll() {
        state.withLock { SortRankings.forgetAll(&$0) }
    }

    private static func forgetAll(_ state: inout State) {
        state.kept.removeAll()
        state.slots.removeAll()
        state.recordSets.removeAll()
        state.histories.removeAll()
    }

    /// Has `remake` rank every field again after each change that forgets the rankings, once the data has stayed
    /// unchanged for ``quietBeforeRemaking``: an import commits many times, and each remaking would be forgotten.
    func remakeAfterChanges(_ remake: @escaping @Sendable () -> Void) {
        state.withLock { $0.remake = remake }
    }

    /// How long the data must stay unchanged after a change that forgot the rankings before they are made again.
    static let quietBeforeRemaking = Duration.seconds(1)

    /// Forgets every ranking, as ``removeAll()`` does, and has them made again once the data stays unchanged, when
    /// ``remakeAfterChanges(_:)`` said how.
    func forgetAndRemake() {
        let waits = state.withLock { state -> Bool in
            SortRankings.forgetAll(&state)
            state.lastForgotten = ContinuousClock.now
            guard state.remake != nil, !state.stopped, !state.remakeWaiting else { return false }
            state.remakeWaiting = true
            return true
        }
        if waits { remakeWhenQuiet(after: SortRankings.quietBeforeRemaking) }
    }

    /// Runs the remaking on the rankings' queue `delay` from now if the data has stayed unchanged since, or else
    /// waits again for the rest of the quiet time.
    private func remakeWhenQuiet(after delay: Duration) {
        queue.asyncAfter(deadline: .now() + delay.dispatchInterval) { [self] in
            let (remake, left) = state.withLock { state -> ((@Sendable () -> Void)?, Duration) in
                let left = state.lastForgotten + SortRankings.quietBeforeRemaking - ContinuousClock.now
                if left > .zero { return (nil, left) }
                state.remakeWaiting = false
                return (state.stopped ? nil : state.remake, .zero)
            }
            if left > .zero { remakeWhenQuiet(after: left) } else { remake?() }
        }
    }

    /// Has `reread` look at a grouping's sets after writes of records it reads besides its own (an organisation's
    /// country is that of the projects that list it without one), once the data has stayed unchanged for
    /// ``quietBeforeRereading``, and read them again where those writes moved records between groups: until then,
    /// lists filter the records moved in SQLite, or, where the history cannot tell which moved, the whole grouping.
    func rereadSetsAfterWrites(_ reread: @escaping @Sendable (RecordSets.Grouping) -> Void) {
        state.withLock { $0.reread = reread }
    }

    /// How long the data must stay unchanged after a write that left sets behind before they are read again: long
    /// enough that a run of writes is followed by one reading, not one each.
    static let quietBeforeRereading = Duration.milliseconds(250)

    /// Notes that `records` were written: the sets kept that read records of their kinds besides their own are looked
    /// at once the data stays unchanged, and read again where needed, when ``rereadSetsAfterWrites(_:)`` said how.
    func noteWritten(_ records: [NetworkNode.Key]) {
        let kinds = Set(records.map(\.kind))
        let waits = state.withLock { state -> Bool in
            let stale = state.recordSets.keys.filter { !$0.alsoRead.isDisjoint(with: kinds) }
            guard !stale.isEmpty, state.reread != nil, !state.stopped else { return false }
            state.staleGroupings.formUnion(stale)
            state.lastStaleWrite = ContinuousClock.now
            guard !state.rereadWaiting else { return false }
            state.rereadWaiting = true
            return true
        }
        if waits { rereadWhenQuiet(after: SortRankings.quietBeforeRereading) }
    }

    /// Reads the sets left behind `delay` from now if the data has stayed unchanged since and no ranking is being
    /// made or held off (``startMaking(unless:_:)`` would not start the reading), or else waits again. One grouping
    /// is read at a time, as rankings are made: the others wait their turn.
    private func rereadWhenQuiet(after delay: Duration) {
        queue.asyncAfter(deadline: .now() + delay.dispatchInterval) { [self] in
            let (reread, grouping, left) = state.withLock { state -> ((@Sendable (RecordSets.Grouping) -> Void)?, RecordSets.Grouping?, Duration) in
                let now = ContinuousClock.now
                var left = max(state.lastStaleWrite + SortRankings.quietBeforeRereading - now, state.nextMaking - now)
                if state.making { left = max(left, SortRankings.quietBeforeRereading) }
                if state.stopped {
                    state.staleGroupings = []
                    state.rereadWaiting = false
                    return (nil, nil, .zero)
                }
                if left > .zero { return (nil, nil, left) }
                let grouping = state.staleGroupings.popFirst()
                state.rereadWaiting = !state.staleGroupings.isEmpty
                return (state.reread, grouping, state.rereadWaiting ? SortRankings.quietBeforeRereading : .zero)
            }
            if let grouping { reread?(grouping) }
            if left > .zero { rereadWhenQuiet(after: left) }
        }
    }

    /// The slots of the records of `kind` kept (``RecordSlots``).
    func slots(of kind: RecordKind) -> RecordSlots? {
        state.withLock { $0.slots[kind] }
    }

    /// The slots of the records of `kind` kept, and what the history since they were read was found to hold.
    func slotsAndHistory(of kind: RecordKind) -> (slots: RecordSlots, history: KindEntries.History?)? {
        state.withLock { state in state.slots[kind].map { ($0, state.histories[kind]) } }
    }

    /// Keeps `history`, read further than the one kept for `kind`, or from a later start.
    func keep(_ history: KindEntries.History, of kind: RecordKind) {
        state.withLock { state in
            if let kept = state.histories[kind], kept.since == history.since, kept.through >= history.through { return }
            state.histories[kind] = history
        }
    }

    /// Keeps `slots` for the records of `kind`; nil forgets those kept. Slots `renumbered` (read anew, not those
    /// kept with writes applied) may give a record another slot: the kind's rankings, held by the slots before,
    /// are forgotten with them.
    func keep(_ slots: RecordSlots?, of kind: RecordKind, renumbered: Bool = false) {
        state.withLock { state in
            state.slots[kind] = slots
            guard renumbered else { return }
            state.kept = state.kept.filter { $0.key.kind != kind }
            state.recordSets = state.recordSets.filter { $0.key.kind != kind }
        }
    }

    /// The records of `grouping`, if kept and they hold for the data of `generation` (that of the caller's
    /// snapshot): read from it, or from data before it when every change since named the records it wrote; with
    /// the ids of the records written since, whose groups they do not hold. A change since that wrote records of a
    /// kind the grouping also reads may have moved records not written between groups: `regrouped` tells which
    /// (given the sets), and they count as written; where it cannot tell (nil), nothing is returned.
    func recordSets(_ grouping: RecordSets.Grouping, generation: UInt64, changes: SelectionCounts,
                    regrouped: (RecordSets) throws -> Set<String>?) rethrows -> (sets: RecordSets, written: Set<String>)? {
        guard let sets = state.withLock({ $0.recordSets[grouping] }),
              let written = changes.written(since: sets.generation, through: generation) else { return nil }
        var ids = Set(written.filter { $0.kind == grouping.kind }.map(\.id))
        if written.contains(where: { grouping.alsoRead.contains($0.kind) }) {
            guard let moved = try regrouped(sets) else { return nil }
            ids.formUnion(moved)
        }
        return (sets, ids)
    }

    /// The slots of the records of the kind of `sets` that they were read at, if they are still the sets kept (the
    /// slots read anew forget them).
    func slots(for sets: RecordSets) -> RecordSlots? {
        state.withLock { state in
            guard let kept = state.recordSets[sets.grouping], kept.readAt == sets.readAt else { return nil }
            return state.slots[sets.grouping.kind]
        }
    }

    /// The sets of `grouping` kept, for whatever data they were read from.
    func sets(of grouping: RecordSets.Grouping) -> RecordSets? {
        state.withLock { $0.recordSets[grouping] }
    }

    /// The records of `grouping` as ``recordSets(_:generation:changes:regrouped:)`` gives them, none after a write of
    /// records of a kind the grouping also reads.
    func recordSets(_ grouping: RecordSets.Grouping, generation: UInt64,
                    changes: SelectionCounts) -> (sets: RecordSets, written: Set<String>)? {
        recordSets(grouping, generation: generation, changes: changes) { _ in nil }
    }

    /// Keeps `sets` if `changes` still says the generation they were read in, or every change since named the
    /// records it wrote.
    func keep(_ sets: RecordSets, changes: SelectionCounts) {
        guard SortRankings.outlived(sets.generation, changes) else { return }
        state.withLock { $0.recordSets[sets.grouping] = sets }
    }

    /// Whether what was read in the data of `generation` still holds: `changes` still says that generation, or
    /// every change since named the records it wrote.
    private static func outlived(_ generation: UInt64, _ changes: SelectionCounts) -> Bool {
        let current = changes.generation
        return generation == current || changes.written(since: generation, through: current) != nil
    }
}
