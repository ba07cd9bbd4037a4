/// Strings kept end to end in one byte buffer: a string's UTF-8 bytes are a range of `bytes`, found from
/// `ends`. Hundreds of thousands of ids and names held as `String`s would each be an allocation of their
/// own; packed, they are two arrays.
struct PackedStrings: Sendable {
    /// The UTF-8 bytes of every string, one after the other.
    private(set) var bytes: [UInt8] = []
    /// Where each string ends in `bytes` (and the next begins).
    private(set) var ends: [Int] = []

    init() {}

    /// The number of strings.
    var count: Int { ends.count }

    mutating func reserveCapacity(strings: Int, bytes byteCount: Int) {
        ends.reserveCapacity(strings)
        bytes.reserveCapacity(byteCount)
    }

    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
        ends.append(bytes.count)
    }

    /// Appends the string at `index` of `other`, its bytes copied as they are.
    mutating func append(_ index: Int, of other: PackedStrings) {
        let start = index == 0 ? 0 : other.ends[index - 1]
        bytes.append(contentsOf: other.bytes[start..<other.ends[index]])
        ends.append(bytes.count)
    }

    /// The string at `index`.
    subscript(index: Int) -> String {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<ends[index]]), as: UTF8.self)
        }
    }
}
