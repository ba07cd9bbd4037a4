/// Durations as the command's output and logs show them.
extension Duration {
    /// Milliseconds with up to three decimals (microsecond precision), e.g. `1.235` for 1,234,567 ns.
    var fractionalMilliseconds: Double {
        let (seconds, attoseconds) = components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return (milliseconds * 1000).rounded() / 1000
    }
}
