#if canImport(Glibc)
import Glibc
#endif

/// What a child process wrote to a file (``ChildProcess``'s output and error), read as UTF-8 text.
///
/// Not `String(contentsOf:)` or `Data(contentsOf:)`: Foundation's file read allocates a 4 KiB buffer for a file
/// whose size is 0 and never frees it, so every empty standard error of a child leaked 4 KiB in the suite's
/// LeakSanitizer run (RELIABILITY.md, "Sanitizers").
public enum OutputFile {
    /// The text of the file at `path`; empty when it is empty, missing or unreadable.
    public static func text(at path: String) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
