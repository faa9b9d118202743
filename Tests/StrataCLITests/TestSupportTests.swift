import Foundation
import StrataTestSupport
import Testing

/// The shared test support does what the other tests rely on.
@Suite struct TestSupportTests {
    /// A child writing a megabyte to each stream finishes: with pipes read one after the other it
    /// would block on the full stderr pipe while the test waits on stdout.
    @Test func aChildFillingBothStreamsFinishes() throws {
        let result = try ProcessCapture.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "head -c 1000000 /dev/zero | tr '\\0' a >&2; head -c 1000000 /dev/zero | tr '\\0' b; cat"],
            input: "fed on stdin")
        #expect(result.status == 0)
        #expect(result.stderr.utf8.count == 1_000_000)
        #expect(result.stdout.utf8.count == 1_000_000 + "fed on stdin".utf8.count)
        #expect(result.stdout.hasSuffix("bfed on stdin"))
    }

    @Test func scratchDirectoriesLiveUnderTheProcessRoot() throws {
        let directory = try Scratch.directory("support")
        #expect(directory.path.hasPrefix(Scratch.root.path + "/"))
        #expect(FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func aRunnerRemovesItsDirectoryWhenItGoes() throws {
        var runner: StrataRunner? = try StrataRunner()
        let directory = try #require(runner?.directory)
        try runner?.write("a/b.txt", "x")
        runner = nil
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func waitingGivesUpWithWhatItWaitedFor() {
        #expect(throws: WaitTimeout(what: "never")) { try waitUntil("never", within: 0) { false } }
        #expect(throws: Never.self) { try waitUntil("at once") { true } }
    }
}
