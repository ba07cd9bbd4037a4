import Foundation

/// Reads a setting from the process environment, for options given neither on the command line.
enum EnvironmentValue {
    static func string(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// A setting from the flag, else the environment variable, else the default; a malformed environment
    /// value is an error naming the variable.
    static func resolve<Value>(
        _ flag: Value?,
        _ name: String,
        default defaultValue: Value,
        parse: (String) -> Value?
    ) throws -> Value {
        if let flag { return flag }
        guard let raw = string(name) else { return defaultValue }
        guard let value = parse(raw) else {
            throw ConfigurationError("environment variable \(name)=\(raw) is not valid")
        }
        return value
    }
}

/// A configuration value that cannot be used; the message names it.
struct ConfigurationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
