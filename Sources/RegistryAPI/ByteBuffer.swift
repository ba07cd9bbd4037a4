/// Bytes written at the end of one growing buffer, a run at a time with one copy: what the rows of a CSV download
/// and the names and texts of its cells are written into. `Array`'s `append(contentsOf:)` cost more than the bytes it copied for the short runs of a
/// CSV row (a cell, a comma), and writing the rows was most of a CSV download's time (`BENCHMARKS.md`).
///
/// A reference, for one writer at a time: an owner keeps it to itself and hands out its bytes as arrays.
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    /// How many bytes were written.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array.
    var bytes: [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }

    /// Calls `body` with the bytes written.
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    func append(_ byte: UInt8) {
        if count == capacity { grow(room: 1) }
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if capacity - count < bytes.count { grow(room: bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Lets `body` write at most `room` bytes at the end, and keeps as many as it says it wrote.
    func append(upTo room: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if capacity - count < room { grow(room: room) }
        let written = body(base + count)
        precondition(written >= 0 && written <= room, "a byte buffer's writer keeps to the room it asked for")
        count += written
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Forgets the bytes written, keeping the room they took.
    func removeAll() {
        count = 0
    }

    /// Forgets the bytes written after the first `count`.
    func truncate(to count: Int) {
        precondition(count >= 0 && count <= self.count, "a byte buffer is cut to at most its length")
        self.count = count
    }

    private func grow(room: Int) {
        let grown = max(capacity * 2, count + room)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = grown
    }
}
