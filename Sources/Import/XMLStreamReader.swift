import Foundation

/// Reads XML from bytes handed in as they arrive (a workbook part as zlib unpacks it) and tells an
/// `XMLStreamHandler` of each element and its text, keeping no more than the token it is in the middle of.
///
/// It reads what the XML parts of an XLSX workbook are: UTF-8 (a byte order mark is passed over), elements with
/// attributes, the five predefined entities and character references, CDATA sections, comments and processing
/// instructions. A document type declaration is refused (no workbook has one, and the entities it could declare
/// are how XML bombs work), as is anything not well-formed: a tag closing another, text or a second element outside
/// the root, an unknown entity, a token longer than `maximumTokenBytes`, invalid UTF-8.
///
/// The importer uses it rather than Foundation's `XMLParser`, which needs a whole part in memory, traps on invalid
/// UTF-8 inside a tag, and brings libxml2 and ICU's data into the container image.
struct XMLStreamReader {
    static let defaultMaximumTokenBytes = 16 << 20

    let maximumTokenBytes: Int
    /// Bytes received and not yet read, from `position` on.
    private var pending: [UInt8] = []
    private var position = 0
    /// How far the search for the end of the token at `position` has got without finding it, and for a start tag
    /// whether that point is inside a quoted value (its quote) or not (0).
    private var searched = 0
    private var searchedQuote: UInt8 = 0
    /// Line ends in the bytes already dropped from `pending`.
    private var droppedLines = 0
    private var validator = UTF8Validator()
    private var bytesReceived = 0
    private var atDocumentStart = true
    /// The names, as written, of the elements open now, outermost first.
    private var openElements: [ArraySlice<UInt8>] = []
    private var rootClosed = false

    init(maximumTokenBytes: Int = defaultMaximumTokenBytes) {
        self.maximumTokenBytes = maximumTokenBytes
    }

