import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// A revision's body goes out in batches, each sent while the next is split: a failure in any
/// batch (read only when the next one is ready) still names its own statement and rolls back
/// everything the earlier batches did.
@Suite(.requiresDatabase, .serialized) struct BatchedApplyTests {
    static func script(failingAt failing: Int?) -> String {
        var text = "CREATE TABLE negentropy.scratch (id integer PRIMARY KEY, note text);\n"
        for row in 1...9 {
            if row == failing {
                text += "INSERT INTO negentropy.scratch VALUES (\(row), 'ä' || nope);\n"
            } else {
                text += "INSERT INTO negentropy.scratch VALUES (\(row), 'row ä -- \(row)') -- trailing comment\n;\n"
            }
        }
        return text
    }

    @Test(arguments: [1, 2, 3, 64])
    func everyBatchSizeRunsTheWholeBody(batchSize: Int) throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        _ = try bundle.handWritten(message: "rows", up: Self.script(failingAt: nil), down: "DROP TABLE negentropy.scratch;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database) { $0.pipelineBatchSize = batchSize }
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*), sum(id) FROM negentropy.scratch") == [["9", "45"]])
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
        }
    }

    @Test(arguments: [1, 2, 3, 64])
    func aFailureInALaterBatchNamesItsLineAndRollsBackEarlierBatches(batchSize: Int) throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(
            message: "rows", up: Self.script(failingAt: 7), down: "DROP TABLE negentropy.scratch;\n")
        try TestDatabase.with { database in
            var caught: ApplyFailure?
            do { try apply(bundle, to: .head, on: database) { $0.pipelineBatchSize = batchSize } } catch let error as ApplyFailure {
                caught = error
            }
            let failure = try #require(caught)
            // Statement 8 (the 7th INSERT) starts on line 14; `nope` is at its 50th character.
            #expect(failure.message == "42703: column \"nope\" does not exist", "\(failure)")
            #expect(failure.location?.file.hasSuffix(entry.up.file) == true, "\(failure)")
            #expect(failure.location?.line == 14 && failure.location?.column == 50, "\(failure)")
            let connection = try database.connect()
            #expect(try versionRows(connection) == [bundle.chain[0].id])
            #expect(try connection.query("SELECT to_regclass('negentropy.scratch') IS NULL") == [["t"]])
        }
    }
}
