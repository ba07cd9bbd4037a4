import ArgumentParser
@testable import BrobyggerCommands
import Testing

/// Durations as operators write them on the command line and in the environment.
@Suite struct DurationArgumentTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)),
        ("10s", .seconds(10)),
        ("2m", .seconds(120)),
        ("1h", .seconds(3600)),
        ("1.5", .milliseconds(1500)),
        ("0", .zero),
        ("0.25s", .milliseconds(250)),
        ("1.5m", .seconds(90)),
    ])
    func unitsScaleTheNumber(text: String, expected: Duration) {
        #expect(DurationArgument.parse(text) == expected)
        #expect(DurationArgument(argument: text)?.duration == expected)
    }

    @Test(arguments: ["", "ms", "s", "abc", "10x", "-1s", "-5", "10 s", " 10s", "1e400", "inf", "nan", "nans", "1,5s", "10sec", "5d"])
    func malformedDurationsAreRefused(text: String) {
        #expect(DurationArgument.parse(text) == nil)
        #expect(DurationArgument(argument: text) == nil)
    }

    @Test func aMalformedDurationFlagStopsParsing() {
        #expect(throws: (any Error).self) { try ServerLimitOptions.parse(["--idle-timeout", "soon"]) }
    }

    @Test func fractionalMillisecondsKeepMicroseconds() {
        #expect(Duration.milliseconds(1500).fractionalMilliseconds == 1500)
        #expect(Duration.microseconds(1234).fractionalMilliseconds == 1.234)
        #expect(Duration.nanoseconds(1_234_567).fractionalMilliseconds == 1.235)
        #expect(Duration.seconds(2).fractionalMilliseconds == 2000)
    }
}
