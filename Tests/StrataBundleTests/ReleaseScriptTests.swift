import Foundation
import Testing
@testable import StrataBundle
@testable import StrataCore

@Suite struct ReleaseScriptTests {
    func render(from: String?, to: String, in directory: URL) throws -> String {
        let bundle = try MigrationBundle.load(at: directory)
        return try ReleaseScript.render(
            bundle: bundle, from: try from.map { try bundle.revision(named: $0) }, to: try bundle.revision(named: to),
            fileName: "release.sql")
    }

    @Test func headerSaysWhatItContains() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let chain = try Fixtures.loadChain(directory)
        let script = try render(from: "0001", to: "0003", in: directory)
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "-- strata release script")
        #expect(lines[1] == "-- schema:        negentropy (version table negentropy.strata_version)")
        #expect(lines[2] == "-- from:          0001_init (chain hash \(chain.revisions[0].chainHash))")
        #expect(lines[3] == "-- to:            0003_add_comments (chain hash \(chain.revisions[2].chainHash))")
        #expect(lines[5] == "--   0002_add_posts  up \(chain.revisions[1].up.sha256)  chain \(chain.revisions[1].chainHash)")
        #expect(!script.contains("0001_init.up.sql"))
        // The body hash covers exactly the lines after the header, as the header's command says.
        let endIndex = try #require(lines.firstIndex(of: "-- end of header"))
        let body = lines[(endIndex + 1)...].joined(separator: "\n")
        #expect(script.contains("-- body sha256:   \(Checksum.rawSHA256(of: Array(body.utf8)).dropFirst(7))\n"))
        #expect(script.contains("tail -n +\(endIndex + 2) release.sql | sha256sum"))
    }

    @Test func guardsWrapEachRevisionInItsTransaction() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let chain = try Fixtures.loadChain(directory)
        let script = try render(from: nil, to: "0003", in: directory)
        #expect(script.contains("\\set ON_ERROR_STOP on\n"))
        #expect(script.contains("CREATE SCHEMA IF NOT EXISTS negentropy;\nCREATE TABLE IF NOT EXISTS negentropy.strata_version ("))
        // The first guard expects no rows (base).
        #expect(script.contains("IF current_revision IS DISTINCT FROM NULL OR current_hash IS DISTINCT FROM NULL THEN"))
        for (offset, entry) in chain.revisions.enumerated() {
            let insert = VersionTable(schema: "negentropy").insertSQL(for: entry)
            let parentGuard = offset == 0 ? "DISTINCT FROM NULL" : "DISTINCT FROM '\(chain.revisions[offset - 1].id)'"
            let revisionBlock = try #require(script.range(of: "-- Revision \(offset + 1) of 3: \(entry.id)\nBEGIN;\nLOCK TABLE negentropy.strata_version IN SHARE ROW EXCLUSIVE MODE;\nDO $strata$"))
            let rest = script[revisionBlock.upperBound...]
            let insertRange = try #require(rest.range(of: insert + "\nCOMMIT;\n"))
            #expect(rest[..<insertRange.lowerBound].contains(parentGuard))
            #expect(rest[..<insertRange.lowerBound].contains("CREATE TABLE negentropy."))
        }
        #expect(script.contains("RAISE NOTICE 'strata: the database is at % (chain hash %)', current_revision, current_hash;\nEND\n$strata$;\n"))
        // apply's session advisory lock and lock_timeout come before anything else; the lock is
        // given back at the end.
        let key = ApplyLockKey(schema: "negentropy").value
        let lock = try #require(script.range(of: "IF NOT pg_try_advisory_lock(\(key)) THEN"))
        let timeout = try #require(script.range(of: "SET lock_timeout = :'lock_timeout';"))
        let versionTable = try #require(script.range(of: "CREATE TABLE IF NOT EXISTS negentropy.strata_version"))
        #expect(timeout.upperBound < lock.lowerBound && lock.upperBound < versionTable.lowerBound)
        // The version guard (strata's floor, PostgreSQL 15) runs after the lock, before anything is created.
        let versions = try #require(script.range(of: "IF current_setting('server_version_num')::int < 150000 THEN"))
        #expect(lock.upperBound < versions.lowerBound && versions.upperBound < versionTable.lowerBound)
        #expect(script.hasSuffix("SELECT pg_advisory_unlock(\(key)) AS strata_unlocked \\gset\n"))
        // At the target already: a NOTICE and \q, before the guard that the start is right.
        let noOp = try #require(script.range(of: "\\if :strata_at_target\n"))
        let startGuard = try #require(script.range(of: "-- Stop here, before any change"))
        #expect(noOp.upperBound < startGuard.lowerBound)
        #expect(script.contains("IS DISTINCT FROM '0003_add_comments' OR current_hash IS DISTINCT FROM '\(chain.revisions[2].chainHash)'"))
    }

    @Test func prefixBodyAndSuffixRunInThatOrderAndTheRowIsCompletedLast() throws {
        let directory = try Fixtures.temporaryDirectory()
        let revision = Fixtures.revision(
            position: 1, parent: nil, message: "init", tables: ["a"],
            upBody: "-- strata:no-transaction\nALTER TYPE negentropy.k ADD VALUE IF NOT EXISTS 'b';\n"
                + "CREATE TABLE negentropy.a (id uuid NOT NULL);\nCOMMENT ON TABLE negentropy.a IS 'x';\n"
                + "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON negentropy.a (id);\n",
            transactional: false)
        try BundleStore(directory: directory).append(revision)
        let chain = try Fixtures.loadChain(directory)
        let script = try render(from: nil, to: "0001", in: directory)
        let body = try #require(script.range(of: "-- Revision 1 of 1: 0001_init\n"))
        let text = String(script[body.upperBound...])
        let table = VersionTable(schema: "negentropy")
        let prefix = try #require(
            text.range(of: "-- strata:no-transaction\nALTER TYPE negentropy.k ADD VALUE IF NOT EXISTS 'b';\nBEGIN;\nLOCK TABLE"))
        let transaction = try #require(
            text.range(
                of: "CREATE TABLE negentropy.a (id uuid NOT NULL);\nCOMMENT ON TABLE negentropy.a IS 'x';\n"
                    + table.insertSQL(for: chain.revisions[0], complete: false) + "\nCOMMIT;\n"))
        let suffix = try #require(
            text.range(
                of: "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON negentropy.a (id);\n"
                    + table.markCompleteSQL(revision: "0001_init") + "\n"))
        #expect(prefix.lowerBound < transaction.lowerBound)
        #expect(transaction.upperBound <= suffix.lowerBound)
        #expect(script.contains(table.addCompleteColumnSQL))
        #expect(script.contains("--   incomplete and the guard stops a second run of this script."))
    }

    @Test func theSettingsAGeneratedRevisionPinsHoldOutsideItsTransactionToo() throws {
        let directory = try Fixtures.temporaryDirectory()
        let revision = Fixtures.revision(
            position: 1, parent: nil, message: "init", tables: ["a"],
            upBody: "SET LOCAL TimeZone = 'UTC';\nSET LOCAL DateStyle = 'ISO, MDY';\n"
                + "CREATE TABLE negentropy.a (at timestamptz);\n"
                + "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON negentropy.a (at) "
                + "WHERE at > '2024-03-10 02:30';\n",
            transactional: false)
        try BundleStore(directory: directory).append(revision)
        let script = try render(from: nil, to: "0001", in: directory)
        let pins = try #require(script.range(of: "SET TimeZone = 'UTC';\nSET DateStyle = 'ISO, MDY';\n"))
        let begin = try #require(script.range(of: "BEGIN;\nLOCK TABLE"))
        let reset = try #require(script.range(of: "RESET ALL;\n", range: begin.upperBound..<script.endIndex))
        #expect(pins.upperBound < begin.lowerBound)
        #expect(script.range(of: "CREATE INDEX CONCURRENTLY")!.upperBound < reset.lowerBound)
        // standard_conforming_strings for every revision: at the top and after each reset.
        let top = try #require(script.range(of: "SET standard_conforming_strings = on;\nSET client_encoding = 'UTF8';\n"))
        #expect(top.upperBound < pins.lowerBound)
        #expect(script[reset.upperBound...].contains("RESET ROLE;\nSET standard_conforming_strings = on;\n"))
        #expect(ScriptShape.sessionForm(ofLocalSet: "SET LOCAL IntervalStyle TO postgres") == "SET IntervalStyle TO postgres")
        #expect(ScriptShape.sessionForm(ofLocalSet: "SET lock_timeout = 0") == nil)
        // Only the settings strata pins: a role or search_path stays local to the body.
        #expect(ScriptShape.sessionForm(ofLocalSet: "SET LOCAL role = admin") == nil)
        #expect(ScriptShape.sessionForm(ofLocalSet: "set local timezone to 'Europe/Berlin'") == "SET timezone to 'Europe/Berlin'")
    }

    @Test func aMarkedStatementBetweenTransactionalOnesIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        let revision = Fixtures.revision(
            position: 1, parent: nil, message: "init", tables: ["a"],
            upBody: "CREATE TABLE negentropy.a (id uuid NOT NULL);\n-- strata:no-transaction\n"
                + "CREATE INDEX CONCURRENTLY ix ON negentropy.a (id);\nCOMMENT ON TABLE negentropy.a IS 'x';\n",
            transactional: false)
        try BundleStore(directory: directory).append(revision)
        do {
            _ = try render(from: nil, to: "0001", in: directory)
            Issue.record("expected a refusal")
        } catch let error as ReleaseScriptError {
            guard case .misplacedNoTransaction(let file, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == "0001_init.up.sql")
            #expect(error.description.contains("[prefix][body][suffix]"))
        }
    }

    @Test func refusesAnEmptyOrBackwardRange() throws {
        let directory = try Fixtures.threeRevisionBundle()
        #expect(throws: ReleaseScriptError.notForward(from: "0003_add_comments", to: "0002_add_posts")) {
            try render(from: "0003", to: "0002", in: directory)
        }
        #expect(throws: ReleaseScriptError.notForward(from: "0002_add_posts", to: "0002_add_posts")) {
            try render(from: "0002", to: "0002", in: directory)
        }
    }

    @Test func sameBundleSameBytes() throws {
        let first = try render(from: nil, to: "0003", in: try Fixtures.threeRevisionBundle())
        let second = try render(from: nil, to: "0003", in: try Fixtures.threeRevisionBundle())
        #expect(first == second)
    }
}