    /// Reads the next bytes of the document, telling `handler` of everything they complete.
    mutating func feed<Handler: XMLStreamHandler>(_ chunk: UnsafeBufferPointer<UInt8>, to handler: inout Handler) throws {
        // What comes before a byte that is not UTF-8 is read first, so that the first fault in the document is
        // the one told, wherever the chunks end.
        let invalid = chunk.indices.first { !validator.consume(chunk[$0]) }
        dropRead()
        pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<(invalid ?? chunk.endIndex)]))
        try read(&handler, atEnd: false)
        if let invalid { throw XMLStreamError.invalidUTF8(offset: bytesReceived + invalid, line: validator.line) }
        bytesReceived += chunk.count
    }

    /// Says the document has ended: an error unless everything opened was closed.
    mutating func finish<Handler: XMLStreamHandler>(_ handler: inout Handler) throws {
        guard validator.isAtBoundary else { throw XMLStreamError.invalidUTF8(offset: bytesReceived, line: validator.line) }
        try read(&handler, atEnd: true)
        if let open = openElements.last {
            throw malformed(at: pending.count, "the part ends inside <\(String(decoding: open, as: UTF8.self))>")
        }
        guard rootClosed else { throw malformed(at: pending.count, "the part has no root element") }
    }

    // MARK: - Tokens

    private mutating func read<Handler: XMLStreamHandler>(_ handler: inout Handler, atEnd: Bool) throws {
        if atDocumentStart {
            let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
            if !atEnd && pending.count - position < 3 && byteOrderMark.starts(with: pending[position...]) { return }
            if pending[position...].starts(with: byteOrderMark) { position += 3 }
            atDocumentStart = false
        }
        while position < pending.count {
            if pending[position] != Byte.lessThan {
                guard let next = find(Byte.lessThan, from: max(position, searched)) else {
                    try checkLength(position, pending.count)
                    if atEnd {
                        try text(position..<pending.count, &handler)
                        position = pending.count
                    } else {
                        searched = pending.count
                    }
                    return
                }
                try checkLength(position, next)
                try text(position..<next, &handler)
                advance(to: next)
                continue
            }
            guard let end = try markup(at: position, &handler, atEnd: atEnd) else {
                try checkLength(position, pending.count)
                return
            }
            advance(to: end)
        }
    }

    private mutating func advance(to index: Int) {
        position = index
        searched = index
        searchedQuote = 0
    }

    /// Refuses a token from `start` to `end` (or one not ended yet at `end`) longer than the limit, whether it has
    /// arrived whole or not, so that the same file fails the same way however its bytes arrive.
    private func checkLength(_ start: Int, _ end: Int) throws {
        if end - start > maximumTokenBytes {
            throw malformed(at: start, "a tag, comment or run of text longer than \(maximumTokenBytes) bytes")
        }
    }

    /// Reads the markup that begins at `start` (a `<`); the index after it, or nil when it has not all arrived.
    private mutating func markup<Handler: XMLStreamHandler>(at start: Int, _ handler: inout Handler, atEnd: Bool) throws -> Int? {
        guard start + 1 < pending.count else { return try incomplete(start, "a tag", atEnd) }
        switch pending[start + 1] {
        case Byte.slash:
            guard let close = find(Byte.greaterThan, from: max(start + 2, searched)) else {
                return try incomplete(start, "a closing tag", atEnd)
            }
            try checkLength(start, close + 1)
            try endTag(start + 2..<close, at: start, &handler)
            return close + 1
        case Byte.question:
            // The XML declaration or a processing instruction: nothing a reader of cells needs.
            guard let close = find(Terminator.processingInstruction, from: start + 2) else {
                return try incomplete(start, "a processing instruction", atEnd)
            }
            try checkLength(start, close + 2)
            return close + 2
        case Byte.exclamation:
            if pending[start...].starts(with: Terminator.commentOpen) {
                guard let close = find(Terminator.comment, from: start + 4) else { return try incomplete(start, "a comment", atEnd) }
                try checkLength(start, close + 3)
                return close + 3
            }
            if pending[start...].starts(with: Terminator.cdataOpen) {
                guard let close = find(Terminator.cdata, from: start + 9) else { return try incomplete(start, "a CDATA section", atEnd) }
                try checkLength(start, close + 3)
                guard !openElements.isEmpty else { throw malformed(at: start, "a CDATA section outside the root element") }
                if handler.wantsText { try handler.characters(decoded(start + 9..<close, references: false, attribute: false)) }
                return close + 3
            }
            let available = pending[start...]
            if !atEnd && available.count < Terminator.cdataOpen.count
                && (Terminator.commentOpen.starts(with: available) || Terminator.cdataOpen.starts(with: available)) {
                return nil
            }
            throw malformed(at: start, "a document type or markup declaration (<!…>), which a workbook's XML never has")
        default:
            guard let close = tagEnd(from: start + 1) else { return try incomplete(start, "a tag", atEnd) }
            try checkLength(start, close + 1)
            try startTag(start + 1..<close, at: start, &handler)
            return close + 1
        }
    }

    /// Nil, for a token that has not all arrived, once every byte has been searched; an error at the end.
    private mutating func incomplete(_ start: Int, _ what: String, _ atEnd: Bool) throws -> Int? {
        if atEnd { throw malformed(at: start, "the part ends inside \(what)") }
        searched = pending.count
        return nil
    }

    /// The `>` that ends the start tag whose name begins at `from`: the first one outside a quoted value. Where it
    /// has not arrived, the search goes on from where it stopped next time.
    private mutating func tagEnd(from: Int) -> Int? {
        var quote: UInt8 = searched > from ? searchedQuote : 0
        var index = max(from, searched)
        defer { searchedQuote = quote }
        while index < pending.count {
            let byte = pending[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == Byte.doubleQuote || byte == Byte.singleQuote {
                quote = byte
            } else if byte == Byte.greaterThan {
                return index
            }
            index += 1
        }
        return nil
    }

    private mutating func startTag<Handler: XMLStreamHandler>(_ range: Range<Int>, at start: Int, _ handler: inout Handler) throws {
        var end = range.upperBound
        let selfClosing = end > range.lowerBound && pending[end - 1] == Byte.slash
        if selfClosing { end -= 1 }
        var index = range.lowerBound
        while index < end && !Byte.isSpace(pending[index]) { index += 1 }
        let name = pending[range.lowerBound..<index]
        guard let first = name.first, Byte.canStartName(first) else {
            throw malformed(at: start, "a tag without a name")
        }
        var attributes: [(name: String, value: String)] = []
        while true {
            let spaceBefore = index
            while index < end && Byte.isSpace(pending[index]) { index += 1 }
            if index == end { break }
            guard index > spaceBefore else { throw malformed(at: start, "attributes of <\(string(name))> without a space between them") }
            let nameStart = index
            while index < end && !Byte.isSpace(pending[index]) && pending[index] != Byte.equals { index += 1 }
            let attributeName = string(pending[nameStart..<index])
            guard index > nameStart, Byte.canStartName(pending[nameStart]) else {
                throw malformed(at: start, "an attribute without a name in <\(string(name))>")
            }
            while index < end && Byte.isSpace(pending[index]) { index += 1 }
            guard index < end, pending[index] == Byte.equals else {
                throw malformed(at: start, "the attribute \(attributeName) of <\(string(name))> has no value")
            }
            index += 1
            while index < end && Byte.isSpace(pending[index]) { index += 1 }
            guard index < end, pending[index] == Byte.doubleQuote || pending[index] == Byte.singleQuote else {
                throw malformed(at: start, "the value of \(attributeName) in <\(string(name))> is not quoted")
            }
            let quote = pending[index]
            let valueStart = index + 1
            index = valueStart
            while index < end && pending[index] != quote { index += 1 }
            guard index < end else { throw malformed(at: start, "the value of \(attributeName) in <\(string(name))> is not closed") }
            guard !attributes.contains(where: { $0.name == attributeName }) else {
                throw malformed(at: start, "<\(string(name))> has the attribute \(attributeName) twice")
            }
            let value = try decoded(valueStart..<index, references: true, attribute: true)
            attributes.append((attributeName, value))
            index += 1
        }
        guard !rootClosed else {
            throw malformed(at: start, "a second root element, <\(string(name))>")
        }
        let localName = Self.localName(name)
        openElements.append(name)
        try handler.startElement(XMLStartTag(name: localName, attributes: attributes))
        if selfClosing { try close(localName, &handler) }
    }

    private mutating func endTag<Handler: XMLStreamHandler>(_ range: Range<Int>, at start: Int, _ handler: inout Handler) throws {
        var end = range.upperBound
        while end > range.lowerBound && Byte.isSpace(pending[end - 1]) { end -= 1 }
        let name = pending[range.lowerBound..<end]
        guard let open = openElements.last else { throw malformed(at: start, "</\(string(name))> closes no element") }
        guard open.elementsEqual(name) else { throw malformed(at: start, "</\(string(name))> where <\(string(open))> is open") }
        try close(Self.localName(name), &handler)
    }

    private mutating func close<Handler: XMLStreamHandler>(_ localName: String, _ handler: inout Handler) throws {
        openElements.removeLast()
        if openElements.isEmpty { rootClosed = true }
        try handler.endElement(localName)
    }

    private mutating func text<Handler: XMLStreamHandler>(_ range: Range<Int>, _ handler: inout Handler) throws {
        guard !openElements.isEmpty else {
            if let stray = range.first(where: { !Byte.isSpace(pending[$0]) }) {
                throw malformed(at: stray, rootClosed ? "text after the root element" : "text before the root element")
            }
            return
        }
        if handler.wantsText { try handler.characters(decoded(range, references: true, attribute: false)) }
    }

    // MARK: - Values

    /// The text of `range`: line ends as `\n`, entity and character references resolved when `references`, and
    /// in an attribute's value every tab and line end as a space (XML's normalisation of attribute values).
    private func decoded(_ range: Range<Int>, references: Bool, attribute: Bool) throws -> String {
        let plain = !pending[range].contains { byte in
            byte == Byte.carriageReturn || (references && byte == Byte.ampersand)
                || (attribute && (byte == Byte.lineFeed || byte == Byte.tab))
        }
        if plain { return String(decoding: pending[range], as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = pending[index]
            switch byte {
            case Byte.ampersand where references:
                let limit = min(range.upperBound, index + 12)
                guard let semicolon = pending[(index + 1)..<limit].firstIndex(of: Byte.semicolon) else {
                    throw malformed(at: index, "an & that begins no entity or character reference (write &amp;)")
                }
                try appendReference(pending[(index + 1)..<semicolon], at: index, to: &output)
                index = semicolon + 1
                continue
            case Byte.carriageReturn:
                output.append(attribute ? Byte.space : Byte.lineFeed)
                if index + 1 < range.upperBound && pending[index + 1] == Byte.lineFeed { index += 1 }
            case Byte.lineFeed where attribute, Byte.tab where attribute:
                output.append(Byte.space)
            default:
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func appendReference(_ name: ArraySlice<UInt8>, at index: Int, to output: inout [UInt8]) throws {
        for (entity, byte) in Self.predefinedEntities where name.elementsEqual(entity) {
            output.append(byte)
            return
        }
        let text = string(name)
        let value: UInt32?
        if text.hasPrefix("#x"), text.count > 2, text.dropFirst(2).allSatisfy(\.isHexDigit) {
            value = UInt32(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("#"), text.count > 1, text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
            value = UInt32(text.dropFirst(), radix: 10)
        } else {
            throw malformed(at: index, "the unknown entity &\(text);")
        }
        guard let value, let scalar = Unicode.Scalar(value),
              value == 0x9 || value == 0xA || value == 0xD || value >= 0x20, value != 0xFFFE, value != 0xFFFF
        else { throw malformed(at: index, "&\(text); is not a character XML allows") }
        UTF8.encode(scalar) { output.append($0) }
    }

    private static let predefinedEntities: [(name: [UInt8], byte: UInt8)] = [
        (Array("lt".utf8), Byte.lessThan), (Array("gt".utf8), Byte.greaterThan), (Array("amp".utf8), Byte.ampersand),
        (Array("quot".utf8), Byte.doubleQuote), (Array("apos".utf8), Byte.singleQuote),
    ]

    private static func localName(_ name: ArraySlice<UInt8>) -> String {
        let local = name.lastIndex(of: Byte.colon).map { name[($0 + 1)...] } ?? name
        return String(decoding: local, as: UTF8.self)
    }

    private func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    // MARK: - Searching and lines

    /// The index of the first `byte` at or after `from` in what has arrived.
    private func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < pending.count else { return nil }
        return pending.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
    }

    /// The index where `terminator` (which ends with `>`) begins, at or after `from`.
    private func find(_ terminator: [UInt8], from: Int) -> Int? {
        var candidate = max(from + terminator.count - 1, searched)
        while let greaterThan = find(Byte.greaterThan, from: candidate) {
            let begin = greaterThan - (terminator.count - 1)
            if begin >= from && pending[begin...greaterThan].elementsEqual(terminator) { return begin }
            candidate = greaterThan + 1
        }
        return nil
    }

    /// Drops the bytes already read, counting their line ends.
    private mutating func dropRead() {
        guard position > 0 else { return }
        droppedLines += lineEnds(before: position)
        pending.removeSubrange(0..<position)
        searched = max(0, searched - position)
        position = 0
    }

    private func lineEnds(before index: Int) -> Int {
        var count = 0
        var from = 0
        while from < index, let found = find(Byte.lineFeed, from: from), found < index {
            count += 1
            from = found + 1
        }
        return count
    }

    private func malformed(at index: Int, _ reason: String) -> XMLStreamError {
        .malformed(line: 1 + droppedLines + lineEnds(before: min(index, pending.count)), reason: reason)
    }
}

/// The bytes XML's syntax is made of.
private enum Byte {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let exclamation = UInt8(ascii: "!")
    static let doubleQuote = UInt8(ascii: "\"")
    static let ampersand = UInt8(ascii: "&")
    static let singleQuote = UInt8(ascii: "'")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let lessThan = UInt8(ascii: "<")
    static let equals = UInt8(ascii: "=")
    static let greaterThan = UInt8(ascii: ">")
    static let question = UInt8(ascii: "?")

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == lineFeed || byte == tab || byte == carriageReturn
    }

    /// Whether a name may begin with `byte`: a letter, `_`, `:` or any non-ASCII character.
    static func canStartName(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == UInt8(ascii: "_") || byte == colon
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}

/// The delimiters of XML's longer tokens.
private enum Terminator {
    static let commentOpen = Array("<!--".utf8)
    static let cdataOpen = Array("<![CDATA[".utf8)
    static let comment = Array("-->".utf8)
    static let cdata = Array("]]>".utf8)
    static let processingInstruction = Array("?>".utf8)
}
