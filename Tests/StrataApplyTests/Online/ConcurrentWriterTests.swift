import Foundation
import StrataBundle
import Testing

@testable import StrataApply
import StrataTestSupport

/// Inserts proceed while a revision builds an index, adds a foreign key and sets a column NOT
/// NULL on tables that hold rows. No timing: each step waits for a state the catalog shows.
///
/// Two sessions keep the slow steps visibly in progress: one holds a snapshot open, so
/// `CREATE INDEX CONCURRENTLY` waits for it (after its first scan) with the index half built; the
/// other holds SHARE UPDATE EXCLUSIVE on the second table, so `VALIDATE CONSTRAINT` queues behind
/// it. While each is in progress, a writer inserts into the table it works on. With plain DDL the
/// inserts would queue behind the SHARE (index) or SHARE ROW EXCLUSIVE (foreign key) lock.
@Suite(.requiresDatabase, .serialized) struct ConcurrentWriterTests {
    static let v1 = OnlineSchemas.header(online: true) + """
        tables:
          threads:
            columns:
              id: { type: bigint, primary_key: true }
          events:
            columns:
              id: { type: bigint, nullable: false }
              body: text
          orders:
            columns:
              id: { type: bigint, nullable: false }
              thread_id: bigint
        """

    static let v2 = OnlineSchemas.header(online: true) + """
        tables:
          threads:
            columns:
              id: { type: bigint, primary_key: true }
          events:
            columns:
              id: { type: bigint, nullable: false }
              body: text
            indexes:
              - { name: ix_events_body, columns: [body] }
          orders:
            columns:
              id: { type: bigint, nullable: false }
              thread_id: { type: bigint, nullable: false, references: threads.id }
        """

    final class Outcome: @unchecked Sendable {
        var error: (any Error)?
        let done = DispatchSemaphore(value: 0)
    }

    @Test func insertsProceedWhileTheIndexFKAndNotNullChangesRun() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Self.v1, message: "tables")
        try bundle.compile(Self.v2, message: "index fk not null")
        let frozen = bundle
        try TestDatabase.with { database in
            try apply(frozen, to: .revision(frozen.chain[0].id), on: database)
            let setup = try database.connect()
            _ = try setup.execute(
                """
                INSERT INTO negentropy.threads SELECT g FROM generate_series(1, 100) g;
                INSERT INTO negentropy.events SELECT g, md5(g::text) FROM generate_series(1, 100000) g;
                INSERT INTO negentropy.orders SELECT g, g % 100 + 1 FROM generate_series(1, 100000) g;
                """)
            // An old snapshot the concurrent build must wait for.
            let snapshot = try database.connect()
            _ = try snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            _ = try snapshot.query("SELECT 1")

            let outcome = Outcome()
            let url = database.url
            let thread = Thread {
                do {
                    try apply(frozen, to: .head, on: database, url: url) { $0.lockTimeout = 300 }
                } catch { outcome.error = error }
                outcome.done.signal()
            }
            thread.start()

            let writer = try database.connect()
            _ = try writer.execute("SET lock_timeout = '60s'")
            // The index build is under way and waiting for the old snapshot.
            try waitUntil("CREATE INDEX CONCURRENTLY waiting") {
                try setup.query(
                    """
                    SELECT 1 FROM pg_stat_progress_create_index p
                    WHERE p.relid = 'negentropy.events'::regclass AND p.phase LIKE 'waiting%'
                    """
                ).count == 1
            }
            _ = try writer.execute("INSERT INTO negentropy.events VALUES (100001, 'during the index build')")
            #expect(
                try setup.query("SELECT count(*) FROM pg_stat_progress_create_index WHERE relid = 'negentropy.events'::regclass")
                    == [["1"]], "the build was still running when the insert committed")
            // The body has committed (NOT VALID foreign key, helper check): writes to orders go on.
            _ = try writer.execute("INSERT INTO negentropy.orders VALUES (100001, 1)")

            // Hold the validation back, then let the build finish.
            let holder = try database.connect()
            _ = try holder.execute("BEGIN")
            _ = try holder.execute("LOCK TABLE negentropy.orders IN SHARE UPDATE EXCLUSIVE MODE")
            _ = try snapshot.execute("COMMIT")
            try waitUntil("VALIDATE CONSTRAINT queued on orders") {
                try setup.query(
                    """
                    SELECT 1 FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%VALIDATE CONSTRAINT%'
                    """
                ).count == 1
            }
            _ = try writer.execute("INSERT INTO negentropy.orders VALUES (100002, 2)")
            #expect(
                try setup.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                        + "AND query LIKE '%VALIDATE CONSTRAINT%'")
                    == [["1"]], "the validation was still waiting when the insert committed")
            _ = try holder.execute("COMMIT")

            outcome.done.wait()
            if let error = outcome.error { throw error }
            #expect(try setup.query("SELECT count(*) FROM negentropy.events") == [["100001"]])
            #expect(try setup.query("SELECT count(*) FROM negentropy.orders") == [["100002"]])
            #expect(
                try setup.query(
                    """
                    SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'negentropy.ix_events_body'::regclass),
                           (SELECT bool_and(convalidated) FROM pg_constraint WHERE conrelid = 'negentropy.orders'::regclass),
                           (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'negentropy.orders'::regclass AND attname = 'thread_id')
                    """) == [["t", "t", "t"]])
            #expect(try setup.query("SELECT complete FROM negentropy.strata_version ORDER BY position") == [["t"], ["t"]])
        }
    }
}
