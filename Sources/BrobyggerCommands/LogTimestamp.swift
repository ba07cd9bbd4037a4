import Glibc

/// ISO 8601 timestamps with milliseconds in UTC.
enum LogTimestamp {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var time = spec.tv_sec
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = [UInt8]()
        text.reserveCapacity(24)
        func append(_ value: Int, width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            text.append(contentsOf: digits)
        }
        append(Int(parts.tm_year) + 1900, width: 4); text.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mon) + 1, width: 2); text.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mday), width: 2); text.append(UInt8(ascii: "T"))
        append(Int(parts.tm_hour), width: 2); text.append(UInt8(ascii: ":"))
        append(Int(parts.tm_min), width: 2); text.append(UInt8(ascii: ":"))
        append(Int(parts.tm_sec), width: 2); text.append(UInt8(ascii: "."))
        append(Int(spec.tv_nsec / 1_000_000), width: 3); text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
