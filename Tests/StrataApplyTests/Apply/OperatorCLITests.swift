import Foundation
import StrataBundle
import Testing

@testable import StrataApply
import StrataTestSupport

/// Parses one `--format json` document (the whole of stdout).
func jsonObject(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any], "not a JSON object: \(text)")
}

/// What an operator sees through the binary: `--format json`, stamped rows, a populated schema
/// without a version table, going down over data-losing downs, the checksum refusal.
@Suite(.requiresDatabase, .serialized) struct OperatorCLITests {
    @Test func jsonOfStatusApplyHistoryAndDriftParses() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let out = bundle.directory.path
        try TestDatabase.with { database in
            let url = ["--url", database.url, "--format", "json"]
            let fresh = try StrataBinary.run(strata, ["status", out] + url)
            #expect(fresh.status == 0, "\(fresh.stderr)")
            let status = try jsonObject(fresh.stdout)
            #expect(status["format_version"] as? Int == 1)
            #expect(status["command"] as? String == "status")
            #expect(status["current"] is NSNull)
            #expect(status["applied"] as? Int == 0)
            #expect(status["revisions"] as? Int == 3)
            #expect((status["pending"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == bundle.chain.map(\.id))

            let dry = try StrataBinary.run(strata, ["apply", out, "--to", "+1", "--dry-run"] + url)
            #expect(dry.status == 0, "\(dry.stderr)")
            let dryJSON = try jsonObject(dry.stdout)
            #expect(dryJSON["dry_run"] as? Bool == true)
            #expect((dryJSON["sql"] as? String)?.contains("INSERT INTO negentropy.strata_version") == true)
            #expect(dryJSON["position_after"] as? Int == 0)

            let applied = try StrataBinary.run(strata, ["apply", out, "--to", "head"] + url)
            #expect(applied.status == 0, "\(applied.stderr)")
            let summary = try jsonObject(applied.stdout)
            #expect(summary["ok"] as? Bool == true)
            #expect(summary["before"] is NSNull)
            #expect(summary["position_before"] as? Int == 0)
            #expect(summary["after"] as? String == bundle.chain[2].id)
            #expect(summary["position_after"] as? Int == 3)
            #expect(summary["direction"] as? String == "up")
            #expect((summary["revisions"] as? [[String: Any]])?.count == 3)
            #expect(summary["elapsed_ms"] is Int)
            #expect(summary["failure"] is NSNull)

            // status, apply (run and dry run) and drift print exactly the README's keys, in order.
            for (command, output) in [("status", fresh.stdout), ("apply", dry.stdout), ("apply", applied.stdout)] {
                #expect(ReadmeJSONShapes.topLevelKeys(ofOutput: output) == (try ReadmeJSONShapes.topLevelKeys(of: command)))
            }
            #expect(
                ReadmeJSONShapes.topLevelKeys(ofOutput: try StrataBinary.run(strata, ["drift", out] + url).stdout)
                    == (try ReadmeJSONShapes.topLevelKeys(of: "drift")))

            let history = try jsonObject(try StrataBinary.run(strata, ["history", out] + url).stdout)
            let revisions = try #require(history["revisions"] as? [[String: Any]])
            #expect(revisions.map { $0["state"] as? String } == ["applied", "applied", "applied"])
            #expect(revisions[0]["applied_by"] as? String == "strata")

