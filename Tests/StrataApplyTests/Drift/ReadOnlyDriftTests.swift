import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// Drift on a server that refuses writes (issue 25 item 5), and each object listed once with
/// where it came from (item 6).
@Suite(.requiresDatabase, .serialized) struct ReadOnlyDriftTests {
    /// The hand changes of the second comparison: a column, a default, a dropped index.
    static let handChanges = """
        ALTER TABLE negentropy.threads ADD COLUMN extra integer DEFAULT 7;
        ALTER TABLE negentropy.memories ALTER COLUMN kind SET DEFAULT 'semantic';
        DROP INDEX negentropy.ix_memories_thread
        """

    /// Drift with the database read-only, reprinted on `probe`: the same lines as writable.
    @Test func driftOnAReadOnlyDatabaseEqualsDriftOnItWritable() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let context = try bundle.context()
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            try TestDatabase.with { scratch in
                var writable: [[String]] = []
                var readOnly: [[String]] = []
                for handChanged in [false, true] {
                    if handChanged {
                        let admin = try database.connect()
                        try admin.execute("SET default_transaction_read_only = off")
                        try admin.execute("ALTER DATABASE \(database.name) RESET default_transaction_read_only")
                        let connection = try database.connect()
                        try connection.execute(Self.handChanges)
                    }
                    let connection = try database.connect()
                    writable.append(try DriftReport.check(context, position: 3, on: connection).lines)

                    try connection.execute("ALTER DATABASE \(database.name) SET default_transaction_read_only = on")
                    let reader = try database.connect()
                    #expect(try reader.query("SHOW default_transaction_read_only") == [["on"]])
                    // Without a probe server: refused, exit 2, nothing reported as drift.
                    #expect {
                        _ = try DriftReport.check(context, position: 3, on: reader)
                    } throws: { error in
                        guard let failure = error as? ApplyFailure else { return false }
                        return failure.kind == .badInput && failure.kind.exitCode == 2
                            && failure.message.contains("the server is read-only (default_transaction_read_only)")
                            && failure.message.contains("Pass --probe-url")
                    }
                    let probe = try scratch.connect()
                    readOnly.append(try DriftReport.check(context, position: 3, on: reader, probe: probe).lines)
                    // Nothing stays on the probe server.
                    #expect(try probe.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
                    #expect(try probe.query("SELECT count(*) FROM pg_extension WHERE extname = 'vector'") == [["0"]])
                    #expect(probe.transactionStatus == .idle)
                }
                #expect(writable[0] == [])
                #expect(writable[1] == [
                    "changed column negentropy.memories.kind default: declared 'episodic'::negentropy.memory_kind, live 'semantic'::negentropy.memory_kind",
                    "missing index ix_memories_thread on negentropy.memories",
                    "unexpected column negentropy.threads.extra: integer",
                ])
                #expect(readOnly == writable)
            }
        }
    }

    /// A probe server that has the managed schema already (the primary of a standby) is used as
    /// it is: nothing is created over it, and the comparison is the same.
    @Test func aProbeServerWithTheSchemaAlreadyIsUsedAsItIs() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            try connection.execute(Self.handChanges)
            let probe = try database.connect()
            let lines = try DriftReport.check(bundle.context(), position: 3, on: connection, probe: probe).lines
            #expect(lines == (try DriftReport.check(bundle.context(), position: 3, on: connection).lines))
            #expect(lines.count == 3)
        }
    }

    /// An INVALID index is one line: unexpected with its state, or the state of a declared one.
    @Test func anInvalidIndexIsListedOnce() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            try connection.execute("INSERT INTO negentropy.threads (title) VALUES ('same'), ('same')")
            #expect(throws: PostgresError.self) {
                try connection.execute("CREATE UNIQUE INDEX CONCURRENTLY threads_title_uidx ON negentropy.threads (title)")
            }
            // A declared index left INVALID (as a failed concurrent rebuild leaves it).
            try connection.execute(
                "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'negentropy.ix_memories_thread'::regclass")
            let report = try DriftReport.check(bundle.context(), position: 3, on: connection)
            #expect(report.lines == [
                "changed index ix_memories_thread on negentropy.memories validity: declared valid, live INVALID (left by a failed concurrent build)",
                "unexpected index threads_title_uidx on negentropy.threads: UNIQUE USING btree (title) INVALID (left by a failed concurrent build)",
            ])
            #expect(report.unmodeled == [])
        }
    }

    /// The value a pending revision's prefix added, kept when its transaction rolled back.
    @Test func anEnumValueLeftByAPendingPrefixSaysWhereItCameFrom() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let fourth = try bundle.compile(
            Schemas.v3.replacingOccurrences(of: "memory_kind: [episodic, semantic]", with: "memory_kind: [episodic, semantic, procedural]"),
            message: "procedural memories")
        #expect(!fourth.transactional)
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0003"), on: database)
            let connection = try database.connect()
            // What a run of 0004 leaves when its transaction fails after the prefix ran.
            let prefix = try String(contentsOf: bundle.directory.appendingPathComponent(fourth.up.file), encoding: .utf8)
                .split(separator: "\n").first { $0.hasPrefix("ALTER TYPE") }
            try connection.execute(String(try #require(prefix)))
            #expect(try connection.query("SELECT max(revision) FROM negentropy.strata_version") == [[bundle.chain[2].id]])
            let report = try DriftReport.check(bundle.context(), position: 3, on: connection)
            #expect(report.lines == [
                "changed enum negentropy.memory_kind labels: declared episodic, semantic, live episodic, semantic, procedural; "
                    + "'procedural' added by the prefix of the pending revision \(fourth.id) (ALTER TYPE ... ADD VALUE runs "
                    + "before its transaction and stays when that transaction rolls back); applying \(fourth.id) finishes it"
            ])
            // A value nobody declares is plain drift.
            try connection.execute("ALTER TYPE negentropy.memory_kind ADD VALUE 'stray'")
            let other = try DriftReport.check(bundle.context(), position: 3, on: connection)
            #expect(other.lines == [
                "changed enum negentropy.memory_kind labels: declared episodic, semantic, live episodic, semantic, procedural, stray"
            ])
        }
    }
}
