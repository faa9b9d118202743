import Foundation
import Testing

/// Parses one `--format json` document (the whole of stdout).
private func jsonObject(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any], "not a JSON object: \(text)")
}

/// The offline side of issue 9 and 10: `--format json`, rehash's guards, diff and check on a
/// data-losing change, usage text, completions.
@Suite struct OperatorCommandTests {
    @Test func historyVerifyCheckAndDiffPrintParseableJSON() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        let fresh = try strata.run("check", "schema", "-o", "out", "--format", "json")
        #expect(fresh.status == 1)
        let pending = try jsonObject(fresh.stdout)
        #expect(pending["format_version"] as? Int == 1)
        #expect(pending["command"] as? String == "check")
        #expect(pending["pending"] as? Bool == true)
        #expect(pending["head"] is NSNull)
        let revision = try #require(pending["revision"] as? [String: Any])
        #expect(revision["id"] as? String == "0001_init")
        #expect((revision["up_sql"] as? String)?.contains("CREATE TABLE negentropy.memories") == true)
        #expect(revision["data_loss"] as? [String] == [])

        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        let clean = try jsonObject(try strata.run("diff", "schema", "-o", "out", "--format", "json").stdout)
        #expect(clean["pending"] as? Bool == false)
        #expect(clean["revision"] is NSNull)
        #expect(clean["head"] as? String == "0001_init")

        let history = try strata.run("history", "out", "--format", "json")
        #expect(history.status == 0)
        let listed = try jsonObject(history.stdout)
        #expect(listed["database_consulted"] as? Bool == false)
        let revisions = try #require(listed["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["id"] as? String } == ["0001_init"])
        #expect(revisions[0]["state"] is NSNull)
        #expect((revisions[0]["chain_hash"] as? String)?.hasPrefix("sha256:") == true)

        let verified = try jsonObject(try strata.run("verify", "out", "--format", "json").stdout)
        #expect(verified["ok"] as? Bool == true)
        #expect(verified["head"] as? String == "0001_init")
        #expect(verified["problems"] as? [Any] != nil)

