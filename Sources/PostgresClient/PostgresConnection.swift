import CLibPQ
import Glibc

/// One connection to PostgreSQL through libpq, used by one thread at a time: statements with typed parameters,
/// prepared once per connection and reused, statements sent without waiting for their results (libpq's pipeline
/// mode), transactions, advisory locks and LISTEN/NOTIFY.
public final class PostgresConnection {
    private let connection: OpaquePointer
    /// Prepared statements of this connection, by SQL and parameter types.
    private var statements: [StatementKey: String] = [:]

    /// What makes a prepared statement: its text and the types of its parameters.
    private struct StatementKey: Hashable {
        var sql: String
        var types: [UInt32]
    }
    /// Set when the server announced the end of this session; kept alive as long as the connection.
    private let sessionEnd = SessionEnd()
    /// Set when the server did not answer a statement within ``responseTimeout``: what it sends later would be
    /// taken for the answer to the next one, so the connection is not used again.
    private var answerMissed = false
    /// What was queued in libpq's pipeline mode (``send(_:_:)``) and not read yet, in order: the statement a
    /// prepare made, nil for a statement run. Empty outside pipeline mode.
    private var pipeline: [StatementKey?] = []
    /// Statements prepared so far: each prepared statement's name is new, whatever became of the ones before.
    private var preparedCount = 0

    /// How long a statement waits for the server's answer before it fails with `.connectionLost` and leaves the
    /// connection broken; nil to wait as long as it takes. A server that stopped (`SIGSTOP`, a hung host) or a
    /// network partition drops no connection: the kernel keeps acknowledging, and without a bound a statement
    /// would wait for ever. Long work (migrations, copies) runs without one.
    public var responseTimeout: Duration?

