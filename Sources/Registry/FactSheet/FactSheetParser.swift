/// Reads a keep.eu-style project fact sheet: the acronym and title, labelled fields (German, English or
/// Danish labels), the description, result sections and the bulleted partner list with its lead partner.
///
/// Every value keeps the scalar range of the text it was read from, so that the registry can cite it.
public struct FactSheetParser: Sendable {
    public init() {}

    private struct Line {
        var number: Int
        var text: String
        var range: Range<Int>
        var isBlank: Bool { text.trimmingWhitespace.isEmpty }
    }

    private static let bullets: Set<Character> = ["•", "-", "*", "–", "·", "▪"]

    /// Parses `text`; throws ``FactSheetError`` naming the line of a value that cannot be read.
    public func parse(_ text: String) throws(FactSheetError) -> FactSheet {
        let lines = FactSheetParser.lines(of: text)
        var sheet = FactSheet()
        var index = 0

        // Acronym and title: the first two non-blank lines that are not labelled fields.
        while index < lines.count, sheet.title == nil {
            let line = lines[index]
            if !line.isBlank {
                if label(of: line) != nil { break }
                let located = FactSheetParser.trimmed(line)
                if sheet.acronym == nil { sheet.acronym = located } else { sheet.title = located }
            }
            index += 1
        }

        // Labelled fields, until the first paragraph after them.
        while index < lines.count {
            let line = lines[index]
            if line.isBlank { index += 1; continue }
            guard let (field, valueRange) = label(of: line) else { break }
            var value = FactSheetParser.located(in: line, scalarRange: valueRange)
            if value.value.isEmpty, let next = nextNonBlank(lines, after: index),
               label(of: lines[next]) == nil, lines[next].text.unicodeScalars.count <= 60,
               !FactSheetParser.isBullet(lines[next]), field != .categories, field != .homepage {
                value = FactSheetParser.trimmed(lines[next])
                index = next
            }
            try record(field, value: value, line: line.number, into: &sheet)
            index += 1
        }

        // Prose, headings, the partner list and trailing fields (the homepage).
        var currentSection: FactSheet.Section?
        var inPartnerList = false
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isBlank { continue }
            if let (field, valueRange) = label(of: line) {
                try record(field, value: FactSheetParser.located(in: line, scalarRange: valueRange), line: line.number, into: &sheet)
                continue
            }
            let trimmedText = line.text.trimmingWhitespace
            if FactSheetParser.isBullet(line) {
                guard inPartnerList else {
                    currentSection?.paragraphs.append(FactSheetParser.trimmed(line))
                    continue
                }
                sheet.partners.append(partner(from: line))
                continue
            }
            if FactSheetField.partnerHeadings.contains(trimmedText.lowercased()) {
                if let section = currentSection { sheet.sections.append(section) }
                currentSection = nil
                inPartnerList = true
                continue
            }
            if FactSheetParser.isHeading(trimmedText) {
                if let section = currentSection { sheet.sections.append(section) }
                currentSection = FactSheet.Section(heading: FactSheetParser.trimmed(line), paragraphs: [])
                inPartnerList = false
                continue
            }
            inPartnerList = false
            if currentSection != nil {
                currentSection?.paragraphs.append(FactSheetParser.trimmed(line))
            } else {
                sheet.description.append(FactSheetParser.trimmed(line))
            }
        }
        if let section = currentSection { sheet.sections.append(section) }
        sheet.acronymVariants = FactSheetParser.variants(of: sheet.acronym?.value, in: text)
        return sheet
    }

    /// The result paragraphs: those under headings that speak of results.
    public static func results(of sheet: FactSheet) -> [Located<String>] {
        sheet.sections.filter { section in
            let heading = section.heading.value.lowercased()
            return FactSheetField.resultWords.contains { heading.contains($0) }
        }.flatMap(\.paragraphs)
    }

    // MARK: Fields

    private func record(_ field: FactSheetField, value: Located<String>, line: Int, into sheet: inout FactSheet) throws(FactSheetError) {
        let text = value.value
        let isEmpty = text.allSatisfy { $0.isWhitespace || $0.isPunctuation }
        sheet.fields[field] = value
        if isEmpty {
            sheet.emptyFields.append(Located(value: field, quote: value.quote, range: value.range))
            return
        }
        do {
            switch field {
            case .period:
                sheet.period = Located(value: try EuropeanNumber.period(text), quote: value.quote, range: value.range)
            case .totalBudget:
                sheet.totalBudget = Located(value: try EuropeanNumber.money(text), quote: value.quote, range: value.range)
            case .funding:
                sheet.funding = Located(value: try EuropeanNumber.money(text), quote: value.quote, range: value.range)
            case .coFinancingRate:
                sheet.coFinancingRate = Located(value: try EuropeanNumber.percentage(text), quote: value.quote, range: value.range)
            case .partnerCount, .countryCount:
                guard text.allSatisfy(\.isASCIIDigitCharacter), let count = Int(text) else {
                    throw EuropeanNumber.Malformed(text: text, expected: "a whole number")
                }
                let located = Located(value: count, quote: value.quote, range: value.range)
                if field == .partnerCount { sheet.partnerCount = located } else { sheet.countryCount = located }
            case .categories:
                sheet.categories = text.split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            case .homepage:
                sheet.homepage = value
            case .status, .programme, .role:
                break
            }
        } catch {
            throw FactSheetError(line: line, message: "\(field.rawValue): \(error)")
        }
    }

    /// The field of a `Label: value` line and the scalar range of the value within the line.
    private func label(of line: Line) -> (FactSheetField, Range<Int>)? {
        if FactSheetParser.isBullet(line) { return nil }
        let scalars = Array(line.text.unicodeScalars)
        guard let colon = scalars.firstIndex(of: ":"), colon <= 40 else { return nil }
        var labelText = ""
        labelText.unicodeScalars.append(contentsOf: scalars[..<colon])
        guard let field = FactSheetField.named(labelText) else { return nil }
        return (field, (colon + 1)..<scalars.count)
    }

    private func partner(from line: Line) -> Located<FactSheet.Partner> {
        var item = FactSheetParser.trimmed(line)
        let scalars = Array(item.value.unicodeScalars)
        var skip = 1
        while skip < scalars.count, scalars[skip].properties.isWhitespace { skip += 1 }
        var name = String(String.UnicodeScalarView(scalars[skip...]))
        var isLead = false
        let lowered = name.lowercased()
        if let marker = FactSheetField.leadMarkers.first(where: { lowered.hasPrefix($0) }) {
            isLead = true
            name = String(name.unicodeScalars.dropFirst(marker.unicodeScalars.count)).trimmingWhitespace
        }
        item.value = name
        return Located(value: FactSheet.Partner(name: name, isLead: isLead), quote: item.quote, range: item.range)
    }

    private func nextNonBlank(_ lines: [Line], after index: Int) -> Int? {
        var next = index + 1
        while next < lines.count {
            if !lines[next].isBlank { return next }
            next += 1
        }
        return nil
    }

    // MARK: Text helpers

    private static func lines(of text: String) -> [Line] {
        var lines: [Line] = []
        var current = ""
        var start = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lines.append(Line(number: lines.count + 1, text: current, range: start..<offset))
                current = ""
                start = offset + 1
            } else if scalar != "\r" {
                current.unicodeScalars.append(scalar)
            }
            offset += 1
        }
        lines.append(Line(number: lines.count + 1, text: current, range: start..<offset))
        return lines
    }

    private static func isBullet(_ line: Line) -> Bool {
        guard let first = line.text.trimmingWhitespace.first else { return false }
        return bullets.contains(first)
    }

    /// A short line without closing punctuation that introduces the text below it.
    private static func isHeading(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return text.unicodeScalars.count <= 60 && !".:;,!?".contains(last)
    }

    /// The line's text without surrounding white space, located.
    private static func trimmed(_ line: Line) -> Located<String> {
        located(in: line, scalarRange: 0..<line.text.unicodeScalars.count)
    }

    /// The part of a line between two scalar offsets of the line, trimmed and located in the document.
    private static func located(in line: Line, scalarRange: Range<Int>) -> Located<String> {
        let scalars = Array(line.text.unicodeScalars)[scalarRange]
        var lower = scalars.startIndex
        var upper = scalars.endIndex
        while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
        while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
        let value = String(String.UnicodeScalarView(scalars[lower..<upper]))
        // A value-less field is cited by its whole line, label included.
        if value.isEmpty || value.allSatisfy({ $0.isPunctuation }) {
            let whole = line.text.trimmingWhitespace
            let leading = line.text.unicodeScalars.prefix { $0.properties.isWhitespace }.count
            let start = line.range.lowerBound + leading
            return Located(value: value, quote: whole, range: start..<(start + whole.unicodeScalars.count))
        }
        let start = line.range.lowerBound + lower
        return Located(value: value, quote: value, range: start..<(line.range.lowerBound + upper))
    }

    /// Occurrences of `acronym` written with look-alike characters (l or 1 for I, 0 for O).
    private static func variants(of acronym: String?, in text: String) -> [Located<String>] {
        guard let acronym, acronym.unicodeScalars.count >= 3 else { return [] }
        let scalars = Array(text.unicodeScalars)
        let target = Array(normalise(acronym).unicodeScalars)
        let length = target.count
        guard length <= scalars.count else { return [] }
        var found: [Located<String>] = []
        var index = 0
        while index + length <= scalars.count {
            // Most positions cannot begin a variant: ruled out from their first scalar before any string is made
            // (that was most of a cold start's fact-sheet parsing).
            guard FactSheetParser.mayBegin(target[0], scalars[index]) else {
                index += 1
                continue
            }
            let window = String(String.UnicodeScalarView(scalars[index..<(index + length)]))
            let before = index == 0 ? " " : scalars[index - 1]
            let after = index + length == scalars.count ? " " : scalars[index + length]
            if window != acronym, Array(normalise(window).unicodeScalars) == target,
               !before.properties.isAlphabetic, !after.properties.isAlphabetic {
                found.append(Located(value: window, quote: window, range: index..<(index + length)))
                index += length
            } else {
                index += 1
            }
        }
        return found
    }

    /// Whether a window starting with `scalar` may normalise to something starting with `first`: for an ASCII
    /// scalar, its first scalar normalised is its look-alike (`l`, `1`, `|` → `I`, `0` → `O`) or, when it is the
    /// start of a longer character (a combining mark follows), that character upper-cased; any other scalar is
    /// left to the full comparison.
    static func mayBegin(_ first: Unicode.Scalar, _ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return true }
        let upper = scalar.value >= 0x61 && scalar.value <= 0x7A ? Unicode.Scalar(UInt8(scalar.value - 0x20)) : scalar
        let lookAlike: Unicode.Scalar = switch scalar {
        case "l", "1", "|": "I"
        case "0": "O"
        default: upper
        }
        return first == upper || first == lookAlike
    }

    static func normalise(_ text: String) -> String {
        text.map { character -> String in
            switch character {
            case "l", "1", "|", "ı": "I"
            case "0": "O"
            default: character.uppercased()
            }
        }.joined()
    }
}
