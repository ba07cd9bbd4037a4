import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the XML parts of an XLSX workbook that a sheet's rows need: the sheet list, the relationships that say
/// where each sheet is, the shared strings, and the sheet itself, with Foundation's `XMLParser`.
enum XLSXPartParser {
    struct SheetEntry { let name: String; let relationship: String }

    static func workbook(_ data: Data, file: String) throws(ImportError) -> [SheetEntry] {
        let delegate = ElementCollector(element: "sheet")
        try parse(data, delegate, file: file, part: "xl/workbook.xml")
        return delegate.attributes.compactMap { attributes in
            guard let name = attributes["name"], let id = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value
            else { return nil }
            return SheetEntry(name: name, relationship: id)
        }
    }

    static func relationships(_ data: Data, file: String) throws(ImportError) -> [String: String] {
        let delegate = ElementCollector(element: "Relationship")
        try parse(data, delegate, file: file, part: "xl/_rels/workbook.xml.rels")
        var targets: [String: String] = [:]
        for attributes in delegate.attributes {
            if let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
        }
        return targets
    }

    static func sharedStrings(_ data: Data, file: String) throws(ImportError) -> [String] {
        let delegate = SharedStringCollector()
        try parse(data, delegate, file: file, part: "xl/sharedStrings.xml")
        return delegate.strings
    }

    static func rows(_ data: Data, sharedStrings: [String], file: String, sheet: String,
                     _ body: @escaping (Int, [String]) throws -> Void) throws {
        let delegate = SheetRowCollector(sharedStrings: sharedStrings, file: file, sheet: sheet, body: body)
        do {
            try parse(data, delegate, file: file, part: sheet)
        } catch {
            throw delegate.failure ?? error
        }
        if let failure = delegate.failure { throw failure }
    }

    private static func parse(_ data: Data, _ delegate: XMLParserDelegate, file: String, part: String) throws(ImportError) {
        // libxml2 hands invalid UTF-8 inside a tag on to Foundation's XMLParser, which traps on it: a workbook's
        // XML is UTF-8 or UTF-16 (with its byte order mark), and any other part is refused before it is parsed.
        if !data.starts(with: [0xFE, 0xFF]) && !data.starts(with: [0xFF, 0xFE]), let (offset, line) = invalidUTF8(data) {
            throw ImportError(file: file, reason: .invalidSpreadsheet("\(part) is not UTF-8 (byte \(offset + 1), line \(line))"))
        }
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            if let failure = (delegate as? SheetRowCollector)?.failure as? ImportError { throw failure }
            let detail = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
            throw ImportError(file: file, reason: .invalidSpreadsheet("\(part) at line \(parser.lineNumber): \(detail)"))
        }
    }
}

extension XLSXPartParser {
    /// The offset and line of the first byte of `data` that is not well-formed UTF-8 (a sequence cut off at the end
    /// counts as its end), or nil when all of it is.
    static func invalidUTF8(_ data: Data) -> (offset: Int, line: Int)? {
        var validator = UTF8Validator()
        var offset = 0
        for byte in data {
            if !validator.consume(byte) { return (offset, validator.line) }
            offset += 1
        }
        return validator.isAtBoundary ? nil : (offset, validator.line)
    }
}

/// Collects the attributes of every element of one name.
private final class ElementCollector: NSObject, XMLParserDelegate {
    let element: String
    var attributes: [[String: String]] = []

    init(element: String) { self.element = element }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        if name == element || name.hasSuffix(":" + element) { self.attributes.append(attributes) }
    }
}

/// Collects the shared strings: each `<si>` is one string, the text of its `<t>` runs joined (rich text has several).
private final class SharedStringCollector: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// Turns `<row>`s of a sheet into fields placed by their cell references, handing each row on as it ends.
private final class SheetRowCollector: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    let file: String
    let sheet: String
    let body: (Int, [String]) throws -> Void
    var failure: (any Error)?

    private var rowNumber = 0
    private var fields: [String] = []
    private var cellColumn = 0
    private var cellType = "n"
    private var cellReference = ""
    private var text = ""
    private var collecting = false

    init(sharedStrings: [String], file: String, sheet: String, body: @escaping (Int, [String]) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.file = file
        self.sheet = sheet
        self.body = body
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            fields = []
        case "c":
            let reference = attributes["r"].flatMap(CellReference.init)
            cellColumn = reference?.column ?? fields.count
            cellReference = CellReference.columnName(cellColumn) + String(rowNumber)
            cellType = attributes["t"] ?? "n"
            text = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            do {
                let value = try cellValue()
                if cellColumn >= fields.count { fields += Array(repeating: "", count: cellColumn - fields.count + 1) }
                fields[cellColumn] = value
            } catch {
                fail(error, parser)
            }
        case "row":
            guard fields.contains(where: { !$0.isEmpty }) else { return }
            do { try body(rowNumber, fields) } catch { fail(error, parser) }
        default: break
        }
    }

    private func cellValue() throws(ImportError) -> String {
        switch cellType {
        case "s":
            guard let index = Int(text), sharedStrings.indices.contains(index) else {
                throw ImportError(file: file, location: .cell(sheet: sheet, reference: cellReference),
                                  reason: .invalidSpreadsheet("shared string \(text) does not exist"))
            }
            return sharedStrings[index]
        case "b":
            return text == "1" ? "TRUE" : "FALSE"
        default:
            return text
        }
    }

    private func fail(_ error: any Error, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }
}
