import Foundation
import Import

// Usage: XLSXReading FILE.xlsx
// Reads every row of the first sheet and prints: rows, seconds, rows per second, peak RSS (VmHWM) in MiB.

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: XLSXReading FILE.xlsx\n".utf8))
    exit(64)
}

/// The process's peak resident memory so far, in KiB, from /proc/self/status.
func peakResidentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
    return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
}

let start = DispatchTime.now().uptimeNanoseconds
var rows = 0
var characters = 0
do {
    try XLSXReader(.file(CommandLine.arguments[1])).forEach { row in
        rows += 1
        characters += row.fields.reduce(0) { $0 + $1.utf8.count }
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
print(String(format: "%d rows (%d bytes of values) %.3f s %.0f rows/s %.1f MiB peak RSS",
             rows, characters, seconds, Double(rows) / seconds, Double(peakResidentKiB()) / 1024))
