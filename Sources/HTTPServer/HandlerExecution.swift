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
    /// On a small pool of queues of their own (``ServerConfiguration/longRunningWorkerCount``): for handlers
    /// that may wait seconds for shared work (a structure derived from the whole database and rebuilt after
    /// changes), so that their waiting never holds the worker queues that every other read needs.
    case longRunning
}
