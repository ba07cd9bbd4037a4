import Registry

/// HMAC-SHA256 (RFC 2104): a keyed hash that only the key's holder can compute, used to sign cursors.
enum HMAC {
    static func sha256(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        let blockSize = 64
        var block = key.count > blockSize ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + Array(message))
        return SHA256.digest(block.map { $0 ^ 0x5C } + inner)
    }
}