            let drift = try StrataBinary.run(strata, ["drift", out] + url)
            #expect(drift.status == 0)
            #expect(try jsonObject(drift.stdout)["drift"] as? Bool == false)
            let connection = try database.connect()
            _ = try connection.execute("ALTER TABLE negentropy.threads ADD COLUMN extra integer")
            let drifted = try StrataBinary.run(strata, ["drift", out] + url)
            #expect(drifted.status == 1)
            let differences = try jsonObject(drifted.stdout)["differences"] as? [String]
            #expect(differences?.contains { $0.contains("threads.extra") } == true)
        }
    }

    @Test func jsonOfAFailingApplyNamesTheLocationAndWhereTheDatabaseIs() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(message: "bad backfill", up: "SELECT 1;\nINSERT INTO negentropy.nowhere VALUES (1);\n", down: "SELECT 1;\n")
        try TestDatabase.with { database in
            let result = try StrataBinary.run(
                strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url, "--format", "json"])
            #expect(result.status == 3)
            #expect(result.stderr.contains("nowhere"))
            let summary = try jsonObject(result.stdout)
            #expect(summary["ok"] as? Bool == false)
            #expect(summary["after"] as? String == bundle.chain[0].id)
            #expect(summary["position_after"] as? Int == 1)
            #expect((summary["revisions"] as? [[String: Any]])?.count == 1)
            let failure = try #require(summary["failure"] as? [String: Any])
            #expect(failure["exit_code"] as? Int == 3)
            #expect((failure["file"] as? String)?.hasSuffix(bundle.chain[1].up.file) == true)
            #expect(failure["line"] as? Int == 2)
            #expect(failure["sqlstate"] as? String == "42P01")

            // An error before any plan (a bad target) is a summary too.
            let bad = try StrataBinary.run(
                strata, ["apply", bundle.directory.path, "--to", "-9", "--url", database.url, "--format", "json"])
            #expect(bad.status == 2)
            #expect(try jsonObject(bad.stdout)["failure"] is [String: Any])
            // And any other command's error is the error object.
            let unreachable = try StrataBinary.run(
                strata, ["status", bundle.directory.path, "--url", "postgresql://127.0.0.1:1/x", "--format", "json"])
            #expect(unreachable.status == 3)
            let error = try jsonObject(unreachable.stdout)
            #expect(error["ok"] as? Bool == false)
            #expect(error["exit_code"] as? Int == 3)
            #expect((error["errors"] as? [String])?.isEmpty == false)
        }
    }

    @Test func stampedRevisionsAreMarkedAndHandWrittenOnesWarned() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(
            message: "seed", up: "INSERT INTO negentropy.threads (title) VALUES ('x');\n",
            down: "DELETE FROM negentropy.threads;\n")
        try TestDatabase.with { database in
            let built = try database.psql(["-f", bundle.directory.appendingPathComponent(bundle.chain[0].up.file).path])
            #expect(built.status == 0, "\(built.stderr)")
            let stamp = try StrataBinary.run(strata, ["stamp", bundle.directory.path, "head", "--url", database.url])
            #expect(stamp.status == 0, "\(stamp.stderr)")
            #expect(stamp.stderr.contains("warning: \(bundle.chain[1].id) (seed) is hand-written"))
            #expect(!stamp.stderr.contains("warning: \(bundle.chain[0].id)"))

            let connection = try database.connect()
            #expect(
                try connection.query("SELECT revision, stamped::text FROM negentropy.strata_version ORDER BY position")
                    .map { $0.compactMap { $0 } } == [[bundle.chain[0].id, "true"], [bundle.chain[1].id, "true"]])
            let status = try StrataBinary.run(strata, ["status", bundle.directory.path, "--url", database.url])
            #expect(status.stdout.contains("Current revision: \(bundle.chain[1].id) (stamped "))
            #expect(status.stdout.contains("Stamped (recorded by `strata stamp`, not run): \(bundle.chain[0].id), \(bundle.chain[1].id)"))
            let history = try StrataBinary.run(strata, ["history", bundle.directory.path, "--url", database.url])
            #expect(history.stdout.contains("    stamped "))

            // Going down and up again runs the revisions: their rows are no longer stamped.
            #expect(try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "-1", "--url", database.url]).status == 0)
            #expect(try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url]).status == 0)
            #expect(
                try connection.query("SELECT stamped::text FROM negentropy.strata_version ORDER BY position")
                    .map { $0[0] } == ["true", "false"])
        }
    }

    @Test func aVersionTableFromAnEarlierVersionGainsTheNewColumns() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let connection = try database.connect()
            // The table as the first release created it: no `complete`, no `stamped`.
            _ = try connection.execute("CREATE SCHEMA negentropy")
            _ = try connection.execute(
                """
                CREATE TABLE negentropy.strata_version (
                    revision text PRIMARY KEY, position integer NOT NULL UNIQUE, parent text UNIQUE NULLS NOT DISTINCT,
                    chain_hash text NOT NULL, up_sha256 text NOT NULL, down_sha256 text NOT NULL, message text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT current_user,
                    execution_ms bigint NOT NULL DEFAULT 0)
                """)
            try apply(bundle, to: .forward(1), on: database)
            let rows = try bundle.context().versionRows
            #expect(try rows.columnNames(on: connection).isSuperset(of: ["complete", "stamped"]))
            #expect(try rows.read(on: connection).map(\.stamped) == [false])
            // Twice is harmless, and the release script's upgrade statement is silent on a current table.
            try apply(bundle, to: .head, on: database)
            let upgrade = try database.psql(["-c", VersionTable(schema: "negentropy").upgradeSQL])
            #expect(upgrade.status == 0 && upgrade.stderr == "", "\(upgrade.stderr)")
        }
    }

    @Test func aPopulatedSchemaWithoutVersionTableSaysToStamp() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let built = try database.psql(["-f", bundle.directory.appendingPathComponent(bundle.chain[0].up.file).path])
            #expect(built.status == 0, "\(built.stderr)")
            let status = try StrataBinary.run(strata, ["status", bundle.directory.path, "--url", database.url, "--exit-code"])
            #expect(status.status == 1)
            #expect(status.stderr.contains("schema negentropy holds"))
            #expect(status.stderr.contains("table threads"))
            #expect(status.stderr.contains("strata stamp"))
            let json = try jsonObject(
                try StrataBinary.run(strata, ["status", bundle.directory.path, "--url", database.url, "--format", "json"]).stdout)
            #expect((json["unrecorded_objects"] as? [String: Any])?["count"] as? Int ?? 0 >= 1)

            let applied = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url])
            #expect(applied.status == 2)
            #expect(applied.stderr.contains("refusing to run anything: schema negentropy holds"))
            // Both name the command to run with this bundle's directory, not a placeholder.
            let stampCommand = "`strata stamp \(bundle.directory.path) REV`"
            #expect(status.stderr.contains(stampCommand), "\(status.stderr)")
            #expect(applied.stderr.contains(stampCommand), "\(applied.stderr)")
            let connection = try database.connect()
            #expect(try VersionRows(schema: "negentropy", table: "strata_version").tableExists(on: connection) == false)

            // Stamping (drift agrees) then applying works.
            #expect(try StrataBinary.run(strata, ["stamp", bundle.directory.path, bundle.chain[0].id, "--url", database.url]).status == 0)
            #expect(try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url]).status == 0)
        }
    }

    @Test func goingDownOverDataLosingDownsNeedsAllowDestructive() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let url = ["--url", database.url]
            #expect(try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head"] + url).status == 0)
            let dry = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "-1", "--dry-run"] + url)
            #expect(dry.status == 0)
            #expect(dry.stdout.contains("-- loses data (needs --allow-destructive): \(bundle.chain[2].id): "))

            let refused = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "-1"] + url)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("loses data; nothing was run"))
            #expect(refused.stderr.contains("threads.archived"))
            #expect(refused.stderr.contains("--allow-destructive"))
            let connection = try database.connect()
            #expect(try versionRows(connection) == bundle.chain.map(\.id))

            let allowed = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "-1", "--allow-destructive"] + url)
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
        }
    }

    /// On a terminal the data loss is listed and only `yes` goes on. util-linux's `script` (in
    /// Debian's essential bsdutils) gives strata a pseudo-terminal for stdin and stderr and copies
    /// everything strata writes to its own stdout.
    @Test func onATerminalGoingDownAsksAndOnlyYesGoesOn() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux `script` provides the terminal")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            #expect(try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url]).status == 0)
            let command = [strata.path, "apply", bundle.directory.path, "--to", "-1", "--url", database.url]
                .map { "'" + $0.replacing("'", with: #"'\''"#) + "'" }.joined(separator: " ")
            func answering(_ answer: String) throws -> ProcessCapture.Result {
                try ProcessCapture.run(script, ["--quiet", "--return", "--command", command, "/dev/null"], input: answer + "\n")
            }
            let connection = try database.connect()

            let declined = try answering("no")
            #expect(declined.status == 2, "\(declined.stdout)")
            #expect(declined.stdout.contains("Going down loses data:"))
            #expect(declined.stdout.contains("threads.archived"))
            #expect(declined.stdout.contains("Type yes to go on"))
            #expect(try versionRows(connection) == bundle.chain.map(\.id))

            let accepted = try answering("yes")
            #expect(accepted.status == 0, "\(accepted.stdout)")
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
        }
    }

    @Test func anEditedAppliedScriptIsRefusedNamingTheFileAndTheWayOut() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let url = ["--url", database.url]
            #expect(try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "+2"] + url).status == 0)
            let down = bundle.directory.appendingPathComponent(bundle.chain[1].down.file)
            try Data((try String(contentsOf: down, encoding: .utf8) + "SELECT 1;\n").utf8).write(to: down)
            #expect(try StrataBinary.run(strata, ["rehash", bundle.directory.path, "--force"]).status == 0)
            let refused = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head"] + url)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("the down script \(bundle.chain[1].down.file) has checksum"))
            #expect(refused.stderr.contains("but the database recorded sha256:"))
            #expect(refused.stderr.contains("from version control"))
            #expect(refused.stderr.contains("new revision"))
        }
    }

    @Test func dryRunSaysWhatItCreatesOnlyWhenMissingAndStatusUsesHistoryWording() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try bundle.handWritten(
            message: "concurrent index",
            up: "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix_t ON negentropy.threads (title);\n",
            down: "-- strata:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_t;\n")
        try TestDatabase.with { database in
            let url = ["--url", database.url]
            let fresh = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "+1", "--dry-run"] + url)
            #expect(fresh.stdout.contains("-- creates schema negentropy and negentropy.strata_version (both missing)"))
            #expect(try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "+1"] + url).status == 0)
            let again = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "+1", "--dry-run"] + url)
            #expect(again.status == 0)
            #expect(!again.stdout.contains("-- creates"))

            let status = try StrataBinary.run(strata, ["status", bundle.directory.path] + url)
            #expect(status.stdout.contains("concurrent index  (runs partly outside a transaction (-- strata:no-transaction))"))
            #expect(!status.stdout.contains("[non-transactional]"))
        }
    }

    @Test func progressGoesToStderrOnlyWhenAskedAndJSONAloneToStdout() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let url = ["--url", database.url, "--format", "json"]
            // stderr is a pipe here: no progress unless --progress.
            let quiet = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "+1"] + url)
            #expect(quiet.status == 0)
            #expect(!quiet.stderr.contains("statement 1"))
            let shown = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head", "--progress"] + url)
            #expect(shown.status == 0)
            #expect(shown.stderr.contains("[1/2] up \(bundle.chain[1].id): statement 1"))
            #expect(try jsonObject(shown.stdout)["position_after"] as? Int == 3)
        }
    }

    /// `drift` on a read-only database: exit 2 with the way out, or `--probe-url` compares exactly.
    @Test func driftOnAReadOnlyDatabaseNeedsAProbeServer() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            try connection.execute("ALTER TABLE negentropy.threads ADD COLUMN extra integer")
            try connection.execute("ALTER DATABASE \(database.name) SET default_transaction_read_only = on")
            let out = bundle.directory.path
            let refused = try StrataBinary.run(strata, ["drift", out, "--url", database.url])
            #expect(refused.status == 2, "\(refused.stderr)")
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.contains("read-only") && refused.stderr.contains("--probe-url"))
            try TestDatabase.with { scratch in
                let probed = try StrataBinary.run(strata, ["drift", out, "--url", database.url, "--probe-url", scratch.url])
                #expect(probed.status == 1, "\(probed.stderr)")
                #expect(probed.stdout.contains("unexpected column negentropy.threads.extra: integer"))
                #expect(probed.stdout.contains("in 1 place"))
            }
        }
    }

}
