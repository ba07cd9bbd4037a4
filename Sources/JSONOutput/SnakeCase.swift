/// Keys converted from snake case as `JSONDecoder.KeyDecodingStrategy.convertFromSnakeCase` converts them, for
/// the keys whose conversion is plain.
enum SnakeCase {
    /// `key` as Foundation converts it — unchanged without an underscore, `eu_funding` → `euFunding` — or nil
    /// when its conversion is not plain (leading, trailing or doubled underscores, capitals, digits or other
    /// characters after the first underscore), which only Foundation's rules decide.
    static func converted(_ key: String) -> String? {
        let utf8 = key.utf8
        guard utf8.contains(UInt8(ascii: "_")) else { return key }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count)
        var afterUnderscore = false
        var inFirstComponent = true
        var componentLength = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "_") {
                guard componentLength > 0 else { return nil }
                afterUnderscore = true
                inFirstComponent = false
                componentLength = 0
                continue
            }
            let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isLower || (isDigit && inFirstComponent) else { return nil }
            result.append(afterUnderscore ? byte - 0x20 : byte)
            afterUnderscore = false
            componentLength += 1
        }
        guard componentLength > 0 else { return nil }
        return String(decoding: result, as: UTF8.self)
    }
}
