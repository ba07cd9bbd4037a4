/// A failure to read an imported file: which file, where in it, and why, in words a person can act on.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why reading failed.
    public enum Reason: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(String)
        case notText
        case invalidEncoding(TextEncoding)
        case unknownEncoding(String)
        case unterminatedQuote(openedAtLine: Int)
        case lineTooLong(limit: Int)
        case invalidJSON(String)
        case valueTooLarge(limit: Int)
        case invalidPath(String)
        case rowsNotFound(path: String)
        case rowsNotAnArray(path: String)
        case notASpreadsheet(String)
        case sheetNotFound(String, available: [String])
        case partTooLarge(part: String, limit: Int)
        case invalidSpreadsheet(String)
        case invalidValue(ValueError)

        public var description: String {
            switch self {
            case .unreadable(let detail): "cannot be read: \(detail)"
            case .notText: "not a text file (it contains NUL bytes); is it a binary or a spreadsheet?"
            case .invalidEncoding(let encoding):
                "not valid \(encoding); give the file's encoding (utf-8, utf-16, windows-1252, latin1)"
            case .unknownEncoding(let name): "unknown encoding \"\(name)\"; use utf-8, utf-16, windows-1252 or latin1"
            case .unterminatedQuote(let line): "a quoted field opened at line \(line) is never closed"
            case .lineTooLong(let limit): "a record longer than \(limit) bytes; is this the right file and delimiter?"
            case .invalidJSON(let detail): "not valid JSON: \(detail)"
            case .valueTooLarge(let limit): "a row or value larger than \(limit) bytes; is this the right file and rows path?"
            case .invalidPath(let detail): "invalid path: \(detail)"
            case .rowsNotFound(let path): "no value at the rows path \"\(path)\""
            case .rowsNotAnArray(let path): "the value at \"\(path)\" is not an array of rows"
            case .notASpreadsheet(let detail): "not an XLSX spreadsheet: \(detail)"
            case .sheetNotFound(let name, let available):
                "no sheet named \"\(name)\"; the sheets are " + available.map { "\"\($0)\"" }.joined(separator: ", ")
            case .partTooLarge(let part, let limit):
                "the part \(part) unpacks to more than \(limit) bytes; refused as a possible zip bomb"
            case .invalidSpreadsheet(let detail): "invalid spreadsheet: \(detail)"
            case .invalidValue(let error): error.description
            }
        }
    }

    /// The file's name as the user gave it.
    public var file: String
    /// Where in the file, when the failure has a place.
    public var location: SourceLocation?
    public var reason: Reason

    public init(file: String, location: SourceLocation? = nil, reason: Reason) {
        self.file = file
        self.location = location
        self.reason = reason
    }

    public var description: String {
        if let location { "\(file), \(location): \(reason)" } else { "\(file): \(reason)" }
    }
}
