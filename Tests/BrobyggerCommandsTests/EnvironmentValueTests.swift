@testable import BrobyggerCommands
import HTTPServer
import Testing

/// A setting comes from the flag, else the environment, else the default.
@Suite struct EnvironmentValueTests {
    @Test func theFlagWinsOverTheEnvironment() throws {
        let value = try EnvironmentValue.resolve(7, "PORT", default: 8080, environment: ["PORT": "9000"]) { Int($0) }
        #expect(value == 7)
    }

    @Test func theEnvironmentWinsOverTheDefault() throws {
        let value = try EnvironmentValue.resolve(nil, "PORT", default: 8080, environment: ["PORT": "9000"]) { Int($0) }
        #expect(value == 9000)
    }

    @Test func anEmptyOrMissingVariableLeavesTheDefault() throws {
        #expect(try EnvironmentValue.resolve(nil, "PORT", default: 8080, environment: ["PORT": ""]) { Int($0) } == 8080)
        #expect(try EnvironmentValue.resolve(nil, "PORT", default: 8080, environment: [:]) { Int($0) } == 8080)
    }

    @Test func aMalformedVariableIsAnErrorNamingIt() {
        #expect {
            try EnvironmentValue.resolve(nil, "PORT", default: 8080, environment: ["PORT": "eighty"]) { Int($0) }
        } throws: { error in
            "\(error)".contains("PORT=eighty")
        }
    }

    @Test func aMalformedFlagIsNotReadFromTheEnvironment() throws {
        // The flag was given, so a broken environment value does not matter.
        let value = try EnvironmentValue.resolve(7, "PORT", default: 8080, environment: ["PORT": "eighty"]) { Int($0) }
        #expect(value == 7)
    }

    @Test func serverDurationsComeFromTheEnvironmentWithUnits() throws {
        let options = try ServerLimitOptions.parse([])
        let configured = try options.apply(to: ServerConfiguration(), environment: ["IDLE_TIMEOUT": "250ms", "HEADER_TIMEOUT": "2m"])
        #expect(configured.idleTimeout == .milliseconds(250))
        #expect(configured.headerTimeout == .seconds(120))
        #expect(configured.bodyDeadline == ServerConfiguration().bodyDeadline)
    }

    @Test func aServerFlagWinsOverItsVariable() throws {
        let options = try ServerLimitOptions.parse(["--idle-timeout", "3s", "--workers", "5"])
        let configured = try options.apply(to: ServerConfiguration(), environment: ["IDLE_TIMEOUT": "250ms", "WORKERS": "9"])
        #expect(configured.idleTimeout == .seconds(3))
        #expect(configured.workerCount == 5)
    }

    @Test func importsHaveABodyLimitOfTheirOwnInMegabytes() throws {
        let defaults = try ServerLimitOptions.parse([]).apply(to: ServerConfiguration(), environment: [:])
        #expect(defaults.limits.maxBodySize(forPath: "/v1/imports") == 64 * 1024 * 1024)
        #expect(defaults.limits.maxBodySize(forPath: "/v1/projects") == ParserLimits().maxBodySize)
        let fromEnvironment = try ServerLimitOptions.parse([]).apply(to: ServerConfiguration(), environment: ["IMPORT_BODY_LIMIT_MB": "512"])
        #expect(fromEnvironment.limits.maxBodySize(forPath: "/v1/imports") == 512 * 1024 * 1024)
        let flag = try ServerLimitOptions.parse(["--import-body-limit-mb", "2"]).apply(to: ServerConfiguration(), environment: ["IMPORT_BODY_LIMIT_MB": "512"])
        #expect(flag.limits.maxBodySize(forPath: "/v1/imports") == 2 * 1024 * 1024)
        #expect(throws: (any Error).self) {
            try ServerLimitOptions.parse(["--import-body-limit-mb", "0"]).apply(to: ServerConfiguration(), environment: [:])
        }
        #expect(throws: (any Error).self) {
            try ServerLimitOptions.parse([]).apply(to: ServerConfiguration(), environment: ["IMPORT_BODY_LIMIT_MB": String(Int.max)])
        }
    }

    @Test func aMalformedServerVariableIsRefused() throws {
        let options = try ServerLimitOptions.parse([])
        #expect(throws: ConfigurationError.self) {
            try options.apply(to: ServerConfiguration(), environment: ["IDLE_TIMEOUT": "soon"])
        }
        #expect(throws: (any Error).self) {
            try options.apply(to: ServerConfiguration(), environment: ["WORKERS": "0"])
        }
    }
}
