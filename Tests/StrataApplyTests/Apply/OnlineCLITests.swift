import Foundation
import StrataBundle
import Testing

@testable import StrataApply
import StrataTestSupport

/// The online subcommands through the built binary: output and exit codes (SPEC §2).
@Suite(.requiresDatabase, .serialized) struct OnlineCLITests {
    @Test func statusApplyHistoryDriftAndExitCodes() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let out = bundle.directory.path
        try TestDatabase.with { database in
            let url = ["--url", database.url]
            let pending = try StrataBinary.run(strata, ["status", out, "--exit-code"] + url)
            #expect(pending.status == 1)
            #expect(pending.stdout.contains("Current revision: base"))
            #expect(pending.stdout.contains("Pending: 3"))

            let current = try StrataBinary.run(strata, ["current", out] + url)
            #expect(current.status == 0)

            let dry = try StrataBinary.run(strata, ["apply", out, "--to", "+1", "--dry-run"] + url)
            #expect(dry.status == 0)
            #expect(dry.stdout.contains("INSERT INTO negentropy.strata_version"))

            let applied = try StrataBinary.run(strata, ["apply", out, "--to", "head"] + url)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout.contains("Database is now at \(bundle.chain[2].id)."))

            let atHead = try StrataBinary.run(strata, ["status", out, "--exit-code"] + url)
            #expect(atHead.status == 0)
            #expect(atHead.stdout.contains("Pending: none"))

            let history = try StrataBinary.run(strata, ["history", out] + url)
            #expect(history.status == 0)
            #expect(history.stdout.contains("applied ") && history.stdout.contains(" by strata in "))

            let drift = try StrataBinary.run(strata, ["drift", out] + url)
            #expect(drift.status == 0, "\(drift.stdout)\(drift.stderr)")

            let back = try StrataBinary.run(strata, ["apply", out, "--to", "-1", "--allow-destructive"] + url)
            #expect(back.status == 0)
            let badTarget = try StrataBinary.run(strata, ["apply", out, "--to", "-9"] + url)
            #expect(badTarget.status == 2)
            #expect(badTarget.stderr.contains("cannot go 9 back"))

            // A tampered script: exit 2, and nothing ran.
            let file = bundle.directory.appendingPathComponent(bundle.chain[2].up.file)
            try Data("SELECT 1;\n".utf8).write(to: file)
            let tampered = try StrataBinary.run(strata, ["apply", out, "--to", "head"] + url)
            #expect(tampered.status == 2)
            #expect(tampered.stderr.contains(bundle.chain[2].up.file))
            let connection = try database.connect()
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
        }
    }
}
