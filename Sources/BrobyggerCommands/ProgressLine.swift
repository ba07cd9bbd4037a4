import Foundation

/// The import's progress on a terminal: rows read and rows per second, redrawn in place on standard error at most
/// ten times a second. Off in a pipe, where only the summary is printed.
final class ProgressLine {
    private let enabled: Bool
    private let start = Date()
    private var lastDrawn = Date.distantPast
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(rows: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let rate = Double(rows) / max(now.timeIntervalSince(start), 0.001)
        FileHandle.standardError.write(Data("\r\(rows) rows, \(Int(rate)) rows/s   ".utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
