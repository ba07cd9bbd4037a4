/// Where a route's handler runs.
public enum HandlerExecution: Sendable {
    /// On the connection's event-loop thread, with no thread hop: for handlers that never block and finish
    /// in microseconds (health checks, answers from memory).
    case eventLoop
    /// On the server's bounded worker queues: for handlers that may block (database reads).
    case workerPool
}
