/// How a delimited text file is written: its delimiter, whether `"` quotes fields, and whether it has a header row.
public struct CSVDialect: Sendable, Hashable {
    /// The delimiters looked for when none is given: comma, semicolon, tab and bar.
    public static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    public var delimiter: UInt8
    /// Whether a field that starts with `"` is quoted (RFC 4180, `""` for a quote inside). When false, quotes are
    /// ordinary characters, as in exports that never quote (Kohesio's TSV: `"Зора-ЕС" ЕООД`).
    public var quoting: Bool
    public var hasHeader: Bool

    public init(delimiter: UInt8, quoting: Bool, hasHeader: Bool) {
        self.delimiter = delimiter
        self.quoting = quoting
        self.hasHeader = hasHeader
    }
}

/// What the user says about a delimited file; whatever is left nil is detected from the file's first lines.
public struct CSVOptions: Sendable {
    public var encoding: TextEncoding?
    public var delimiter: UInt8?
    public var quoting: Bool?
    public var hasHeader: Bool?
    /// The longest record accepted, in bytes; a longer one is an error naming its line, read no further.
    public var maximumRecordBytes: Int

    public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil, quoting: Bool? = nil, hasHeader: Bool? = nil,
                maximumRecordBytes: Int = 1 << 20) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.quoting = quoting
        self.hasHeader = hasHeader
        self.maximumRecordBytes = maximumRecordBytes
    }
}
