/// What an `XMLStreamReader` tells as it reads: elements opened and closed, and the text between them.
protocol XMLStreamHandler {
    /// Whether the text now being read is wanted; text is only decoded for `characters` while this is true.
    var wantsText: Bool { get }
    /// An element opened (a self-closing one is followed by its `endElement` at once).
    mutating func startElement(_ tag: XMLStartTag) throws
    /// An element closed: its name without a namespace prefix.
    mutating func endElement(_ name: String) throws
    /// Text inside an element, entity and character references resolved, line ends as `\n`. A run of text may come
    /// in several calls (around a comment or a CDATA section).
    mutating func characters(_ text: String) throws
}

/// An element's start tag: its name without a namespace prefix and its attributes as written, values resolved.
struct XMLStartTag {
    /// The element's name without its prefix: `row` for both `<row>` and `<x:row>`.
    let name: String
    /// The attributes in order, by their names as written (`r:id` keeps its prefix).
    let attributes: [(name: String, value: String)]

    /// The value of the attribute named exactly `name`.
    subscript(name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The value of the first attribute called `localName` in some namespace: `r:id`, or `id` under another prefix.
    func prefixedAttribute(_ localName: String) -> String? {
        attributes.first { attribute in
            attribute.name.hasSuffix(localName) && attribute.name.utf8.count > localName.utf8.count
                && attribute.name.utf8.dropLast(localName.utf8.count).last == UInt8(ascii: ":")
        }?.value
    }
}

/// Why an `XMLStreamReader` stopped: the part is not UTF-8, or not well-formed XML.
enum XMLStreamError: Error, Equatable {
    /// The byte at `offset` (0-based, counted over the whole part) on `line` is not well-formed UTF-8.
    case invalidUTF8(offset: Int, line: Int)
    /// Not well-formed XML at `line`, for `reason`.
    case malformed(line: Int, reason: String)
}