        try strata.write("out/0001_init.up.sql", "SELECT 1;\n")
        let broken = try strata.run("verify", "out", "--format", "json")
        #expect(broken.status == 2)
        let problems = try #require(try jsonObject(broken.stdout)["problems"] as? [[String: Any]])
        #expect(problems.contains { $0["kind"] as? String == "checksumMismatch" && $0["file"] as? String == "0001_init.up.sql" })
        #expect(broken.stderr.contains("0001_init.up.sql"))
    }

    @Test func aYAMLErrorInJSONModeIsADiagnosticWithItsLocation() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        try strata.write("schema/tables/bad.yaml", "tables:\n  t:\n    columns:\n      id: { type: integer, nulable: false }\n")
        let result = try strata.run("diff", "schema", "-o", "out", "--format", "json")
        #expect(result.status == 2)
        let object = try jsonObject(result.stdout)
        #expect(object["ok"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["file"] as? String == "schema/tables/bad.yaml")
        #expect(diagnostics.first?["line"] as? Int == 4)
        #expect(!result.stderr.contains("nothing was written"))
    }

    @Test func diffShowsADestructiveScriptWithWhatItLosesAndCheckExitsOne() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        try strata.addNotesTable()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try FileManager.default.removeItem(at: strata.directory.appendingPathComponent("schema/tables/notes.yaml"))

        let diff = try strata.run("diff", "schema", "-o", "out", "-m", "drop notes")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("DROP TABLE negentropy.notes;"))
        #expect(diff.stderr.contains("warning: this revision loses data"))
        #expect(diff.stderr.contains("would lose: drop table negentropy.notes"))
        #expect(!diff.stderr.contains("nothing was written"))
        #expect(!diff.stderr.contains("error"))

        let check = try strata.run("check", "schema", "-o", "out")
        #expect(check.status == 1)
        #expect(check.stdout.contains("DROP TABLE negentropy.notes;"))
        // The command to run next is one quoted command, flag included.
        #expect(check.stderr.contains("run `strata compile schema -o out -m MESSAGE --allow-destructive`"))
        #expect(!check.stderr.contains("nothing was written"))

        let json = try jsonObject(try strata.run("check", "schema", "-o", "out", "--format", "json").stdout)
        let revision = try #require(json["revision"] as? [String: Any])
        #expect((revision["data_loss"] as? [String])?.count == 1)
        #expect(revision["needs_allow_destructive"] as? Bool == true)
        // CI gates on the structured hazard of the pending revision, as on an applied one's.
        let details = try #require(revision["hazard_details"] as? [[String: Any]])
        #expect(details.count == (revision["hazards"] as? [String])?.count)
        #expect(details.contains { $0["destructive"] as? Bool == true && $0["kind"] as? String == "data_loss" })

        // compile itself still refuses, and writes nothing.
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "drop notes").status == 2)
        #expect(strata.files(under: "out").count == 4)
    }

    @Test func rehashValidatesFirstAndWritesNothingOnError() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        let before = try strata.read("out/chain.json")
        try strata.write("out/0001_init.up.sql", try strata.read("out/0001_init.up.sql") + "COMMIT;\n")
        let result = try strata.run("rehash", "out")
        #expect(result.status == 2)
        #expect(result.stderr.contains("nothing was written"))
        #expect(try strata.read("out/chain.json") == before)
        // The refused statement is located, in text (file:line:column first) and in JSON.
        let lines = try strata.read("out/0001_init.up.sql").split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(result.stderr.contains("0001_init.up.sql:\(lines):1: revision 0001_init: COMMIT is not allowed"), "\(result.stderr)")
        let verify = try jsonObject(try strata.run("verify", "out", "--format", "json").stdout)
        let refused = try #require((verify["problems"] as? [[String: Any]])?.first { $0["kind"] as? String == "invalidScript" })
        #expect(refused["line"] as? Int == lines && refused["column"] as? Int == 1)
    }

    @Test func rehashChangesOnlyTheHeadWithoutForceAndNamesWhatChanges() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        #expect(try strata.run("compile", "schema", "-o", "out", "--empty", "-m", "backfill").status == 0)
        let head = "out/0002_backfill.up.sql"
        try strata.write(head, try strata.read(head) + "UPDATE negentropy.memories SET content = content;\n")
        let ok = try strata.run("rehash", "out")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("warning: 0002_backfill: recorded up checksum, chain hash change"))
        #expect(!ok.stderr.contains("0001_init"))

        let before = try strata.read("out/chain.json")
        try strata.write("out/0001_init.down.sql", try strata.read("out/0001_init.down.sql") + "SELECT 1;\n")
        let refused = try strata.run("rehash", "out")
        #expect(refused.status == 2)
        // One message: what was edited, what follows from it, the two ways on; no warning per revision.
        #expect(!refused.stderr.contains("warning:"), "\(refused.stderr)")
        #expect(
            refused.stderr.contains(
                "not rehashing: 0001_init (down checksum) was edited, which changes the chain hash of 1 later "
                    + "revision (0002_backfill). Only the head (0002_backfill) is surely unapplied"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("run `strata rehash out --force`"))
        #expect(refused.stderr.components(separatedBy: "error:").count == 2)
        #expect(try strata.read("out/chain.json") == before)

        let forced = try strata.run("rehash", "out", "--force")
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("warning: 0001_init: recorded down checksum, chain hash change"))
        #expect(forced.stderr.contains("warning: 0002_backfill: recorded chain hash changes"))
        #expect(try strata.run("verify", "out").status == 0)
    }

    @Test func usageSaysOutDirEverywhereAndHelpStampHasNoStrayBreak() throws {
        let strata = try StrataRunner()
        for command in ["apply", "status", "drift", "stamp", "history", "verify", "rehash", "bundle"] {
            let help = try strata.run("help", command)
            #expect(help.stdout.contains("<out-dir>"), "\(command): \(help.stdout)")
            #expect(!help.stdout.contains("OUT_DIR>"), "\(command)")
        }
        let check = try strata.run("help", "check")
        #expect(check.stdout.contains("<schema-dir>") && check.stdout.contains("-o, --out <out-dir>"))
        // The discussion is one paragraph, wrapped only where the help printer wraps.
        let stamp = try strata.run("help", "stamp").stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(stamp.contains("listing every difference; --force records it anyway."))
    }

    @Test func completionScriptsComeFromTheCommandDefinition() throws {
        let strata = try StrataRunner()
        for shell in ["bash", "zsh", "fish"] {
            let script = try strata.run("--generate-completion-script", shell)
            #expect(script.status == 0)
            #expect(script.stdout.contains("apply") && script.stdout.contains("allow-destructive")
                && script.stdout.contains("format"), "\(shell)")
        }
    }
}
