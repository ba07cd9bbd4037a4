/// The containers of a ``TreeDecoder``: each answers as Foundation's decoder's containers answer, or leaves the
/// run to Foundation.
struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: DecodableJSON]
    let run: DecodingRun

    var codingPath: [any CodingKey] { run.codingPath }
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        members[key.stringValue] != nil
    }

    private func member(_ key: Key) throws -> DecodableJSON {
        guard let member = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "no such key"))
        }
        return member
    }

    /// A member that must not be null, as Foundation's decoder checks it.
    private func value(_ key: Key, _ type: Any.Type) throws -> DecodableJSON {
        let member = try member(key)
        if run.isNull(member) {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: [], debugDescription: "null"))
        }
        return member
    }

    func decodeNil(forKey key: Key) throws -> Bool { run.isNull(try member(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try run.bool(value(key, type)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try run.string(value(key, type)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try run.double(value(key, type)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw run.leaveToFoundation() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try run.integer(value(key, type)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try run.integer(value(key, type)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try run.integer(value(key, type)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try run.integer(value(key, type)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try run.integer(value(key, type)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try run.integer(value(key, type)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try run.integer(value(key, type)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try run.integer(value(key, type)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try run.integer(value(key, type)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try run.integer(value(key, type)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try run.decode(type, from: member(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(TreeKeyedContainer<NestedKey>(members: try run.keyed(value(key, [String: Any].self)), run: run))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = try value(key, [Any].self) else { throw run.mismatch([Any].self) }
        return TreeUnkeyedContainer(elements: elements, run: run)
    }

    func superDecoder() throws -> any Decoder { throw run.leaveToFoundation() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw run.leaveToFoundation() }
}

struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [DecodableJSON]
    let run: DecodingRun
    private(set) var currentIndex = 0

    init(elements: [DecodableJSON], run: DecodingRun) {
        self.elements = elements
        self.run = run
    }

    var codingPath: [any CodingKey] { run.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element, which must not be null; the index moves on only when it is decoded.
    private func next(_ type: Any.Type) throws -> DecodableJSON {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: [], debugDescription: "at the end"))
        }
        let element = elements[currentIndex]
        if run.isNull(element) {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: [], debugDescription: "null"))
        }
        return element
    }

    private mutating func advancing<T>(_ value: T) -> T {
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, DecodingError.Context(codingPath: [], debugDescription: "at the end"))
        }
        guard run.isNull(elements[currentIndex]) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { advancing(try run.bool(next(type))) }
    mutating func decode(_ type: String.Type) throws -> String { advancing(try run.string(next(type))) }
    mutating func decode(_ type: Double.Type) throws -> Double { advancing(try run.double(next(type))) }
    mutating func decode(_ type: Float.Type) throws -> Float { throw run.leaveToFoundation() }
    mutating func decode(_ type: Int.Type) throws -> Int { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { advancing(try run.integer(next(type))) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { advancing(try run.integer(next(type))) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: [], debugDescription: "at the end"))
        }
        return advancing(try run.decode(type, from: elements[currentIndex]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let members = try run.keyed(next([String: Any].self))
        return advancing(KeyedDecodingContainer(TreeKeyedContainer<NestedKey>(members: members, run: run)))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = try next([Any].self) else { throw run.mismatch([Any].self) }
        return advancing(TreeUnkeyedContainer(elements: elements, run: run))
    }

    mutating func superDecoder() throws -> any Decoder { throw run.leaveToFoundation() }
}

struct TreeSingleValueContainer: SingleValueDecodingContainer {
    let value: DecodableJSON
    let run: DecodingRun

    var codingPath: [any CodingKey] { run.codingPath }

    /// The value, which must not be null.
    private func nonNull(_ type: Any.Type) throws -> DecodableJSON {
        if run.isNull(value) {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: [], debugDescription: "null"))
        }
        return value
    }

    func decodeNil() -> Bool { run.isNull(value) }
    func decode(_ type: Bool.Type) throws -> Bool { try run.bool(nonNull(type)) }
    func decode(_ type: String.Type) throws -> String { try run.string(nonNull(type)) }
    func decode(_ type: Double.Type) throws -> Double { try run.double(nonNull(type)) }
    func decode(_ type: Float.Type) throws -> Float { throw run.leaveToFoundation() }
    func decode(_ type: Int.Type) throws -> Int { try run.integer(nonNull(type)) }
    func decode(_ type: Int8.Type) throws -> Int8 { try run.integer(nonNull(type)) }
    func decode(_ type: Int16.Type) throws -> Int16 { try run.integer(nonNull(type)) }
    func decode(_ type: Int32.Type) throws -> Int32 { try run.integer(nonNull(type)) }
    func decode(_ type: Int64.Type) throws -> Int64 { try run.integer(nonNull(type)) }
    func decode(_ type: UInt.Type) throws -> UInt { try run.integer(nonNull(type)) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try run.integer(nonNull(type)) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try run.integer(nonNull(type)) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try run.integer(nonNull(type)) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try run.integer(nonNull(type)) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try run.decode(type, from: value)
    }
}
