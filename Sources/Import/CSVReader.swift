/// Reads a CSV or TSV file row by row, in constant memory: encoding, delimiter, quoting and header detected unless
/// given, every row carrying the line where it starts.
///
/// Written here rather than taken from a kept library because neither reads the real files it must
/// (checked against the files whose excerpts are in `Tests/ImportTests/Fixtures`):
/// - SwiftCSV 0.10.0 loads the whole file into one `String` (no streaming) and stops on
///   `kohesio_beneficiaries_CEE.tsv` with `quotation(message: "Can't have non-quote here: Е")` at `"Зора-ЕС" ЕООД`.
/// - CSV.swift 2.5.2 streams, but on the same file takes `"Зора-ЕС" ЕООД` as an opened quote and swallows the
///   following lines into one field (18,809 rows read of 27,222), and it decodes only UTF-8/16/32, so
///   `NUTS2021_eurostat_cp1252.csv` stops at its first Windows-1252 byte with `unicodeDecoding`.
public final class CSVReader {
    public let source: String
    public let encoding: DetectedEncoding
    public let dialect: CSVDialect
    /// The header row's names, when the file has one.
    public let header: ColumnHeader?

    private let bytes: ChunkedByteReader
    private var transcoder: UTF8Transcoder
    private var parser: CSVRecordParser
    private var pending: [CSVRecordParser.Record] = []
    private var pendingIndex = 0
    private var atEnd = false

    /// Warnings about guesses made while reading (such as a Windows-1252 fallback).
    public var warnings: [ImportWarning] { encoding.warning.map { [$0] } ?? [] }

    public init(_ source: ImportSource, options: CSVOptions = CSVOptions()) throws(ImportError) {
        self.source = source.name
        encoding = try EncodingDetector.detect(source, override: options.encoding)
        bytes = try source.open()
        transcoder = UTF8Transcoder(encoding, file: source.name)

        var sample: [UInt8] = []
        var complete = false
        while sample.count < CSVDialectDetector.sampleLength {
            guard let chunk = try bytes.next() else { complete = true; break }
            sample += try transcoder.transcode(chunk)
        }
        let (delimiter, quoting) = CSVDialectDetector.detect(sample: sample, complete: complete, options: options)
        parser = CSVRecordParser(delimiter: delimiter, quoting: quoting, maximumRecordBytes: options.maximumRecordBytes)
        try Self.feed(&parser, sample, into: &pending, file: source.name)
        if complete { try Self.finish(&parser, transcoder, into: &pending, file: source.name); atEnd = true }

        var first: CSVRecordParser.Record?
        if pending.isEmpty && !atEnd {
            first = try Self.pull(bytes, &transcoder, &parser, &pending, &atEnd, file: source.name) ? pending.first : nil
        } else {
            first = pending.first
        }
        let hasHeader = options.hasHeader ?? first.map { CSVDialectDetector.looksLikeHeader($0.fields) } ?? false
        dialect = CSVDialect(delimiter: delimiter, quoting: quoting, hasHeader: hasHeader)
        if hasHeader, let first {
            header = ColumnHeader(first.fields)
            pendingIndex = 1
        } else {
            header = nil
        }
    }

    /// The next row, or nil at the end of the file.
    public func next() throws(ImportError) -> TabularRow? {
        while pendingIndex >= pending.count {
            guard !atEnd else { return nil }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            _ = try Self.pull(bytes, &transcoder, &parser, &pending, &atEnd, file: source)
        }
        let record = pending[pendingIndex]
        pendingIndex += 1
        return TabularRow(line: record.line, fields: record.fields, header: header)
    }

    /// Calls `body` with every remaining row, in order.
    public func forEach(_ body: (TabularRow) throws -> Void) throws {
        while let row = try next() { try body(row) }
    }

    /// Reads chunks until at least one record is complete or the file ends; says whether a record came.
    private static func pull(
        _ bytes: ChunkedByteReader, _ transcoder: inout UTF8Transcoder, _ parser: inout CSVRecordParser,
        _ pending: inout [CSVRecordParser.Record], _ atEnd: inout Bool, file: String
    ) throws(ImportError) -> Bool {
        while pending.isEmpty {
            guard let chunk = try bytes.next() else {
                try finish(&parser, transcoder, into: &pending, file: file)
                atEnd = true
                break
            }
            try feed(&parser, try transcoder.transcode(chunk), into: &pending, file: file)
        }
        return !pending.isEmpty
    }

    private static func feed(
        _ parser: inout CSVRecordParser, _ text: [UInt8], into pending: inout [CSVRecordParser.Record], file: String
    ) throws(ImportError) {
        do {
            try text.withUnsafeBufferPointer { (buffer) throws(CSVRecordParser.Failure) in try parser.feed(buffer, into: &pending) }
        } catch {
            throw importError(error, limit: parser.maximumRecordBytes, file: file)
        }
    }

    private static func finish(
        _ parser: inout CSVRecordParser, _ transcoder: UTF8Transcoder, into pending: inout [CSVRecordParser.Record], file: String
    ) throws(ImportError) {
        try transcoder.finish()
        do { try parser.finish(into: &pending) } catch { throw importError(error, limit: parser.maximumRecordBytes, file: file) }
    }

    private static func importError(_ failure: CSVRecordParser.Failure, limit: Int, file: String) -> ImportError {
        switch failure {
        case .unterminatedQuote(let line):
            ImportError(file: file, location: .line(line), reason: .unterminatedQuote(openedAtLine: line))
        case .recordTooLong(let line):
            ImportError(file: file, location: .line(line), reason: .lineTooLong(limit: limit))
        }
    }
}
