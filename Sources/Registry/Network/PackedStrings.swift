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

    /// Adds the strings, bytes and boundaries, to `fingerprint`.
    func add(to fingerprint: inout Fingerprint) {
        fingerprint.add(bytes)
        fingerprint.add(ends)
    }

    mutating func reserveCapacity(strings: Int, bytes byteCount: Int) {
        ends.reserveCapacity(strings)
        bytes.reserveCapacity(byteCount)
    }

    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a string given as its UTF-8 bytes.
    mutating func append(_ utf8: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: utf8)
        ends.append(bytes.count)
    }

    /// Appends the strings at `indices` of `other`, their bytes copied as they are in one piece.
    mutating func append(_ indices: Range<Int>, of other: PackedStrings) {
        guard let last = indices.last else { return }
        let start = indices.lowerBound == 0 ? 0 : other.ends[indices.lowerBound - 1]
        let shift = bytes.count - start
        bytes.append(contentsOf: other.bytes[start..<other.ends[last]])
        ends.append(contentsOf: other.ends[indices].lazy.map { $0 + shift })
    }

    /// Appends the string at `index` of `other`, its bytes copied as they are.
    mutating func append(_ index: Int, of other: PackedStrings) {
        bytes.append(contentsOf: other.bytes[other.range(of: index)])
        ends.append(bytes.count)
    }

    /// Where the string at `index` lies in `bytes`.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// The string at `index`.
    subscript(index: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range(of: index)]), as: UTF8.self) }
    }

    /// Whether the string at `index` is `utf8`, byte for byte.
    func equals(_ index: Int, _ utf8: UnsafeRawBufferPointer) -> Bool {
        bytes.withUnsafeBytes { PackedStrings.compare(UnsafeRawBufferPointer(rebasing: $0[range(of: index)]), utf8) == 0 }
    }

    /// The order of the string at `index` and `utf8` by their bytes: negative, zero or positive.
    func compare(_ index: Int, _ utf8: UnsafeRawBufferPointer) -> Int {
        bytes.withUnsafeBytes { PackedStrings.compare(UnsafeRawBufferPointer(rebasing: $0[range(of: index)]), utf8) }
    }

    /// Whether the string at `first` comes before the one at `second` by their bytes.
    func precedes(_ first: Int, _ second: Int) -> Bool {
        bytes.withUnsafeBytes {
            PackedStrings.compare(UnsafeRawBufferPointer(rebasing: $0[range(of: first)]),
                                  UnsafeRawBufferPointer(rebasing: $0[range(of: second)])) < 0
        }
    }

    /// Byte order, which for UTF-8 is the order of the strings' Unicode scalars.
    static func compare(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Int {
        Int(BinaryCollation.order(first, second))
    }
}
