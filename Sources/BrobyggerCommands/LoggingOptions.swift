import ArgumentParser
import Foundation
import Logging

/// Log level and format, shared by the sub-commands that log.
struct LoggingOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// One JSON object per line: the default when standard output is not a terminal (containers).
        case json
        /// Human-readable lines: the default on a terminal.
        case text
    }

    @Option(name: .customLong("log-level"),
            help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL; default info).")
    var level: Logger.Level?

    @Option(name: .customLong("log-format"),
            help: "json or text (env LOG_FORMAT; default json unless standard output is a terminal).")
    var format: Format?

    @Flag(name: .customLong("access-log"), inversion: .prefixedNo,
          help: "Log one line per request (env ACCESS_LOG=true|false; default on).")
    var accessLogFlag: Bool?

    var accessLog: Bool {
        accessLogFlag ?? EnvironmentValue.string("ACCESS_LOG").map { ["1", "true", "yes", "on"].contains($0.lowercased()) } ?? true
    }

    func makeLogger(label: String) throws -> Logger {
        let level = try EnvironmentValue.resolve(level, "LOG_LEVEL", default: .info) { Logger.Level(rawValue: $0) }
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let format = try EnvironmentValue.resolve(format, "LOG_FORMAT", default: isTerminal ? .text : .json) {
            Format(rawValue: $0)
        }
        var logger = Logger(label: label) { label in
            switch format {
            case .json: JSONLogHandler(label: label)
            case .text: TextLogHandler(label: label)
            }
        }
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
