import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// Revisions that mix transactional statements with `-- strata:no-transaction` ones run as
/// [prefix][body][suffix], so a failure anywhere leaves something a plain retry finishes.
@Suite(.requiresDatabase, .serialized) struct RetrySafetyTests {
    /// v3 plus an enum value (prefix), an added column and a NOT NULL that fails on a NULL row (body;
    /// `online: false`, or the NOT NULL would be validated after the body, in the suffix).
    static let v4 = Schemas.v3
        .replacingOccurrences(of: "  name: negentropy\n", with: "  name: negentropy\n  online: false\n")
        .replacingOccurrences(of: "memory_kind: [episodic, semantic]", with: "memory_kind: [episodic, semantic, procedural]")
        .replacingOccurrences(
            of: "archived: { type: boolean, nullable: false, default: \"false\" }",
            with: "archived: { type: boolean, nullable: false, default: \"false\" }\n"
                + "      pinned: { type: boolean, nullable: false, default: \"false\" }")
        .replacingOccurrences(of: "embedding: vector(3)", with: "embedding: { type: vector(3), nullable: false }")

    /// v3 plus a column (the body) and a unique index built concurrently (the suffix). A revision
    /// of concurrent builds alone has no body: it is all prefix, and a failure leaves the previous
    /// revision.
    static let v4Unique = ApplyConcurrencyTests.withConcurrentIndex.replacingOccurrences(
        of: "archived: { type: boolean, nullable: false, default: \"false\" }",
        with: "archived: { type: boolean, nullable: false, default: \"false\" }\n      pinned: boolean")

