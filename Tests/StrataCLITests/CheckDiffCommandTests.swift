import Testing

@Suite struct CheckDiffCommandTests {
    @Test func checkExitsOneWithThePendingScriptAndWritesNothing() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        let fresh = try strata.run("check", "schema", "-o", "out")
        #expect(fresh.status == 1)
        #expect(fresh.stdout.hasPrefix("-- strata revision 0001_init (up)\n"))
        #expect(fresh.stderr.contains("schema has changes not compiled into out"))
        #expect(!strata.exists("out"))

        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        let clean = try strata.run("check", "schema", "-o", "out")
        #expect(clean.status == 0)
        #expect(clean.stdout == "up to date: the schema matches revision 0001_init\n")
        #expect(clean.stderr == "")

        try strata.addNotesTable()
        let pending = try strata.run("check", "schema", "-o", "out")
        #expect(pending.status == 1)
        #expect(pending.stdout.contains("CREATE TABLE negentropy.notes ("))
        #expect(strata.files(under: "out").count == 4)
    }

    @Test func diffPrintsExactlyWhatCompileWrites() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        let none = try strata.run("diff", "schema", "-o", "out")
        #expect(none.status == 0)
        #expect(none.stdout == "no changes: the schema matches revision 0001_init; nothing to do\n")

        try strata.addNotesTable()
        let diff = try strata.run("diff", "schema", "-o", "out", "-m", "add notes")
        #expect(diff.status == 0)
        #expect(diff.stderr == "")
        #expect(strata.files(under: "out").count == 4)
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "add notes").status == 0)
        #expect(diff.stdout == (try strata.read("out/0002_add_notes.up.sql")))
    }
}