@Suite struct VersionTableTests {
    @Test func ddlMatchesThePlan() {
        #expect(
            VersionTable(schema: "negentropy", table: "strata_version").createSQL == """
                CREATE TABLE IF NOT EXISTS negentropy.strata_version (
                    revision text PRIMARY KEY,
                    position integer NOT NULL UNIQUE,
                    parent text UNIQUE NULLS NOT DISTINCT,
                    chain_hash text NOT NULL,
                    up_sha256 text NOT NULL,
                    down_sha256 text NOT NULL,
                    message text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    applied_by text NOT NULL DEFAULT current_user,
                    execution_ms bigint NOT NULL DEFAULT 0,
                    complete boolean NOT NULL DEFAULT true,
                    stamped boolean NOT NULL DEFAULT false
                );
                """)
        #expect(VersionTable(schema: "My Schema", table: "user").qualifiedName == "\"My Schema\".\"user\"")
    }

    @Test func rowStatementsQuoteValues() {
        let entry = ChainEntry(
            id: "0002_x", position: 2, parent: "0001_a", message: "it's a \\ test",
            up: FileRecord(file: "u", sha256: "sha256:u"), down: FileRecord(file: "d", sha256: "sha256:d"),
            snapshot: FileRecord(file: "s", sha256: "sha256:s"), transactional: true, hazards: [], chainHash: "sha256:c")
        let table = VersionTable(schema: "negentropy")
        #expect(
            table.insertSQL(for: entry, executionMilliseconds: 12)
                == "INSERT INTO negentropy.strata_version (revision, position, parent, chain_hash, up_sha256, down_sha256, message, execution_ms, complete) VALUES ('0002_x', 2, '0001_a', 'sha256:c', 'sha256:u', 'sha256:d', E'it''s a \\\\ test', 12, true);")
        #expect(table.deleteSQL(revision: "0002_x") == "DELETE FROM negentropy.strata_version WHERE revision = '0002_x';")
        #expect(
            table.markCompleteSQL(revision: "0002_x")
                == "UPDATE negentropy.strata_version SET complete = true WHERE revision = '0002_x';")
    }
}