    @Test func aBodyFailureAfterThePrefixLeavesThePreviousRevisionAndARetrySucceeds() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let entry = try bundle.compile(Self.v4, message: "procedural, pinned, embeddings required")
        let script = try String(contentsOf: bundle.directory.appendingPathComponent(entry.up.file), encoding: .utf8)
        let prefix = try #require(script.range(of: "-- strata:no-transaction\nALTER TYPE negentropy.memory_kind ADD VALUE"))
        let pinned = try #require(script.range(of: "ADD COLUMN pinned"))
        #expect(prefix.lowerBound < pinned.lowerBound)
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0003"), on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO negentropy.memories (content) VALUES ('no embedding')")
            do {
                try apply(bundle, to: .head, on: database)
                Issue.record("SET NOT NULL over a NULL must fail")
            } catch let failure as ApplyFailure {
                #expect(failure.description.contains("\(entry.up.file):"))
                #expect(failure.description.contains("was rolled back: the database is still at \(bundle.chain[2].id)"))
                #expect(failure.description.contains("its prefix, run alone before the transaction, is safe to repeat"))
            }
            // The previous revision: its rows, and none of the body (the prefix's label is harmless).
            #expect(try versionRows(connection) == bundle.chain.prefix(3).map(\.id))
            #expect(try connection.query(
                "SELECT count(*) FROM pg_attribute WHERE attrelid = 'negentropy.threads'::regclass AND attname = 'pinned'")
                == [["0"]])

            _ = try connection.execute("UPDATE negentropy.memories SET embedding = '[1,2,3]'")
            try apply(bundle, to: .head, on: database)
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
            #expect(try connection.query("SELECT complete FROM negentropy.strata_version ORDER BY position")
                == [["t"], ["t"], ["t"], ["t"]])
            #expect(try connection.query("SELECT enum_range(NULL::negentropy.memory_kind)::text")
                == [["{episodic,semantic,procedural}"]])
        }
    }

    @Test func aFailedSuffixIsRecordedIncompleteAndTheNextApplyResumesIt() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let entry = try bundle.compile(Self.v4Unique, message: "unique content")
        let script = try String(contentsOf: bundle.directory.appendingPathComponent(entry.up.file), encoding: .utf8)
        #expect(script.hasSuffix(
            "-- strata:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_memories_content "
                + "ON negentropy.memories USING btree (content);\n"))
        let out = bundle.directory.path
        try TestDatabase.with { database in
            let url = ["--url", database.url]
            try apply(bundle, to: .revision("0003"), on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO negentropy.memories (content) VALUES ('same'), ('same')")
            do {
                try apply(bundle, to: .head, on: database)
                Issue.record("a unique index over duplicates must fail")
            } catch let failure as ApplyFailure {
                #expect(failure.description.contains("\(entry.up.file):"))
                #expect(failure.description.contains("23505"))
                #expect(failure.description.contains("recorded as applied but incomplete"))
                #expect(failure.description.contains("uq_memories_content INVALID"))
                #expect(failure.description.contains("run `strata apply`: it resumes \(entry.id) first"))
            }
            // Recorded, incomplete; the index is left INVALID.
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
            #expect(try connection.query("SELECT revision, complete FROM negentropy.strata_version WHERE NOT complete")
                == [[entry.id, "f"]])
            #expect(try connection.query(
                "SELECT indisvalid FROM pg_index WHERE indexrelid = 'negentropy.uq_memories_content'::regclass") == [["f"]])
            #expect(try StatusReport.read(bundle.context(), on: connection).incomplete?.revision == entry.id)
            let status = try StrataBinary.run(strata, ["status", out, "--exit-code"] + url)
            #expect(status.status == 1)
            #expect(status.stdout.contains("Incomplete: \(entry.id)"))
            #expect(status.stdout.contains("Pending: none"))
            let history = try StrataBinary.run(strata, ["history", out] + url)
            #expect(history.stdout.contains("INCOMPLETE"))

            // Dry-run shows the resume, and touches nothing.
            let dry = RecordingObserver()
            try apply(bundle, to: .head, on: database, observer: dry) { $0.dryRun = true }
            #expect(dry.dryRunLines.contains { $0.hasPrefix("-- resume \(entry.id)") })
            #expect(dry.dryRunLines.contains("UPDATE negentropy.strata_version SET complete = true WHERE revision = '\(entry.id)';"))
            #expect(try connection.query("SELECT complete FROM negentropy.strata_version WHERE revision = '\(entry.id)'")
                == [["f"]])

            // Still duplicates: the resume fails the same way and the row stays incomplete.
            #expect(throws: ApplyFailure.self) { try apply(bundle, to: .head, on: database) }
            #expect(try connection.query("SELECT complete FROM negentropy.strata_version WHERE revision = '\(entry.id)'")
                == [["f"]])

            _ = try connection.execute("DELETE FROM negentropy.memories")
            let observer = RecordingObserver()
            try apply(bundle, to: .head, on: database, observer: observer)
            #expect(observer.cleanups.contains { $0.contains("dropped the INVALID index negentropy.uq_memories_content") })
            #expect(observer.cleanups.contains { $0.contains("resumed \(entry.id)") })
            #expect(try connection.query(
                "SELECT indisvalid FROM pg_index WHERE indexrelid = 'negentropy.uq_memories_content'::regclass") == [["t"]])
            #expect(try connection.query("SELECT complete FROM negentropy.strata_version WHERE revision = '\(entry.id)'")
                == [["t"]])
            let drift = try DriftReport.check(bundle.context(), position: 4, on: connection)
            #expect(!drift.hasDrift, "\(drift.lines)")
            let clean = try StrataBinary.run(strata, ["status", out, "--exit-code"] + url)
            #expect(clean.status == 0)
        }
    }

    @Test func anIncompleteRevisionIsResumedBeforeMovingDownFromIt() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let entry = try bundle.compile(Self.v4Unique, message: "unique content")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0003"), on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO negentropy.memories (content) VALUES ('same'), ('same')")
            #expect(throws: ApplyFailure.self) { try apply(bundle, to: .head, on: database) }
            _ = try connection.execute("DELETE FROM negentropy.memories")
            let observer = RecordingObserver()
            try apply(bundle, to: .back(1), on: database, observer: observer)
            #expect(observer.cleanups.contains { $0.contains("resumed \(entry.id)") })
            #expect(try versionRows(connection) == bundle.chain.prefix(3).map(\.id))
            #expect(try connection.query("SELECT to_regclass('negentropy.uq_memories_content') IS NULL") == [["t"]])
            let drift = try DriftReport.check(bundle.context(), position: 3, on: connection)
            #expect(!drift.hasDrift, "\(drift.lines)")
        }
    }

    @Test func stampRefusesToRecordPastAnIncompleteRevision() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let entry = try bundle.compile(Self.v4Unique, message: "unique content")
        try bundle.compile(
            Self.v4Unique.replacingOccurrences(of: "      pinned: boolean", with: "      pinned: boolean\n      note: text"),
            message: "note")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0003"), on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO negentropy.memories (content) VALUES ('same'), ('same')")
            #expect(throws: ApplyFailure.self) { try apply(bundle, to: .head, on: database) }
            do {
                _ = try Stamper(context: bundle.context(), reference: "0005", force: true, lockWait: 0).run(on: connection)
                Issue.record("expected a refusal")
            } catch let failure as ApplyFailure {
                #expect(failure.description.contains("\(entry.id) is recorded as incomplete"))
            }
            #expect(try versionRows(connection) == bundle.chain.prefix(4).map(\.id))
        }
    }

    /// Issue 10 item 9, revised by issue 24 item 1: the down runs in one transaction, the drop of
    /// the index the up built concurrently included, so a failed down strands nothing.
    @Test func theDownOfAConcurrentIndexDropsItInItsTransaction() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let entry = try bundle.compile(Self.v4Unique, message: "unique content")
        let down = try String(contentsOf: bundle.directory.appendingPathComponent(entry.down.file), encoding: .utf8)
        #expect(down.contains("\nDROP INDEX negentropy.uq_memories_content;"))
        #expect(!down.contains("CONCURRENTLY") && !down.contains("strata:no-transaction"))
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let dry = RecordingObserver()
            try apply(bundle, to: .back(1), on: database, observer: dry) { $0.dryRun = true }
            let lines = dry.dryRunLines.filter { !$0.hasPrefix("--") && !$0.isEmpty && !$0.contains("lock_timeout") }
            // No statement outside the transaction: the script's pinned settings are set locally in it.
            let pins = PinnedSettings.settings.map { "SET LOCAL \($0.name) = \($0.value);" }
            #expect(lines == ["BEGIN;"] + pins + [
                "DROP INDEX negentropy.uq_memories_content;",
                "ALTER TABLE negentropy.threads DROP COLUMN pinned;",
                "DELETE FROM negentropy.strata_version WHERE revision = '\(entry.id)';", "COMMIT;",
            ])
            try apply(bundle, to: .back(1), on: database)
            let connection = try database.connect()
            #expect(try connection.query("SELECT to_regclass('negentropy.uq_memories_content') IS NULL") == [["t"]])
            #expect(try versionRows(connection) == bundle.chain.prefix(3).map(\.id))
        }
    }

    @Test func aMarkedStatementInTheMiddleOfTheBodyIsRefusedBeforeAnythingRuns() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(
            message: "backfill and index",
            up: """
                ALTER TABLE negentropy.threads ADD COLUMN n integer;
                -- strata:no-transaction
                CREATE INDEX CONCURRENTLY ix_threads_n ON negentropy.threads (n);
                UPDATE negentropy.threads SET n = 1;
                """,
            down: "ALTER TABLE negentropy.threads DROP COLUMN n;\n")
        try TestDatabase.with { database in
            do {
                try apply(bundle, to: .head, on: database)
                Issue.record("expected a refusal")
            } catch let failure as ApplyFailure {
                #expect(failure.kind == .badInput)
                #expect(failure.description.contains("\(entry.up.file):"))
                #expect(failure.description.contains("[prefix][body][suffix]"))
                #expect(failure.description.contains("Nothing was run."))
            }
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
        }
    }

    @Test func aVersionTableWithoutTheCompleteColumnGainsIt() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0001"), on: database)
            let connection = try database.connect()
            _ = try connection.execute("ALTER TABLE negentropy.strata_version DROP COLUMN complete")
            #expect(try StatusReport.read(bundle.context(), on: connection).incomplete == nil)
            try apply(bundle, to: .head, on: database)
            #expect(try connection.query("SELECT complete FROM negentropy.strata_version ORDER BY position")
                == [["t"], ["t"], ["t"]])
        }
    }
}
