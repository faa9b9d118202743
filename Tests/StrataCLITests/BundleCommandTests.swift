import Foundation
import Testing

/// verify, rehash, history and bundle on a compiled two-revision bundle.
@Suite struct BundleCommandTests {
    func twoRevisions() throws -> StrataRunner {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try strata.addNotesTable()
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "add notes").status == 0)
        return strata
    }

    @Test func verifyPassesThenFailsAfterTampering() throws {
        let strata = try twoRevisions()
        let ok = try strata.run("verify", "out")
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("out: ok, 2 revisions of schema negentropy, head 0002_add_notes (chain hash sha256:"))

        try strata.write("out/0002_add_notes.down.sql", "-- nothing\n")
        try strata.write("out/0003_extra.up.sql", "SELECT 1;\n")
        let bad = try strata.run("verify", "out")
        #expect(bad.status == 2)
        #expect(bad.stdout == "")
        #expect(bad.stderr.contains("strata: error: 0002_add_notes.down.sql: revision 0002_add_notes: the file changed"))
        #expect(bad.stderr.contains("strata: error: 0003_extra.up.sql: the file is not listed in chain.json"))
        #expect(bad.stderr.hasSuffix("out: 2 problems; the bundle fails verification\n"))
    }

    @Test func verifyOfSomethingThatIsNoBundle() throws {
        let strata = try StrataRunner()
        let result = try strata.run("verify", "missing")
        #expect(result.status == 2)
        #expect(result.stderr.contains("chain.json"))
    }

    @Test func rehashRecordsAHandEdit() throws {
        let strata = try twoRevisions()
        let nothing = try strata.run("rehash", "out")
        #expect(nothing.status == 0)
        #expect(nothing.stdout == "nothing to rehash: every checksum and chain hash already matches\n")

        let script = try strata.read("out/0002_add_notes.up.sql")
        try strata.write("out/0002_add_notes.up.sql", script + "INSERT INTO negentropy.notes (id) VALUES (1);\n")
        #expect(try strata.run("verify", "out").status == 2)
        let result = try strata.run("rehash", "out")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("0002_add_notes.up.sql: checksum sha256:"))
        #expect(lines[1].hasPrefix("0002_add_notes: chain hash sha256:"))
        #expect(lines[2] == "rehashed: 2 values changed in chain.json")
        #expect(try strata.run("verify", "out").status == 0)
    }

    @Test func historyListsRevisionsOldestFirst() throws {
        let strata = try twoRevisions()
        let result = try strata.run("history", "out")
        #expect(result.status == 0)
        let chain = try JSONSerialization.jsonObject(with: Data(strata.read("out/chain.json").utf8)) as? [String: Any]
        let revisions = try #require(chain?["revisions"] as? [[String: Any]])
        let firstHash = try #require(revisions[0]["chainHash"] as? String)
        #expect(result.stdout.hasPrefix("schema negentropy: 2 revisions, oldest first\n\n0001_init  init\n"))
        #expect(result.stdout.contains("\n0002_add_notes  add notes\n"))
        #expect(result.stdout.contains("    chain \(firstHash)\n"))
        #expect(result.stdout.contains("    hazards: none\n"))
        let initIndex = try #require(result.stdout.range(of: "0001_init"))
        let notesIndex = try #require(result.stdout.range(of: "0002_add_notes"))
        #expect(initIndex.lowerBound < notesIndex.lowerBound)
    }

    @Test func bundleWritesAReleaseScript() throws {
        let strata = try twoRevisions()
        let result = try strata.run("bundle", "out", "--from", "base", "--to", "head", "-o", "release.sql")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("wrote release.sql: base -> 0002_add_notes, 2 revisions\nsha256 "))
        let script = try strata.read("release.sql")
        #expect(script.hasPrefix("-- strata release script\n-- schema:        negentropy"))
        #expect(script.contains("-- Revision 1 of 2: 0001_init\nBEGIN;\n"))
        #expect(script.contains("-- Revision 2 of 2: 0002_add_notes\nBEGIN;\n"))

        let partial = try strata.run("bundle", "out", "--from", "0001", "-o", "release2.sql")
        #expect(partial.status == 0)
        #expect(partial.stdout.hasPrefix("wrote release2.sql: 0001_init -> 0002_add_notes, 1 revision\n"))

        let unknown = try strata.run("bundle", "out", "--from", "0009", "-o", "x.sql")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no revision `0009` in the chain"))
        #expect(!strata.exists("x.sql"))

        let inside = try strata.run("bundle", "out", "-o", "out/release.sql")
        #expect(inside.status == 2)
        #expect(inside.stderr.contains("write the release script outside out"))
        #expect(try strata.run("verify", "out").status == 0)

        let backwards = try strata.run("bundle", "out", "--from", "0002", "--to", "0001", "-o", "x.sql")
        #expect(backwards.status == 2)
        #expect(!strata.exists("x.sql"))

        let toBase = try strata.run("bundle", "out", "--to", "base", "-o", "x.sql")
        #expect(toBase.status == 2)
        #expect(toBase.stderr.contains("only moves forward"))
        #expect(!strata.exists("x.sql"))
    }
}
