/// Something a reader did on a guess that the user should know about, such as reading a file as Windows-1252.
public struct ImportWarning: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation?
    public var message: String

    public init(file: String, location: SourceLocation? = nil, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        if let location { "\(file), \(location): \(message)" } else { "\(file): \(message)" }
    }
}
