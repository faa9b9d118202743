import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite struct CompileCommandTests {
    @Test func compileThenRecompileWritesNothing() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        let first = try strata.run("compile", "schema", "-o", "out")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("wrote revision 0001_init (parent base)\n  out/0001_init.up.sql\n"))
        #expect(first.stderr == "")
        #expect(
            strata.files(under: "out") == [
                "0001_init.down.sql", "0001_init.up.sql", "chain.json", "snapshots/0001_init.json",
            ])
        let chainBefore = try strata.read("out/chain.json")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: strata.directory.appendingPathComponent("out/chain.json").path)

        let second = try strata.run("compile", "schema", "-o", "out", "-m", "again")
        #expect(second.status == 0)
        #expect(second.stdout == "no changes: the schema matches revision 0001_init; nothing to do\n")
        #expect(second.stderr == "")
        #expect(strata.files(under: "out").count == 4)
        #expect(try strata.read("out/chain.json") == chainBefore)
        let attributesAfter = try FileManager.default.attributesOfItem(
            atPath: strata.directory.appendingPathComponent("out/chain.json").path)
        #expect(attributes[.modificationDate] as? Date == attributesAfter[.modificationDate] as? Date)
    }

    @Test func secondRevisionNeedsAMessageAndChainsToTheFirst() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try strata.addNotesTable()
        let unnamed = try strata.run("compile", "schema", "-o", "out")
        #expect(unnamed.status == 2)
        #expect(unnamed.stderr.contains("compile them with -m MESSAGE"))
        #expect(strata.files(under: "out").count == 4)  // hidden ones too: no staged snapshot is left

        let named = try strata.run("compile", "schema", "-o", "out", "-m", "Add notes")
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.hasPrefix("wrote revision 0002_add_notes (parent 0001_init)\n"))
        #expect(named.stdout.contains("changes:\n  create table negentropy.notes\n"))
        #expect(try strata.read("out/0002_add_notes.up.sql").contains("CREATE TABLE negentropy.notes ("))
        #expect(try strata.run("verify", "out").status == 0)
    }

    @Test func yamlErrorIsBadInputWithLocationAndWritesNothing() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        try strata.write(
            "schema/tables/bad.yaml",
            """
            tables:
              broken:
                columns:
                  id: { type: uuidd }

            """)
        let result = try strata.run("compile", "schema", "-o", "out")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("schema/tables/bad.yaml:4:19: error: "))
        #expect(result.stderr.contains("1 error; nothing was written"))
        #expect(!strata.exists("out"))
    }

    @Test func badFlagIsExitTwo() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        let result = try strata.run("compile", "schema", "-o", "out", "--no-such-flag")
        #expect(result.status == 2)
        #expect(result.stderr.contains("Unknown option '--no-such-flag'"))
        #expect(!strata.exists("out"))
    }

    @Test func missingSchemaDirectoryIsExitTwo() throws {
        let strata = try StrataRunner()
        let result = try strata.run("compile", "nowhere", "-o", "out")
        #expect(result.status == 2)
        #expect(result.stderr.contains("nowhere: not a directory"))
    }

    @Test func unreadableSchemaFilesAreLocatedErrorsNotSkipped() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        let tables = strata.directory.appendingPathComponent("schema/tables").path
        // A name that is not UTF-8 (Latin-1 é), a dangling link, a link to itself.
        let latin1 = Array((tables + "/caf").utf8) + [0xE9] + Array(".yaml".utf8) + [0]
        let fd = latin1.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        close(fd)
        try FileManager.default.createSymbolicLink(atPath: tables + "/gone.yaml", withDestinationPath: "nowhere.yaml")
        try FileManager.default.createSymbolicLink(atPath: tables + "/loop.yaml", withDestinationPath: "loop.yaml")
        let result = try strata.run("compile", "schema", "-o", "out")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "strata: error: schema/tables/caf\u{FFFD}.yaml: the name is not valid UTF-8; rename it (schema paths appear in diagnostics and must be text)",
                "strata: error: schema/tables/gone.yaml: broken symbolic link to `nowhere.yaml`; fix or remove the link",
                "strata: error: schema/tables/loop.yaml: symbolic link loop; fix or remove the link",
            ])
        #expect(!strata.exists("out"))
    }

    @Test func bundleFailingVerificationBlocksCompile() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try strata.write("out/0001_init.up.sql", "DROP SCHEMA negentropy CASCADE;\n")
        try strata.addNotesTable()
        let result = try strata.run("compile", "schema", "-o", "out", "-m", "add notes")
        #expect(result.status == 2)
        #expect(result.stderr.contains("0001_init.up.sql: revision 0001_init: the file changed"))
        #expect(!strata.exists("out/0002_add_notes.up.sql"))
    }

    @Test func destructiveRevisionIsRefusedUnlessAllowed() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        try strata.addNotesTable()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try FileManager.default.removeItem(at: strata.directory.appendingPathComponent("schema/tables/notes.yaml"))
        let refused = try strata.run("compile", "schema", "-o", "out", "-m", "drop notes")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--allow-destructive"))
        #expect(!strata.exists("out/0002_drop_notes.up.sql"))
        // Nor the snapshot compile wrote while it diffed, nor its temporary file.
        #expect(strata.files(under: "out").count == 4)
        let allowed = try strata.run("compile", "schema", "-o", "out", "-m", "drop notes", "--allow-destructive")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("hazards:\n"))
        #expect(try strata.read("out/0002_drop_notes.up.sql").contains("DROP TABLE negentropy.notes"))
    }

    @Test func emptyRevisionForHandWrittenSQL() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        let noMessage = try strata.run("compile", "schema", "-o", "out", "--empty")
        #expect(noMessage.status == 2)
        let result = try strata.run("compile", "schema", "-o", "out", "--empty", "-m", "backfill content")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote revision 0002_backfill_content"))
        #expect(try strata.read("snapshots/0002_backfill_content.json", in: "out") == strata.read("out/snapshots/0001_init.json"))
        #expect(try strata.run("verify", "out").status == 0)
    }
}

extension StrataRunner {
    func read(_ path: String, in directory: String) throws -> String { try read(directory + "/" + path) }
}
