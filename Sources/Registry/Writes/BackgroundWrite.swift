import Dispatch

/// The statements of an import's batch (``BatchedInserts``), made ready on the import's thread, to run on another
/// while the import reads its next rows.
protocol DetachedStatements: Sendable {
    /// Runs the statements in order; stops at the first that fails.
    func run() throws
}

/// A batch's statements running on a queue of their own (``BatchedInserts/writeInBackground(then:)``). The
/// connection is theirs until ``wait()`` returns: the batch waits for them before anything else uses it.
final class BackgroundWrite: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Set on the queue before `finished` is signalled, read only after ``wait()`` has seen the signal.
    private var failure: (any Error)?

    init(_ statements: any DetachedStatements, on queue: DispatchQueue) {
        queue.async {
            do {
                try statements.run()
            } catch {
                self.failure = error
            }
            self.finished.signal()
        }
    }

    /// Waits for the statements to have run; throws what failed them. Called once.
    func wait() throws {
        finished.wait()
        if let failure { throw failure }
    }
}
