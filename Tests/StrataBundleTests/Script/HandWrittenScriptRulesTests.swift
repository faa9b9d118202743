import Foundation
import Testing

@testable import StrataBundle
@testable import StrataCore

/// What a hand-written script may hold: pg_dump's `\restrict` fences, no other meta-command, no
/// transaction control, no COPY to the client; and the release script's session reset.
@Suite struct HandWrittenScriptRulesTests {
    @Test func pgDumpFencesAreSkippedAndTheirLinesRecorded() throws {
        let script = "-- dump\n\\restrict Ab12Cd\n\nSET x = 1;\nSELECT 1;\n\n\\unrestrict Ab12Cd  \n"
        var splitter = StatementSplitter()
        var events = try splitter.feed(Array(script.utf8))
        events += try splitter.finish()
        #expect(events == [
            .statement(ScriptStatement(text: "SET x = 1", startLine: 4, startOffset: 26)),
            .statement(ScriptStatement(text: "SELECT 1", startLine: 5, startOffset: 37)),
        ])
        #expect(splitter.skippedMetaCommandLines == [2, 7])
        // Fed a byte at a time, the same.
        #expect(try splitInChunks(Array(script.utf8), chunkSize: 1).count == 2)
    }

    @Test(arguments: [
        ("select 1;\n\\set x 1\n", "\\set"), ("select 'x' \\; select 'y';", "\\;"), ("\\connect other\n", "\\connect"),
        ("\\i other.sql", "\\i"), ("select 1 \\restrict k\n", "\\restrict"), ("\\restrict\n", "\\restrict"),
        ("\\unrestrict a b\n", "\\unrestrict"),
    ])
    func otherMetaCommandsAreRefusedByName(script: String, command: String) throws {
        let error = try #require(throws: ScriptError.self) { try StatementSplitter.split(script) }
        #expect(error.message.hasPrefix("psql meta-command \(command) "), "\(error.message)")
    }

    @Test func copyToTheClientIsFlaggedAndRefused() throws {
        let statements = try StatementSplitter.statements(
            in: "COPY t TO STDOUT;\nCOPY (SELECT 'to', 1) TO stdout WITH (FORMAT csv);\nCOPY t TO '/tmp/x';\nSELECT 'to stdout';\n")
        #expect(statements.map(\.isCopyToStdout) == [true, true, false, false])
        // PostgreSQL reads STDIN and STDOUT alike as the client: TO STDIN sends rows to it, and
        // FROM STDOUT takes its data from the script as FROM STDIN does (psql reads it there too).
        let swapped = try StatementSplitter.statements(
            in: "copy t to stdin;\nCOPY t FROM STDOUT;\nx\n\\.\nSELECT 1;\n")
        #expect(swapped.map(\.isCopyToStdout) == [true, false, false])
        #expect(swapped.map(\.isCopyFromStdin) == [false, true, false])
        let summary = ScriptSummary.of(Array("SELECT 1;\ncopy (select 1) to stdout;\n".utf8))
        let refusal = try #require(summary.transactionControl)
        #expect(refusal.line == 2)
        #expect(refusal.message.hasPrefix("COPY ... TO STDOUT is not allowed in a revision script"))
    }

    @Test func transactionControlHintSuggestsTheMarkerOnlyWhereItHelps() throws {
        let plain = try #require(ScriptSummary.of(Array("BEGIN;\nUPDATE t SET a = 1;\nCOMMIT;\n".utf8)).transactionControl)
        #expect(plain.line == 1)
        #expect(plain.message.contains("Delete the line"))
        #expect(!plain.message.contains(noTransactionMarker))
        let commit = try #require(ScriptSummary.of(Array("UPDATE t SET a = 1;\nCOMMIT;\n".utf8)).transactionControl)
        #expect(commit.message.contains("strata compile --empty"))
        #expect(!commit.message.contains(noTransactionMarker))
        let index = try #require(
            ScriptSummary.of(Array("UPDATE t SET a = 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);\n".utf8))
                .transactionControl)
        #expect(index.line == 2)
        #expect(index.message.contains("put `\(noTransactionMarker)` on the line above it"))
    }

    @Test func releaseScriptResetsTheSessionAfterEachRevisionAndCommentsOutTheFences() throws {
        let directory = try Fixtures.temporaryDirectory()
        let store = BundleStore(directory: directory)
        let first = Fixtures.revision(
            position: 1, parent: nil, message: "init", tables: ["a"],
            upBody: "\\restrict K3y\nCREATE TABLE negentropy.a (id uuid NOT NULL);\n\\unrestrict K3y\n")
        try store.append(first)
        try store.append(Fixtures.revision(position: 2, parent: first.id, message: "b", tables: ["a", "b"]))
        let bundle = try MigrationBundle.load(at: directory)
        let script = try ReleaseScript.render(
            bundle: bundle, from: nil, to: try bundle.revision(named: "0002"), fileName: "release.sql")
        #expect(script.contains("\n-- \\restrict K3y\nCREATE TABLE negentropy.a (id uuid NOT NULL);\n-- \\unrestrict K3y\n"))
        #expect(!script.contains("\n\\restrict"))
        let reset = "COMMIT;\n-- Back to the session every revision starts from (a revision's SET must not reach the next).\n"
            + "RESET ALL;\nRESET SESSION AUTHORIZATION;\nRESET ROLE;\n"
        #expect(script.components(separatedBy: reset).count == 3)
    }
}
