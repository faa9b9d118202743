import Foundation
import StrataTestSupport
import Testing

/// Runs `strata bundle` output through psql against the test server (scripts/test.sh exports
/// STRATA_TEST_DATABASE_URL): applying, re-running (the guard stops it), and continuing from a
/// revision. Skipped without a server unless STRATA_TEST_REQUIRE_DB=1.
@Suite struct ReleaseScriptDatabaseTests {
    static func requireAdminURL() throws -> String { try TestServer.requireURL() }

    @Test(.requiresDatabase)
    func releaseScriptsApplyOnceAndStopOnARerun() throws {
        let adminURL = try Self.requireAdminURL()
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try strata.write(
            "schema/tables/notes.yaml",
            """
            tables:
              notes:
                columns:
                  id: { type: bigint, primary_key: true }
                  body: text
                indexes:
                  - { name: ix_notes_body, columns: [body], concurrently: true }

            """)
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "add notes").status == 0)
        #expect(try strata.read("out/0002_add_notes.up.sql").contains("-- strata:no-transaction\nCREATE INDEX CONCURRENTLY"))
        #expect(try strata.run("bundle", "out", "--to", "0001", "-o", "r1.sql").status == 0)
        #expect(try strata.run("bundle", "out", "--from", "0001", "-o", "r2.sql").status == 0)
        #expect(try strata.run("bundle", "out", "-o", "all.sql").status == 0)

        let database = "strata_release_" + UUID().uuidString.prefix(8).lowercased()
        let psql = Psql(adminURL: adminURL, directory: strata.directory)
        #expect(try psql.run(url: adminURL, "-c", "CREATE DATABASE \(database)").status == 0)
        defer { _ = try? psql.run(url: adminURL, "-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
        let url = try #require(psql.url(forDatabase: database))

        let first = try psql.run(url: url, "-v", "ON_ERROR_STOP=1", "-f", "r1.sql")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("strata: the database is at 0001_init"))
        // A fresh database: the version table is created quietly.
        #expect(!first.stderr.contains("column \"complete\""), "\(first.stderr)")

        // At the target already: a clean no-op.
        let again = try psql.run(url: url, "-v", "ON_ERROR_STOP=1", "-f", "r1.sql")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("NOTICE:  strata: the database is already at 0001_init"))
        #expect(!again.stderr.contains("ERROR"))

        let second = try psql.run(url: url, "-v", "ON_ERROR_STOP=1", "-f", "r2.sql")
        #expect(second.status == 0, "\(second.stderr)")
        let fromBase = try psql.run(url: url, "-v", "ON_ERROR_STOP=1", "-f", "all.sql")
        #expect(fromBase.status == 0, "\(fromBase.stderr)")
        #expect(fromBase.stderr.contains("NOTICE:  strata: the database is already at 0002_add_notes"))

        // A wrong starting revision still stops with an error before any change.
        let other = "strata_release_" + UUID().uuidString.prefix(8).lowercased()
        #expect(try psql.run(url: adminURL, "-c", "CREATE DATABASE \(other)").status == 0)
        defer { _ = try? psql.run(url: adminURL, "-c", "DROP DATABASE IF EXISTS \(other) WITH (FORCE)") }
        let otherURL = try #require(psql.url(forDatabase: other))
        let wrongStart = try psql.run(url: otherURL, "-v", "ON_ERROR_STOP=1", "-f", "r2.sql")
        #expect(wrongStart.status == 3)
        #expect(wrongStart.stderr.contains("ERROR:  strata: the database is at base"))
        #expect(wrongStart.stderr.contains("expected 0001_init"))

        let rows = try psql.run(
            url: url, "-Atc",
            "SELECT revision || ' ' || coalesce(parent, '-') || ' ' || chain_hash FROM negentropy.strata_version ORDER BY position")
        let chain = try JSONSerialization.jsonObject(with: Data(strata.read("out/chain.json").utf8)) as? [String: Any]
        let revisions = try #require(chain?["revisions"] as? [[String: Any]])
        let expected = revisions.map { "\($0["id"]!) \($0["parent"] as? String ?? "-") \($0["chainHash"]!)" }
        #expect(rows.stdout.split(separator: "\n").map(String.init) == expected)
        let index = try psql.run(
            url: url, "-Atc", "SELECT indisvalid FROM pg_index WHERE indexrelid = 'negentropy.ix_notes_body'::regclass")
        #expect(index.stdout == "t\n")
        let complete = try psql.run(url: url, "-Atc", "SELECT bool_and(complete) FROM negentropy.strata_version")
        #expect(complete.stdout == "t\n")
    }

    /// A hand-written revision whose last statement has no `;` (apply runs it: the file's end ends
    /// it): in the release script it must not swallow the version row's INSERT.
    @Test(.requiresDatabase)
    func aHandWrittenScriptWithoutAFinalSemicolonRunsThroughPsql() throws {
        let adminURL = try Self.requireAdminURL()
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        #expect(try strata.run("compile", "schema", "-o", "out", "--empty", "-m", "seed").status == 0)
        try strata.write(
            "out/0002_seed.up.sql",
            "INSERT INTO negentropy.memories (id, content) VALUES (gen_random_uuid(), 'seeded') -- no semicolon")
        #expect(try strata.run("rehash", "out").status == 0)
        #expect(try strata.run("bundle", "out", "-o", "all.sql").status == 0)

        let database = "strata_release_" + UUID().uuidString.prefix(8).lowercased()
        let psql = Psql(adminURL: adminURL, directory: strata.directory)
        #expect(try psql.run(url: adminURL, "-c", "CREATE DATABASE \(database)").status == 0)
        defer { _ = try? psql.run(url: adminURL, "-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
        let url = try #require(psql.url(forDatabase: database))
        let run = try psql.run(url: url, "-v", "ON_ERROR_STOP=1", "-f", "all.sql")
        #expect(run.status == 0, "\(run.stderr)")
        let state = try psql.run(
            url: url, "-Atc",
            "SELECT (SELECT string_agg(revision, ',' ORDER BY position) FROM negentropy.strata_version) || ' ' || "
                + "(SELECT string_agg(content, ',') FROM negentropy.memories)")
        #expect(state.stdout == "0001_init,0002_seed seeded\n")
    }

    /// A revision with a body and a suffix (a unique index built concurrently) through psql: the
    /// suffix fails on duplicates after the body committed the row as incomplete; `strata status`
    /// says so, and after the duplicates are gone `strata apply` resumes it.
    @Test(.requiresDatabase)
    func aFailedSuffixInAReleaseScriptIsRecordedIncompleteAndApplyResumesIt() throws {
        let adminURL = try Self.requireAdminURL()
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try strata.write(
            "schema/tables/memory.yaml",
            """
            tables:
              memories:
                columns:
                  id: { type: uuid, primary_key: true }
                  content: { type: text, nullable: false }
                  tag: text
                indexes:
                  - { name: uq_memories_content, columns: [content], unique: true, concurrently: true }

            """)
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "unique content").status == 0)
        #expect(try strata.run("bundle", "out", "--to", "0001", "-o", "r1.sql").status == 0)
        #expect(try strata.run("bundle", "out", "--from", "0001", "-o", "r2.sql").status == 0)
        let release = try strata.read("r2.sql")
        let insert = try #require(release.range(of: "'unique content', 0, false);\nCOMMIT;\n"))
        let suffix = try #require(release.range(of: "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_memories_content"))
        #expect(insert.upperBound <= suffix.lowerBound)
        #expect(release.contains("UPDATE negentropy.strata_version SET complete = true WHERE revision = '0002_unique_content';"))

        let database = "strata_release_" + UUID().uuidString.prefix(8).lowercased()
        let psql = Psql(adminURL: adminURL, directory: strata.directory)
        #expect(try psql.run(url: adminURL, "-c", "CREATE DATABASE \(database)").status == 0)
        defer { _ = try? psql.run(url: adminURL, "-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
        let url = try #require(psql.url(forDatabase: database))

        #expect(try psql.run(url: url, "-v", "ON_ERROR_STOP=1", "-f", "r1.sql").status == 0)
        let insertDuplicates = try psql.run(
            url: url, "-c",
            "INSERT INTO negentropy.memories (id, content) VALUES (gen_random_uuid(), 'same'), (gen_random_uuid(), 'same')")
        #expect(insertDuplicates.status == 0, "\(insertDuplicates.stderr)")
        let failed = try psql.run(url: url, "-v", "ON_ERROR_STOP=1", "-f", "r2.sql")
        #expect(failed.status == 3)
        #expect(failed.stderr.contains("could not create unique index"))
        let rows = try psql.run(
            url: url, "-Atc", "SELECT revision || ' ' || complete FROM negentropy.strata_version ORDER BY position")
        #expect(rows.stdout == "0001_init true\n0002_unique_content false\n")
        let tag = try psql.run(url: url, "-Atc", "SELECT count(*) FROM pg_attribute WHERE attrelid = 'negentropy.memories'::regclass AND attname = 'tag'")
        #expect(tag.stdout == "1\n")

        let status = try strata.run("status", "out", "--exit-code", "--url", url)
        #expect(status.status == 1)
        #expect(status.stdout.contains("Incomplete: 0002_unique_content"))

        #expect(try psql.run(url: url, "-c", "DELETE FROM negentropy.memories").status == 0)
        let resumed = try strata.run("apply", "out", "--to", "head", "--url", url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resumed 0002_unique_content") || resumed.stderr.contains("resumed 0002_unique_content"))
        let after = try psql.run(
            url: url, "-Atc",
            "SELECT (SELECT bool_and(complete) FROM negentropy.strata_version)::text || ' ' || "
                + "(SELECT indisvalid FROM pg_index WHERE indexrelid = 'negentropy.uq_memories_content'::regclass)::text")
        #expect(after.stdout == "true true\n")
        #expect(try strata.run("status", "out", "--exit-code", "--url", url).status == 0)
    }
}

/// psql from STRATA_TEST_PSQL (the server's own client) or PATH; the URL goes in the
/// environment-free argument list and is never printed by the test.
struct Psql {
    var adminURL: String
    var directory: URL

    func url(forDatabase name: String) -> String? { TestServer.url(adminURL, database: name) }

    func run(url: String, _ arguments: String...) throws -> StrataRunner.Result {
        try StrataRunner.capture(
            URL(fileURLWithPath: "/usr/bin/env"), [TestServer.psql, "-X", "-q", "-d", url] + arguments, in: directory)
    }
}
