import HTTPServer
import Registry

extension StorageFault {
    /// The problem a write refused for the storage's sake is answered with: a `503` naming the cause (not the
    /// file's path, which is the operator's business), with `Retry-After`, since the fault is the server's
    /// and clears without a restart.
    var problem: HTTPError {
        let (kind, cause) = switch self {
        case .readOnly: ("database-read-only", "The registry's database file is read-only")
        case .full: ("disk-full", "The disk holding the registry's database is full")
        case .busy: ("database-busy", "An import, or another process, is writing to the registry's database")
        case .ioError: ("storage-error", "Reading or writing the registry's database failed")
        }
        return HTTPError(.serviceUnavailable, kind: kind,
                         detail: "\(cause), so changes cannot be saved now; nothing was written. Reads go on; try the change again later.",
                         headers: ["Retry-After": "30"])
    }
}
