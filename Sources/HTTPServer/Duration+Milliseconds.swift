extension Duration {
    /// Whole milliseconds, rounded down: what `epoll_wait` and the loop's timers count in.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
