/// Where and as whom to connect, parsed from a `postgres://user[:password]@host[:port]/database` URL (the form
/// of `DATABASE_URL`), with a clear error for anything malformed.
///
/// The host may be a directory holding the server's Unix-domain socket, percent-encoded as libpq reads it
/// (`postgres://app@%2Fvar%2Frun%2Fpostgresql:5432/registry`): on the database's own machine that skips the TCP
/// stack, which costs the server and the client more than many a query.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    /// A host name or address, or an absolute path: the directory of the server's Unix-domain socket.
    public var host: String
    public var port: Int
    public var database: String
    /// The connection options the URL's query may set: `sslmode`, `connect_timeout` and `application_name`,
    /// passed to libpq as they are, and `response_timeout` (``responseTimeout``).
    public var options: [String: String]

    /// The query options accepted; anything else is more likely a typo than a wish, so it is refused.
    static let knownOptions: Set<String> = ["sslmode", "connect_timeout", "application_name", "response_timeout"]

    /// How long a statement on a pool's connection waits for the server's answer
    /// (``PostgresConnection/responseTimeout``): the `response_timeout` option in seconds (decimals allowed,
    /// `0` for no limit), 30 seconds without it.
    public var responseTimeout: Duration? {
        guard let text = options["response_timeout"] else { return .seconds(30) }
        guard let seconds = Double(text), seconds > 0 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    public init(
        user: String, password: String? = nil, host: String, port: Int = 5432, database: String,
        options: [String: String] = [:]
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.options = options
    }

    /// Parses a URL such as `postgres://app:secret@db.example:5432/registry?sslmode=require`.
    public init(parsing text: String) throws(PostgresError) {
        func invalid(_ reason: String) -> PostgresError {
            PostgresError(.invalidURL, "invalid PostgreSQL URL: \(reason); expected postgres://user[:password]@host[:port]/database")
        }
        var rest = Substring(text)
        guard let schemeEnd = rest.range(of: "://") else { throw invalid("no scheme") }
        guard ["postgres", "postgresql"].contains(rest[..<schemeEnd.lowerBound].lowercased()) else {
            throw invalid("the scheme must be postgres or postgresql")
        }
        rest = rest[schemeEnd.upperBound...]
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw invalid("no database name") }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        guard let database = Self.percentDecoded(path), !database.isEmpty, !database.contains("/") else {
            throw invalid("no database name, or a malformed one")
        }
        guard let at = authority.lastIndex(of: "@") else { throw invalid("no user name") }
        let userInfo = authority[..<at]
        var hostPort = authority[authority.index(after: at)...]
        var password: String?
        var userPart = userInfo
        if let colon = userInfo.firstIndex(of: ":") {
            userPart = userInfo[..<colon]
            guard let decoded = Self.percentDecoded(userInfo[userInfo.index(after: colon)...]) else {
                throw invalid("malformed percent-encoding in the password")
            }
            password = decoded
        }
        guard let user = Self.percentDecoded(userPart), !user.isEmpty else { throw invalid("no user name") }
        var port = 5432
        var host: String
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("an IPv6 host without its closing ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            hostPort = hostPort[hostPort.index(after: close)...]
            if !hostPort.isEmpty {
                guard hostPort.hasPrefix(":") else { throw invalid("text after the IPv6 host") }
                port = try Self.port(hostPort.dropFirst(), invalid)
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            port = try Self.port(hostPort[hostPort.index(after: colon)...], invalid)
        } else {
            host = String(hostPort)
        }
        if host.lowercased().hasPrefix("%2f") {
            guard let directory = Self.percentDecoded(Substring(host)), directory.hasPrefix("/"), !directory.contains("\0") else {
                throw invalid("malformed percent-encoding in the socket directory")
            }
            host = directory
        } else {
            guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_:%".contains($0) }) else {
                throw invalid("no host, or a malformed one")
            }
        }
        var options: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = Self.percentDecoded(parts[0]), let value = Self.percentDecoded(parts[1]) else {
                throw invalid("malformed query option '\(pair)'")
            }
            guard Self.knownOptions.contains(name) else {
                throw invalid("unknown option '\(name)' (known: \(Self.knownOptions.sorted().joined(separator: ", ")))")
            }
            if name == "response_timeout", Double(value).map({ $0 >= 0 && $0.isFinite }) != true {
                throw invalid("response_timeout must be a number of seconds (0 for no limit), not '\(value)'")
            }
            options[name] = value
        }
        self.init(user: user, password: password, host: host, port: port, database: database, options: options)
    }

    /// The URL with the password left out, for logs and error messages.
    public var description: String {
        let credentials = password == nil ? user : "\(user):***"
        let hostText = isSocketDirectory ? Self.percentEncodedPath(host) : host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(hostText):\(port)/\(database)"
    }

    /// The keyword/value pairs libpq's `PQconnectdbParams` takes.
    var connectionParameters: [(String, String)] {
        var parameters = [
            ("host", host), ("port", String(port)), ("dbname", database), ("user", user),
            ("client_encoding", "UTF8"), ("application_name", "brobygger"),
            // A server that does not answer must fail the checkout, not hang a worker.
            ("connect_timeout", "5"), ("keepalives", "1"), ("keepalives_idle", "30"),
        ]
        if let password { parameters.append(("password", password)) }
        for (name, value) in options.sorted(by: { $0.key < $1.key }) where name != "response_timeout" {
            parameters.removeAll { $0.0 == name }
            parameters.append((name, value))
        }
        return parameters
    }

    /// Whether ``host`` names the directory of a Unix-domain socket rather than a machine.
    public var isSocketDirectory: Bool { host.hasPrefix("/") }

    /// A path with every byte but letters, digits and `-._~` percent-encoded, as a URL's host carries it.
    private static func percentEncodedPath(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        for byte in path.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".utf8.contains(byte) {
                text.append(byte)
            } else {
                text += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func port(_ text: Substring, _ invalid: (String) -> PostgresError) throws(PostgresError) -> Int {
        guard text.allSatisfy(\.isASCII), let port = Int(text), (1...65535).contains(port) else {
            throw invalid("the port '\(text)' is not a number from 1 to 65535")
        }
        return port
    }

    /// Decodes %XX escapes; nil for a malformed escape or bytes that are not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
