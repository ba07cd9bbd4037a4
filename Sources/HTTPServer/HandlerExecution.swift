/// Where a route's handler runs.
public enum HandlerExecution: Sendable {
    /// On the connection's event-loop thread, with no thread hop: for handlers that never block and finish
    /// in microseconds (health checks, answers from memory).
    case eventLoop
    /// On the server's bounded worker queues: for handlers that may block (database reads).
    case workerPool
    /// On one serial queue of the server's, one handler at a time: for work that waits its turn for a single
    /// resource anyway (a database's one writer), so that it waits there rather than holding every worker queue
    /// while reads queue behind it.
    case serial
}
