import Foundation

/// Reads a setting from the environment, for options not given on the command line.
///
/// Every reader takes the environment as a value (the process's by default), so the precedence of flag,
/// variable and default can be checked without changing the process's environment.
enum EnvironmentValue {
    typealias Environment = [String: String]

    /// The process's environment.
    static var process: Environment { ProcessInfo.processInfo.environment }

    /// The variable's value; an empty one counts as unset.
    static func string(_ name: String, environment: Environment = process) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// A setting from the flag, else the environment variable, else the default; a malformed environment
    /// value is an error naming the variable.
    static func resolve<Value>(
        _ flag: Value?,
        _ name: String,
        default defaultValue: Value,
        environment: Environment = process,
        parse: (String) -> Value?
    ) throws -> Value {
        if let flag { return flag }
        guard let raw = string(name, environment: environment) else { return defaultValue }
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
