import Dispatch

extension Duration {
    /// The duration as Dispatch counts time, in whole nanoseconds: for a semaphore's wait, a timer, a delayed block.
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
