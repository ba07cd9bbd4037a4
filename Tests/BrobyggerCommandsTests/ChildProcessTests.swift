import Foundation
import Testing
import TestSupport

/// The way the tests start programs: with a thousand descriptors open (as when the suite's servers and clients
/// all run at once, where Foundation's `Process` read past its buffer), and without handing the child any
/// descriptor of the tests.
@Suite struct ChildProcessTests {
    @Test func aChildStartsWithAThousandDescriptorsOpenAndInheritsNoneOfThem() throws {
        var limit = rlimit()
        getrlimit(Self.openFiles, &limit)
        if limit.rlim_cur < 4_096 {
            limit.rlim_cur = min(4_096, limit.rlim_max)
            setrlimit(Self.openFiles, &limit)
        }
        // Opened without close-on-exec, so that only the child's start can keep them from it.
        let opened = (0..<1_200).map { _ in open("/dev/null", O_RDONLY) }
        defer { opened.filter { $0 >= 0 }.forEach { close($0) } }
        #expect(opened.allSatisfy { $0 >= 0 }, "could not open 1,200 descriptors: raise the open-file limit")

        let shell = try ExternalProcess.locate("sh")
        let result = try ExternalProcess.run(shell, ["-c", "ls /proc/self/fd; exit 3"])
        #expect(result.status == 3)
        // 0, 1 and 2, and the directory `ls` reads.
        let descriptors = result.stdout.split(separator: "\n").compactMap { Int($0) }
        #expect(descriptors.count == 4 && descriptors.prefix(3) == [0, 1, 2], "\(descriptors)")
    }

    private static let openFiles = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)

    @Test func aChildEndedByASignalTellsTheSignal() throws {
        let child = try ChildProcess(try ExternalProcess.locate("sleep"), ["30"])
        child.signal(SIGKILL)
        #expect(child.wait(timeout: .seconds(10)))
        #expect(child.wasSignalled && child.terminationStatus == SIGKILL)
    }
}
