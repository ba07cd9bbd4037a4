/// Guesses a delimited file's dialect from its first lines: the delimiter that splits most records into the same
/// number of fields, whether quotes are used as quotes, and whether the first record is a header.
enum CSVDialectDetector {
    /// How much of the file's start is looked at.
    static let sampleLength = 1 << 16

    /// `sample` is the file's first bytes in UTF-8; `complete` says whether it is the whole file.
    static func detect(sample: [UInt8], complete: Bool, options: CSVOptions) -> (delimiter: UInt8, quoting: Bool) {
        let text = complete ? sample[...] : sample[..<(sample.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? sample.count)]
        let delimiter = options.delimiter ?? bestDelimiter(text)
        if let quoting = options.quoting { return (delimiter, quoting) }
        let (_, parser) = records(text, delimiter: delimiter, quoting: true)
        return (delimiter, !parser.sawStrayQuote || parser.sawNeededQuotes)
    }

    /// A first record is a header when every one of its non-empty fields has a letter and no two are the same.
    static func looksLikeHeader(_ fields: [String]) -> Bool {
        let names = fields.filter { !$0.isEmpty }
        return !names.isEmpty && Set(names).count == names.count
            && names.allSatisfy { $0.unicodeScalars.contains { $0.properties.isAlphabetic } }
    }

    private static func bestDelimiter(_ text: ArraySlice<UInt8>) -> UInt8 {
        var best = (delimiter: CSVDialect.candidateDelimiters[0], agreeing: 0, fields: 0)
        for candidate in CSVDialect.candidateDelimiters {
            let (found, _) = records(text, delimiter: candidate, quoting: true)
            var counts: [Int: Int] = [:]
            for record in found { counts[record.fields.count, default: 0] += 1 }
            guard let mode = counts.filter({ $0.key > 1 }).max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if (mode.value, mode.key) > (best.agreeing, best.fields) { best = (candidate, mode.value, mode.key) }
        }
        return best.delimiter
    }

    private static func records(_ text: ArraySlice<UInt8>, delimiter: UInt8, quoting: Bool) -> ([CSVRecordParser.Record], CSVRecordParser) {
        var parser = CSVRecordParser(delimiter: delimiter, quoting: quoting, maximumRecordBytes: Int.max)
        var found: [CSVRecordParser.Record] = []
        _ = try? text.withUnsafeBufferPointer { (buffer) throws(CSVRecordParser.Failure) in try parser.feed(buffer, into: &found) }
        return (found, parser)
    }
}