    /// Connects; fails with `.connectionFailed` (and the server's reason) rather than waiting past the
    /// connect timeout.
    public init(url: PostgresURL) throws(PostgresError) {
        let parameters = url.connectionParameters
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer { (keywords + values).forEach { free($0) } }
        let connection = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keywordPointers in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 0)
            }
        }
        guard let connection else { throw PostgresError(.connectionFailed, "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(.connectionFailed, "cannot connect to \(url): \(reason)")
        }
        self.connection = connection
        // Notices would otherwise go to standard error. A server ending an idle session (a restart, a terminated
        // backend) says so with a FATAL message that libpq hands to this receiver: it marks the connection ended.
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result, let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))) else { return }
            if ["FATAL", "PANIC"].contains(String(cString: severity)) {
                Unmanaged<SessionEnd>.fromOpaque(context).takeUnretainedValue().ended = true
            }
        }, Unmanaged.passUnretained(sessionEnd).toOpaque())
    }

    deinit {
        PQfinish(connection)
    }

    /// Runs `body` with no ``responseTimeout``: for long work (a migration) on a connection that has one.
    public func withoutResponseTimeout<Result>(_ body: () throws -> Result) rethrows -> Result {
        let timeout = responseTimeout
        responseTimeout = nil
        defer { responseTimeout = timeout }
        return try body()
    }

    /// Whether the connection is known to be unusable (a statement found it broken, or the server said it ended
    /// the session).
    public var isBroken: Bool { PQstatus(connection) != CONNECTION_OK || sessionEnd.ended || answerMissed }

    /// Whether a transaction is open (or failed and not yet rolled back) on this connection.
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(connection)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// The process id of the server backend serving this connection.
    public var backendProcessID: Int32 { PQbackendPID(connection) }

    /// Runs SQL without parameters, several statements allowed (schema changes, `BEGIN`); returns the last result.
    @discardableResult
    public func execute(_ sql: String) throws(PostgresError) -> PostgresResult {
        try finishPipeline()
        return try check(answer(toSent: PQsendQuery(connection, sql)))
    }

    /// Runs one statement with typed parameters (`$1`, `$2` …), prepared on first use and reused after.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> PostgresResult {
        try finishPipeline()
        let types = parameters.map(\.typeOID)
        let name = try statementName(StatementKey(sql: sql, types: types)) { name throws(PostgresError) in
            _ = try check(answer(toSent: PQsendPrepare(connection, name, sql, Int32(parameters.count), types)))
        }
        return try check(answer(toSent: sendPrepared(name, parameters)))
    }

    /// Sends one statement with typed parameters, as ``query(_:_:)`` runs it, without waiting for its result: in
    /// libpq's pipeline mode the server runs it while the caller goes on. Its result is read by the next other
    /// statement on this connection, or by ``finishPipeline()``, which throws the first error among the results
    /// read. For writes whose results nothing reads (an import's batched inserts): a failure is told later, at a
    /// statement of its own.
    public func send(_ sql: String, _ parameters: [PostgresValue]) throws(PostgresError) {
        if PQpipelineStatus(connection) == PQ_PIPELINE_OFF {
            guard PQenterPipelineMode(connection) == 1 else {
                throw PostgresError(isBroken ? .connectionLost : .server,
                                    "cannot enter pipeline mode: \(Self.trimmed(PQerrorMessage(connection)))")
            }
            // Non-blocking while the pipeline is open: statements pile up unread, and a server that stops reading
            // (a stopped host, a partition) must not hold a send past ``responseTimeout`` (``flushPipeline()``).
            PQsetnonblocking(connection, 1)
        }
        let types = parameters.map(\.typeOID)
        let key = StatementKey(sql: sql, types: types)
        let name = try statementName(key) { name throws(PostgresError) in
            try pipelined(PQsendPrepare(connection, name, sql, Int32(parameters.count), types), preparing: key)
        }
        try pipelined(sendPrepared(name, parameters), preparing: nil)
        // The server runs what it has read: what libpq holds goes now. Results wait in the server's and the
        // kernel's buffers, a few bytes each, until read; a bound on them keeps the server from blocking on them.
        try flushPipeline()
        if pipeline.count >= Self.pipelineLimit { try finishPipeline() }
    }

    /// Sends what libpq holds, reading what the server sends meanwhile (so that it is not blocked writing results),
    /// for at most ``responseTimeout``; past it the connection is given up as broken.
    private func flushPipeline() throws(PostgresError) {
        let deadline = responseTimeout.map { ContinuousClock.now + $0 }
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { return }
            guard flushed == 1 else {
                throw PostgresError(.connectionLost, "sending to PostgreSQL failed: \(Self.trimmed(PQerrorMessage(connection)))")
            }
            let wait = try pollWait(until: deadline, "PostgreSQL did not read what was sent")
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN | POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, wait)
            if ready < 0 && errno != EINTR {
                throw PostgresError(.connectionLost, "waiting to send to PostgreSQL failed: errno \(errno)")
            }
            if ready > 0 && descriptor.revents & Int16(POLLIN) != 0 { try consumeInput() }
        }
    }

    /// The name of the statement prepared for `key`; when there is none, a new name, which `prepare` prepares.
    private func statementName(_ key: StatementKey, prepare: (String) throws(PostgresError) -> Void) throws(PostgresError) -> String {
        if let prepared = statements[key] { return prepared }
        preparedCount += 1
        let name = "brobygger_\(preparedCount)"
        try prepare(name)
        statements[key] = name
        return name
    }

    /// The most results a pipeline leaves unread before it is finished.
    static let pipelineLimit = 256

    /// Notes a statement queued in the pipeline (`sent`, what libpq's `PQsend…` returned): the prepare of
    /// `preparing`, or a statement run when nil.
    private func pipelined(_ sent: Int32, preparing: StatementKey?) throws(PostgresError) {
        guard sent == 1 else {
            let error = PostgresError(isBroken ? .connectionLost : .server, Self.trimmed(PQerrorMessage(connection)))
            if let preparing { statements[preparing] = nil }
            try? finishPipeline()
            throw error
        }
        pipeline.append(preparing)
    }

    /// Reads the results of the statements ``send(_:_:)`` queued and leaves pipeline mode; throws the first error
    /// among them (the statements after a failed one were not run). The pipeline is closed either way, and a
    /// statement it prepared that may have failed is prepared again at its next use.
    public func finishPipeline() throws(PostgresError) {
        guard PQpipelineStatus(connection) != PQ_PIPELINE_OFF else { return }
        defer { PQsetnonblocking(connection, 0) }
        let queued = pipeline
        pipeline = []
        // A pipeline whose first statement was refused before it was sent has nothing to read.
        if queued.isEmpty {
            guard PQexitPipelineMode(connection) == 1 else {
                answerMissed = true
                throw PostgresError(.connectionLost, "cannot leave pipeline mode: \(Self.trimmed(PQerrorMessage(connection)))")
            }
            return
        }
        guard PQpipelineSync(connection) == 1 else {
            answerMissed = true
            throw PostgresError(.connectionLost, "cannot end the pipeline: \(Self.trimmed(PQerrorMessage(connection)))")
        }
        do {
            try flushPipeline()
        } catch {
            for case let key? in queued { statements[key] = nil }
            throw error
        }
        let deadline = responseTimeout.map { ContinuousClock.now + $0 }
        var failure: PostgresError?
        // Each statement's result, then a null between statements; then the mark of the sync.
        var read = 0
        while true {
            do {
                try waitForResult(until: deadline)
            } catch {
                // Whatever is read later is not known to answer these: the connection is given up.
                for case let key? in queued.dropFirst(read) { statements[key] = nil }
                throw error
            }
            guard let result = PQgetResult(connection) else { continue }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            // A prepare that failed, or was not run after a failure, made no statement.
            if read < queued.count, let key = queued[read], status != PGRES_COMMAND_OK { statements[key] = nil }
            read += 1
            if failure == nil, status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK {
                // `check` frees a failed result.
                do { _ = try check(result) } catch { failure = error }
            } else {
                PQclear(result)
            }
        }
        guard PQexitPipelineMode(connection) == 1 else {
            answerMissed = true
            throw PostgresError(.connectionLost, "cannot leave pipeline mode: \(Self.trimmed(PQerrorMessage(connection)))")
        }
        if read != queued.count, failure == nil {
            answerMissed = true
            failure = PostgresError(.connectionLost, "the pipeline gave \(read) results for \(queued.count) statements")
        }
        if let failure { throw failure }
    }

    /// Sends the prepared statement `name` with `parameters` (text, or binary where a value says so); what libpq's
    /// `PQsendQueryPrepared` returned.
    private func sendPrepared(_ name: String, _ parameters: [PostgresValue]) -> Int32 {
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        var isNull: [Bool] = []
        for parameter in parameters {
            let start = buffer.count
            let binary = parameter.append(to: &buffer)
            offsets.append(start)
            lengths.append(Int32(buffer.count - start))
            formats.append(binary == true ? 1 : 0)
            isNull.append(binary == nil)
        }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            let pointers: [UnsafePointer<CChar>?] = parameters.indices.map { index in
                guard !isNull[index], let base = bytes.baseAddress else { return nil }
                return UnsafeRawPointer(base + offsets[index]).assumingMemoryBound(to: CChar.self)
            }
            return PQsendQueryPrepared(connection, name, Int32(parameters.count), pointers, lengths, formats, 0)
        }
        return sent
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws. A commit the server
    /// turns into a rollback (a statement inside failed and the error was caught) is reported as an error.
    ///
    /// With `notingItsID`, the transaction's id is read before the `COMMIT` (one more round trip; a transaction
    /// that wrote nothing has none), so that a connection lost during the `COMMIT` throws `.connectionLost` naming
    /// the transaction (``PostgresError/interruptedTransaction``), whose outcome can then be looked up.
    public func transaction<Result>(notingItsID: Bool = false, _ body: (PostgresConnection) throws -> Result) throws -> Result {
        try execute("BEGIN")
        let value: Result
        var transactionID: Int64?
        do {
            value = try body(self)
            // A failure among statements sent without waiting is the body's: the transaction is rolled back.
            try finishPipeline()
            if notingItsID {
                transactionID = try query("SELECT txid_current_if_assigned()")[0].get(0, as: Int64?.self)
            }
        } catch {
            _ = try? finishPipeline()
            if !isBroken { _ = try? execute("ROLLBACK") }
            throw error
        }
        let commit: PostgresResult
        do {
            commit = try execute("COMMIT")
        } catch {
            var error = error
            if error.kind == .connectionLost { error.interruptedTransaction = transactionID }
            throw error
        }
        if commit.commandStatus == "ROLLBACK" {
            throw PostgresError(.transactionRolledBack, "the transaction was rolled back: a statement in it failed")
        }
        return value
    }

    /// Waits until the session-level advisory lock `key` is free and takes it (for work that one instance of
    /// several must do alone, such as migrations).
    public func lockAdvisory(_ key: Int64) throws(PostgresError) {
        try query("SELECT pg_advisory_lock($1)", [.integer(key)])
    }

    /// Takes the advisory lock `key` if it is free; returns whether it was taken.
    public func tryLockAdvisory(_ key: Int64) throws(PostgresError) -> Bool {
        try query("SELECT pg_try_advisory_lock($1)", [.integer(key)])[0].get(0, as: Bool.self)
    }

    /// Releases the advisory lock `key`; returns whether this connection held it.
    @discardableResult
    public func unlockAdvisory(_ key: Int64) throws(PostgresError) -> Bool {
        try query("SELECT pg_advisory_unlock($1)", [.integer(key)])[0].get(0, as: Bool.self)
    }

    /// Runs `body` holding the advisory lock `key`, released afterwards whether `body` succeeded or not.
    public func withAdvisoryLock<Result>(_ key: Int64, _ body: () throws -> Result) throws -> Result {
        try lockAdvisory(key)
        defer { if !isBroken { _ = try? unlockAdvisory(key) } }
        return try body()
    }

    /// Subscribes this connection to `channel`'s notifications.
    public func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN \(try quotedIdentifier(channel))")
    }

    /// Ends the subscription to `channel`.
    public func unlisten(_ channel: String) throws(PostgresError) {
        try execute("UNLISTEN \(try quotedIdentifier(channel))")
    }

    /// Sends `payload` to every connection listening on `channel` (when the current transaction commits).
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try query("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// The next notification for a channel this connection listens on, waiting up to `timeout` for one; nil when
    /// none came. A broken connection throws `.connectionLost`: notifications may have been missed.
    public func nextNotification(timeout: Duration) throws(PostgresError) -> PostgresNotification? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let notification = takeNotification() { return notification }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return nil }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.milliseconds(left))
            if ready < 0 && errno != EINTR {
                throw PostgresError(.connectionLost, "waiting for notifications failed: errno \(errno)")
            }
            if ready > 0 { try consumeInput() }
        }
    }

    /// Reads what the server sent without waiting, so that a connection the server closed (a restart, a
    /// terminated backend) is found broken before it is used. Returns whether the connection is still usable.
    func pollForBreakage() -> Bool {
        guard !isBroken else { return false }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) > 0 {
            guard PQconsumeInput(connection) != 0 else { return false }
            _ = PQisBusy(connection)  // parses what arrived, so that a FATAL message reaches the notice receiver
        }
        return !isBroken
    }

    /// The result of the statement(s) just sent (`sent` is what libpq's `PQsend…` returned), as `PQexec` gives
    /// it: the last result, or the first that is an error. Waits for it at most ``responseTimeout``; nil when the
    /// statement could not be sent (``check(_:)`` then reports libpq's message).
    private func answer(toSent sent: Int32) throws(PostgresError) -> OpaquePointer? {
        guard sent == 1 else { return nil }
        let deadline = responseTimeout.map { ContinuousClock.now + $0 }
        var kept: OpaquePointer?
        do {
            while true {
                try waitForResult(until: deadline)
                guard let next = PQgetResult(connection) else { return kept }
                if let current = kept, [PGRES_FATAL_ERROR, PGRES_BAD_RESPONSE].contains(PQresultStatus(current)) {
                    PQclear(next)
                } else {
                    if let current = kept { PQclear(current) }
                    kept = next
                }
            }
        } catch {
            if let kept { PQclear(kept) }
            throw error
        }
    }

    /// Reads what the server sends until a result is complete, or until `deadline` passes (then the connection is
    /// given up as broken).
    private func waitForResult(until deadline: ContinuousClock.Instant?) throws(PostgresError) {
        while PQisBusy(connection) != 0 {
            let wait = try pollWait(until: deadline, "PostgreSQL did not answer")
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, wait)
            if ready < 0 && errno != EINTR {
                throw PostgresError(.connectionLost, "waiting for PostgreSQL's answer failed: errno \(errno)")
            }
            if ready > 0 { try consumeInput() }
        }
    }

    /// How long `poll` may wait before `deadline` (-1: for ever, without one); past it the connection is given up as
    /// broken, with `what` did not happen within ``responseTimeout`` as the reason.
    private func pollWait(until deadline: ContinuousClock.Instant?, _ what: String) throws(PostgresError) -> Int32 {
        guard let deadline else { return -1 }
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else {
            answerMissed = true
            throw PostgresError(.connectionLost, "\(what) within \(responseTimeout ?? .zero); the connection is given up")
        }
        return Self.milliseconds(left)
    }

    /// `duration` in whole milliseconds for `poll`, rounded up.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000 + 1)
    }

    private func consumeInput() throws(PostgresError) {
        guard PQconsumeInput(connection) != 0 else {
            throw PostgresError(.connectionLost, "the connection broke: \(Self.trimmed(PQerrorMessage(connection)))")
        }
    }

    private func takeNotification() -> PostgresNotification? {
        guard let notify = PQnotifies(connection) else { return nil }
        defer { PQfreemem(notify) }
        return PostgresNotification(
            channel: String(cString: notify.pointee.relname), payload: String(cString: notify.pointee.extra),
            processID: notify.pointee.be_pid
        )
    }

    private func quotedIdentifier(_ identifier: String) throws(PostgresError) -> String {
        guard let quoted = PQescapeIdentifier(connection, identifier, identifier.utf8.count) else {
            throw PostgresError(.server, "cannot quote the identifier: \(Self.trimmed(PQerrorMessage(connection)))")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Turns a libpq result into a `PostgresResult`, or into an error with the server's SQLSTATE and message.
    @discardableResult
    private func check(_ result: OpaquePointer?) throws(PostgresError) -> PostgresResult {
        guard let result else {
            let kind: PostgresError.Kind = isBroken ? .connectionLost : .server
            throw PostgresError(kind, Self.trimmed(PQerrorMessage(connection)))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(result)
        default:
            defer { PQclear(result) }
            let field = { (code: Character) -> String? in
                PQresultErrorField(result, Int32(code.asciiValue ?? 0)).map { String(cString: $0) }
            }
            let message = field("M") ?? Self.trimmed(PQresultErrorMessage(result))
            let kind: PostgresError.Kind = isBroken ? .connectionLost : .server
            throw PostgresError(kind, message.isEmpty ? Self.trimmed(PQerrorMessage(connection)) : message,
                sqlState: field("C"), detail: field("D"))
        }
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        var text = String(cString: message)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}

/// Whether the server announced the end of a connection's session; shared with libpq's notice callback.
private final class SessionEnd {
    var ended = false
}
