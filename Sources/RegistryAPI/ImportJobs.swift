import Dispatch
import Foundation
import Import
import Registry
import RegistryImport
import Locking

/// The imports asked for over HTTP, run off the request path one at a time, in the order they came: the store
/// takes one writer at a time, and an import holds the write transaction for as long as it reads its file.
///
/// Jobs live in memory: every unfinished one and the ``keptFinished`` most recent finished ones. A job is the
/// server's work in progress, not registry data. In a table, every progress update would be a commit that the
/// store's change observation takes for a change of the registry (emptying the response cache each time), and
/// a queued job would outlive, across a restart, the request body it needs; what an import changed is kept for
/// good anyway, in the change history, with its file's name and SHA-256.
final class ImportJobs: Sendable {
    /// Finished jobs kept for `GET /v1/imports`; older ones are forgotten.
    static let keptFinished = 100
    /// Imports that may wait for their turn; more are refused (`429`) until one has started. Each waiting
    /// import holds its file in memory.
    static let maxWaiting = 4

    private let jobs = Mutex<[ImportJob]>([])
    private let queue = DispatchQueue(label: "brobygger.imports")
    private let store: any RegistryStorage

    init(store: any RegistryStorage) {
        self.store = store
    }

    /// What an import is asked to do.
    struct Request: Sendable {
        var input: ImportInput
        var mapping: ImportMapping
        var encoding: TextEncoding?
        var dryRun: Bool
        var skipInvalid: Bool
        var author: String
    }

    /// Queues the import and returns its job, `queued`; nil when ``maxWaiting`` imports wait already.
    func submit(_ request: Request, size: Int) -> ImportJob? {
        let job = ImportJob(id: UUID().uuidString.lowercased(), profile: request.mapping.name, file: request.input.name,
                            sha256: request.input.sha256, size: size, dryRun: request.dryRun, skipInvalid: request.skipInvalid,
                            author: request.author, submittedAt: Date())
        let accepted = jobs.withLock { jobs in
            guard jobs.count(where: { $0.state == .queued }) < Self.maxWaiting else { return false }
            jobs.append(job)
            return true
        }
        guard accepted else { return nil }
        queue.async { self.run(job.id, request) }
        return job
    }

    /// The job with the id, if it is kept.
    func job(id: String) -> ImportJob? {
        jobs.withLock { jobs in jobs.first { $0.id == id } }
    }

    /// The jobs kept, the most recent first.
    func recent() -> [ImportJob] {
        jobs.withLock { $0.reversed() }
    }

    private func run(_ id: String, _ request: Request) {
        update(id) { job in
            job.state = .running
            job.startedAt = Date()
        }
        var importer = Importer(mapping: request.mapping)
        importer.dryRun = request.dryRun
        importer.skipInvalid = request.skipInvalid
        let listing = request.dryRun ? KeptRowListing(limit: ImportJob.keptRows) : nil
        importer.rowListing = listing
        importer.encoding = request.encoding
        importer.author = request.author
        importer.progress = { rows in self.update(id) { $0.rowsDone = rows } }
        do {
            let report = try importer.run(request.input, into: store)
            update(id) { $0.succeed(with: report, listed: listing) }
        } catch {
            update(id) { $0.fail(with: error) }
        }
    }

    /// Changes the job with the id; when that finished it, forgets the oldest finished jobs beyond ``keptFinished``.
    private func update(_ id: String, _ change: (inout ImportJob) -> Void) {
        jobs.withLock { jobs in
            guard let index = jobs.firstIndex(where: { $0.id == id }) else { return }
            change(&jobs[index])
            // Progress is reported row after row; only a job that finishes can make one too many.
            guard jobs[index].isFinished else { return }
            var surplus = jobs.count(where: \.isFinished) - Self.keptFinished
            while surplus > 0, let oldest = jobs.firstIndex(where: \.isFinished) {
                jobs.remove(at: oldest)
                surplus -= 1
            }
        }
    }
}
