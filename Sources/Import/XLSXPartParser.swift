/// Reads the XML parts of an XLSX workbook that a sheet's rows need, as they unpack: the sheet list, the
/// relationships that say where each sheet is, the shared strings, and the sheet itself, row by row.
enum XLSXPartParser {
    struct SheetEntry { let name: String; let relationship: String }

    /// Bytes of one part as they unpack, handed to a reader; what `XLSXReader` gives each function below.
    typealias PartBytes = ((UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void

    static func workbook(_ bytes: PartBytes, file: String) throws -> [SheetEntry] {
        var collector = ElementCollector(element: "sheet")
        try parse(bytes, &collector, file: file, part: "xl/workbook.xml")
        return collector.tags.compactMap { tag in
            guard let name = tag["name"], let id = tag["r:id"] ?? tag.prefixedAttribute("id") else { return nil }
            return SheetEntry(name: name, relationship: id)
        }
    }

    static func relationships(_ bytes: PartBytes, file: String) throws -> [String: String] {
        var collector = ElementCollector(element: "Relationship")
        try parse(bytes, &collector, file: file, part: "xl/_rels/workbook.xml.rels")
        var targets: [String: String] = [:]
        for tag in collector.tags {
            if let id = tag["Id"], let target = tag["Target"] { targets[id] = target }
        }
        return targets
    }

    static func sharedStrings(_ bytes: PartBytes, file: String) throws -> [String] {
        var collector = SharedStringCollector()
        try parse(bytes, &collector, file: file, part: "xl/sharedStrings.xml")
        return collector.strings
    }

    /// Calls `body` with each row that has a value, its number and its fields placed by their cell references.
    static func rows(_ bytes: PartBytes, sharedStrings: [String], file: String, sheet: String,
                     _ body: (Int, [String]) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            var collector = SheetRowCollector(sharedStrings: sharedStrings, file: file, sheet: sheet, body: body)
            try parse(bytes, &collector, file: file, part: sheet)
        }
    }

    /// A part read through `handler`; its XML's faults become errors naming the file and the part.
    private static func parse<Handler: XMLStreamHandler>(_ bytes: PartBytes, _ handler: inout Handler,
                                                         file: String, part: String) throws {
        var reader = XMLStreamReader()
        var transcoder: UTF8Transcoder?
        var first = true
        do {
            try bytes { chunk in
                if first {
                    first = false
                    // A workbook's XML is UTF-8, or UTF-16 with its byte order mark.
                    if chunk.starts(with: [0xFF, 0xFE]) || chunk.starts(with: [0xFE, 0xFF]) {
                        let encoding: TextEncoding = chunk.first == 0xFF ? .utf16LittleEndian : .utf16BigEndian
                        transcoder = UTF8Transcoder(DetectedEncoding(encoding: encoding, byteOrderMarkLength: 2, warning: nil,
                                                                     verified: false), file: file)
                    }
                }
                if transcoder != nil, let utf8 = try transcoder?.transcode(Array(chunk)) {
                    try utf8.withUnsafeBufferPointer { try reader.feed($0, to: &handler) }
                } else {
                    try reader.feed(chunk, to: &handler)
                }
            }
            try transcoder?.finish()
            try reader.finish(&handler)
        } catch let error as XMLStreamError {
            switch error {
            case .invalidUTF8(let offset, let line):
                throw ImportError(file: file, reason: .invalidSpreadsheet("\(part) is not UTF-8 (byte \(offset + 1), line \(line))"))
            case .malformed(let line, let reason):
                throw ImportError(file: file, reason: .invalidSpreadsheet("\(part) at line \(line): \(reason)"))
            }
        }
    }
}

/// Collects the start tags of every element of one name.
private struct ElementCollector: XMLStreamHandler {
    let element: String
    var tags: [XMLStartTag] = []

    init(element: String) { self.element = element }

    var wantsText: Bool { false }

    mutating func startElement(_ tag: XMLStartTag) {
        if tag.name == element { tags.append(tag) }
    }

    func endElement(_ name: String) {}
    func characters(_ text: String) {}
}

/// Collects the shared strings: each `<si>` is one string, the text of its `<t>` runs joined (rich text has
/// several), leaving out phonetic runs (`<rPh>`).
private struct SharedStringCollector: XMLStreamHandler {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    var wantsText: Bool { inText }

    mutating func startElement(_ tag: XMLStartTag) {
        switch tag.name {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    mutating func characters(_ text: String) {
        current += text
    }

    mutating func endElement(_ name: String) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// Turns `<row>`s of a sheet into fields placed by their cell references, handing each row on as it ends.
private struct SheetRowCollector: XMLStreamHandler {
    let sharedStrings: [String]
    let file: String
    let sheet: String
    let body: (Int, [String]) throws -> Void

    private var rowNumber = 0
    private var fields: [String] = []
    private var cellColumn = 0
    private var cellType = "n"
    private var cellReference = ""
    private var text = ""
    private var collecting = false
    private var inPhonetic = false

    init(sharedStrings: [String], file: String, sheet: String, body: @escaping (Int, [String]) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.file = file
        self.sheet = sheet
        self.body = body
    }

    var wantsText: Bool { collecting }

    mutating func startElement(_ tag: XMLStartTag) {
        switch tag.name {
        case "row":
            rowNumber = tag["r"].flatMap { Int($0) } ?? rowNumber + 1
            fields = []
        case "c":
            let reference = tag["r"].flatMap(CellReference.init)
            cellColumn = reference?.column ?? fields.count
            cellReference = CellReference.columnName(cellColumn) + String(rowNumber)
            cellType = tag["t"] ?? "n"
            text = ""
        case "v", "t":
            collecting = !inPhonetic
        case "rPh":
            inPhonetic = true
        default: break
        }
    }

    mutating func characters(_ text: String) {
        self.text += text
    }

    mutating func endElement(_ name: String) throws {
        switch name {
        case "v", "t":
            collecting = false
        case "rPh":
            inPhonetic = false
        case "c":
            let value = try cellValue()
            if cellColumn >= fields.count { fields += Array(repeating: "", count: cellColumn - fields.count + 1) }
            fields[cellColumn] = value
        case "row":
            guard fields.contains(where: { !$0.isEmpty }) else { return }
            try body(rowNumber, fields)
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
}
