import Dispatch
import Foundation

/// Delivers SIGTERM/SIGINT to a closure on a Dispatch queue instead of killing the process.
///
/// Dispatch reads the signals from a `signalfd`, which sees only signals that are blocked: one sent to the
/// process goes to any thread that does not block it, and is lost there while it is ignored. So the process
/// blocks them (``blockInEveryThread(_:)``) before it starts any thread, and every thread inherits that.
final class SignalWatcher {
    /// Blocks `signals` in the calling thread and in every thread it starts later: call it first thing.
    static func blockInEveryThread(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private let sources: [DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "brobygger.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
