/// The containers of a ``TreeEncoder``: each adds what it is given as Foundation's encoder's containers do, or
/// leaves the run to Foundation.
struct TreeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: EncodedObject
    let run: EncodingRun

    var codingPath: [any CodingKey] { run.codingPath }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(key.stringValue, try run.number(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw run.leaveToFoundation() }
    mutating func encode(_ value: Int, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { setInteger(value, key) }

    private func setInteger(_ value: some FixedWidthInteger, _ key: Key) {
        object.set(key.stringValue, .number(String(value)))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        // A value that encodes nothing is for Foundation's encoder to write or refuse.
        guard let node = try run.node(for: value) else { throw run.leaveToFoundation() }
        object.set(key.stringValue, node)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        // Foundation's encoder adds to a container asked for again under the same key.
        if object.contains(key.stringValue) { _ = run.leaveToFoundation() }
        let nested = EncodedObject()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(TreeKeyedEncodingContainer<NestedKey>(object: nested, run: run))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        if object.contains(key.stringValue) { _ = run.leaveToFoundation() }
        let nested = EncodedArray()
        object.set(key.stringValue, .array(nested))
        return TreeUnkeyedEncodingContainer(array: nested, run: run)
    }

    mutating func superEncoder() -> any Encoder {
        _ = run.leaveToFoundation()
        return TreeEncoder(run: run)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        _ = run.leaveToFoundation()
        return TreeEncoder(run: run)
    }
}

struct TreeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let array: EncodedArray
    let run: EncodingRun

    var codingPath: [any CodingKey] { run.codingPath }
    var count: Int { array.elements.count }

    mutating func encodeNil() throws { array.elements.append(.null) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.elements.append(try run.number(value)) }
    mutating func encode(_ value: Float) throws { throw run.leaveToFoundation() }
    mutating func encode(_ value: Int) throws { appendInteger(value) }
    mutating func encode(_ value: Int8) throws { appendInteger(value) }
    mutating func encode(_ value: Int16) throws { appendInteger(value) }
    mutating func encode(_ value: Int32) throws { appendInteger(value) }
    mutating func encode(_ value: Int64) throws { appendInteger(value) }
    mutating func encode(_ value: UInt) throws { appendInteger(value) }
    mutating func encode(_ value: UInt8) throws { appendInteger(value) }
    mutating func encode(_ value: UInt16) throws { appendInteger(value) }
    mutating func encode(_ value: UInt32) throws { appendInteger(value) }
    mutating func encode(_ value: UInt64) throws { appendInteger(value) }

    private func appendInteger(_ value: some FixedWidthInteger) {
        array.elements.append(.number(String(value)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        guard let node = try run.node(for: value) else { throw run.leaveToFoundation() }
        array.elements.append(node)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject()
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(TreeKeyedEncodingContainer<NestedKey>(object: nested, run: run))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        array.elements.append(.array(nested))
        return TreeUnkeyedEncodingContainer(array: nested, run: run)
    }

    mutating func superEncoder() -> any Encoder {
        _ = run.leaveToFoundation()
        return TreeEncoder(run: run)
    }
}

struct TreeSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder

    var codingPath: [any CodingKey] { encoder.run.codingPath }

    mutating func encodeNil() throws { try encoder.setSingleValue(.null) }
    mutating func encode(_ value: Bool) throws { try encoder.setSingleValue(.bool(value)) }
    mutating func encode(_ value: String) throws { try encoder.setSingleValue(.string(value)) }
    mutating func encode(_ value: Double) throws { try encoder.setSingleValue(try encoder.run.number(value)) }
    mutating func encode(_ value: Float) throws { throw encoder.run.leaveToFoundation() }
    mutating func encode(_ value: Int) throws { try setInteger(value) }
    mutating func encode(_ value: Int8) throws { try setInteger(value) }
    mutating func encode(_ value: Int16) throws { try setInteger(value) }
    mutating func encode(_ value: Int32) throws { try setInteger(value) }
    mutating func encode(_ value: Int64) throws { try setInteger(value) }
    mutating func encode(_ value: UInt) throws { try setInteger(value) }
    mutating func encode(_ value: UInt8) throws { try setInteger(value) }
    mutating func encode(_ value: UInt16) throws { try setInteger(value) }
    mutating func encode(_ value: UInt32) throws { try setInteger(value) }
    mutating func encode(_ value: UInt64) throws { try setInteger(value) }

    private func setInteger(_ value: some FixedWidthInteger) throws {
        try encoder.setSingleValue(.number(String(value)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        guard let node = try encoder.run.node(for: value) else { throw encoder.run.leaveToFoundation() }
        try encoder.setSingleValue(node)
    }
}
