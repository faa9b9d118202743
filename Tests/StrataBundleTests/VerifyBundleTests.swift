import Foundation
import Testing
@testable import StrataBundle
@testable import StrataCore

/// Tamper cases: each edit of an intact bundle must be reported, naming revision and file.
@Suite struct VerifyBundleTests {
    @Test func intactBundleHasNoProblems() throws {
        #expect(verifyBundle(at: try Fixtures.threeRevisionBundle()) == [])
    }

    @Test func crlfCheckoutStillVerifies() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let script = directory.appendingPathComponent("0001_init.up.sql")
        let text = String(decoding: try Fixtures.read(script), as: UTF8.self)
        try Data([0xEF, 0xBB, 0xBF] + Array(text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n").utf8)).write(to: script)
        #expect(verifyBundle(at: directory) == [])
    }

    @Test func modifiedScript() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let script = directory.appendingPathComponent("0002_add_posts.down.sql")
        try Fixtures.write("DROP TABLE negentropy.users;\n", to: script)
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.checksumMismatch])
        #expect(problems[0].revision == "0002_add_posts")
        #expect(problems[0].file == "0002_add_posts.down.sql")
        #expect(problems[0].found == Checksum.sha256(of: "DROP TABLE negentropy.users;\n"))
        #expect(problems[0].description.hasPrefix("0002_add_posts.down.sql: revision 0002_add_posts: the file changed"))
    }

    /// A hand edit that commits mid-script: even with the checksums re-recorded, the script would
    /// let its first statements commit without the version row, so rehash finds it fails
    /// verification and writes nothing.
    @Test func transactionControlInARehashedScript() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let script = directory.appendingPathComponent("0002_add_posts.up.sql")
        try Fixtures.write("UPDATE negentropy.users SET id = id;\n  COMMIT;\nSELECT 1;\n", to: script)
        let chainBefore = try Fixtures.read(directory.appendingPathComponent("chain.json"))
        let problems = try BundleStore(directory: directory).rehash().problems
        #expect(try Fixtures.read(directory.appendingPathComponent("chain.json")) == chainBefore)
        #expect(verifyBundle(at: directory).map(\.kind) == [.checksumMismatch, .invalidScript])
        #expect(problems.map(\.kind) == [.invalidScript])
        #expect(problems.first?.revision == "0002_add_posts")
        #expect(problems.first?.file == "0002_add_posts.up.sql")
        #expect(problems.first?.message.hasPrefix("COMMIT is not allowed in a revision script") == true)
        // Located like a compile diagnostic: file:line:column first.
        #expect(problems.first?.line == 2 && problems.first?.column == 3)
        #expect(problems.first?.description.hasPrefix("0002_add_posts.up.sql:2:3: revision 0002_add_posts: COMMIT") == true)
    }

    @Test func missingFile() throws {
        let directory = try Fixtures.threeRevisionBundle()
        try FileManager.default.removeItem(at: directory.appendingPathComponent("0003_add_comments.up.sql"))
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.missingFile])
        #expect(problems[0].file == "0003_add_comments.up.sql" && problems[0].revision == "0003_add_comments")
    }

    @Test func extraFile() throws {
        let directory = try Fixtures.threeRevisionBundle()
        try Fixtures.write("SELECT 1;\n", to: directory.appendingPathComponent("0004_sneaky.up.sql"))
        try Fixtures.write("{}\n", to: directory.appendingPathComponent("snapshots/0004_sneaky.json"))
        try Fixtures.write("notes\n", to: directory.appendingPathComponent("README.md"))
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.extraFile, .extraFile])
        #expect(problems.map(\.file) == ["0004_sneaky.up.sql", "snapshots/0004_sneaky.json"])
    }

    @Test func reorderedRevisions() throws {
        let directory = try Fixtures.threeRevisionBundle()
        var chain = try Fixtures.loadChain(directory)
        chain.revisions.swapAt(1, 2)
        try Fixtures.saveChain(chain, directory)
        let problems = verifyBundle(at: directory)
        #expect(problems.contains { $0.kind == .misplacedRevision && $0.revision == "0003_add_comments" })
        #expect(problems.contains { $0.kind == .brokenParent && $0.revision == "0002_add_posts" })
        #expect(problems.contains { $0.kind == .chainHashMismatch })
    }

    @Test func insertedRevision() throws {
        let directory = try Fixtures.threeRevisionBundle()
        var chain = try Fixtures.loadChain(directory)
        // A revision slipped in between 1 and 2, with files and checksums that look right.
        var inserted = chain.revisions[1]
        inserted.id = "0002_sneaky"
        inserted.message = "sneaky"
        inserted.parent = "0001_init"
        inserted.chainHash = ChainHash.compute(for: inserted, parentHash: chain.revisions[0].chainHash)
        chain.revisions.insert(inserted, at: 1)
        try Fixtures.saveChain(chain, directory)
        let problems = verifyBundle(at: directory)
        #expect(problems.contains { $0.kind == .brokenParent && $0.revision == "0002_add_posts" })
        #expect(problems.contains { $0.kind == .misplacedRevision && $0.revision == "0002_add_posts" })
        #expect(problems.contains { $0.kind == .chainHashMismatch && $0.revision == "0002_add_posts" })
    }

    @Test func removedRevision() throws {
        let directory = try Fixtures.threeRevisionBundle()
        var chain = try Fixtures.loadChain(directory)
        chain.revisions.remove(at: 1)
        try Fixtures.saveChain(chain, directory)
        let problems = verifyBundle(at: directory)
        #expect(problems.contains { $0.kind == .brokenParent && $0.revision == "0003_add_comments" && $0.expected == "0001_init" && $0.found == "0002_add_posts" })
        #expect(problems.contains { $0.kind == .extraFile && $0.file == "0002_add_posts.up.sql" })
    }

    @Test func editedChainHash() throws {
        let directory = try Fixtures.threeRevisionBundle()
        var chain = try Fixtures.loadChain(directory)
        let original = chain.revisions[1].chainHash
        chain.revisions[1].chainHash = "sha256:" + String(repeating: "0", count: 64)
        try Fixtures.saveChain(chain, directory)
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.chainHashMismatch, .chainHashMismatch])
        #expect(problems[0].revision == "0002_add_posts" && problems[0].expected == original)
        #expect(problems[1].revision == "0003_add_comments")
    }

    @Test func editedChecksumAndScriptTogetherStillBreakTheChain() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let script = directory.appendingPathComponent("0001_init.up.sql")
        try Fixtures.write("DROP SCHEMA negentropy CASCADE;\n", to: script)
        var chain = try Fixtures.loadChain(directory)
        chain.revisions[0].up.sha256 = Checksum.sha256(of: "DROP SCHEMA negentropy CASCADE;\n")
        try Fixtures.saveChain(chain, directory)
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.chainHashMismatch])
        #expect(problems[0].revision == "0001_init" && problems[0].file == "chain.json")
    }

    @Test func editedSnapshot() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let snapshot = directory.appendingPathComponent("snapshots/0002_add_posts.json")
        var schema = try JSONDecoder().decode(Schema.self, from: Data(contentsOf: snapshot))
        schema.tables.removeAll { $0.name == "posts" }
        try Data(DeterministicJSON.encode(schema)).write(to: snapshot)
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.checksumMismatch])
        #expect(problems[0].file == "snapshots/0002_add_posts.json")
    }

    @Test func snapshotThatDoesNotDecode() throws {
        let directory = try Fixtures.threeRevisionBundle()
        try Fixtures.write("{\"name\": 1}\n", to: directory.appendingPathComponent("snapshots/0003_add_comments.json"))
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.checksumMismatch, .unreadableSnapshot])
        #expect(problems[1].description.hasPrefix("snapshots/0003_add_comments.json: revision 0003_add_comments: the snapshot does not decode"))
    }

    @Test func emptyRevisionMustKeepItsParentsSnapshot() throws {
        let directory = try Fixtures.threeRevisionBundle()
        // An --empty revision whose snapshot (consistently recorded) claims a schema change.
        var revision = Fixtures.revision(
            position: 4, parent: "0003_add_comments", message: "backfill", tables: ["comments", "posts", "users", "x"])
        revision.upSQL = "-- revision: 0004_backfill\n-- write the backfill here\n"
        revision.downSQL = "-- revision: 0004_backfill (down)\n"
        try BundleStore(directory: directory).append(revision)
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.inconsistentSnapshot])
        #expect(problems[0].revision == "0004_backfill" && problems[0].expected == "the snapshot of 0003_add_comments")
    }

    @Test func snapshotOfAnotherSchema() throws {
        let directory = try Fixtures.temporaryDirectory()
        var revision = Fixtures.revision(position: 1, parent: nil, message: "init", tables: ["a"])
        try BundleStore(directory: directory).append(revision)
        revision.snapshot.name = "other"
        var chain = try Fixtures.loadChain(directory)
        let bytes = DeterministicJSON.encode(revision.snapshot)
        try Data(bytes).write(to: directory.appendingPathComponent("snapshots/0001_init.json"))
        chain.revisions[0].snapshot.sha256 = Checksum.sha256(of: bytes)
        chain.revisions[0].chainHash = ChainHash.compute(for: chain.revisions[0], parentHash: nil)
        try Fixtures.saveChain(chain, directory)
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.inconsistentSnapshot])
        #expect(problems[0].expected == "negentropy" && problems[0].found == "other")
    }

    @Test func transactionalFlagMustFitTheMarkers() throws {
        let directory = try Fixtures.temporaryDirectory()
        let revision = Fixtures.revision(
            position: 1, parent: nil, message: "init", tables: ["a"],
            upBody: "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY i ON negentropy.a (id);\n", transactional: true)
        try BundleStore(directory: directory).append(revision)
        #expect(verifyBundle(at: directory).map(\.kind) == [.transactionalMismatch])
    }

    @Test func missingOrBrokenChainFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        let problems = verifyBundle(at: directory)
        #expect(problems.map(\.kind) == [.unreadableChain])
        #expect(problems[0].file == "chain.json")
        try Fixtures.write("not json", to: directory.appendingPathComponent("chain.json"))
        #expect(verifyBundle(at: directory).map(\.kind) == [.unreadableChain])
    }
}

/// `.integrity`, what compile, check and diff verify before they append: every tampering with
/// bytes still shows, and only the statement-level checks the checksums vouch for are left out.
@Suite struct IntegrityVerificationTests {
    func integrityProblems(_ directory: URL) -> [BundleProblem] {
        verifyBundleReadingHead(at: directory, depth: .integrity).problems
    }

    @Test func anIntactBundleHasNoProblemsAndItsHeadSnapshotIsDecoded() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let (problems, head) = verifyBundleReadingHead(at: directory, depth: .integrity)
        #expect(problems == [])
        #expect(head == (try MigrationBundle.load(at: directory).snapshot(of: try #require(Fixtures.loadChain(directory).revisions.last))))
    }

    @Test func everyEditOfBytesIsStillFound() throws {
        let script = try Fixtures.threeRevisionBundle()
        try Fixtures.write("DROP TABLE negentropy.users;\n", to: script.appendingPathComponent("0001_init.down.sql"))
        #expect(integrityProblems(script).map(\.kind) == [.checksumMismatch])

        let snapshot = try Fixtures.threeRevisionBundle()
        try Fixtures.write("{\"name\": 1}\n", to: snapshot.appendingPathComponent("snapshots/0002_add_posts.json"))
        #expect(integrityProblems(snapshot).map(\.kind) == [.checksumMismatch])

        let missing = try Fixtures.threeRevisionBundle()
        try FileManager.default.removeItem(at: missing.appendingPathComponent("0002_add_posts.up.sql"))
        #expect(integrityProblems(missing).map(\.kind) == [.missingFile])

        let chained = try Fixtures.threeRevisionBundle()
        var chain = try Fixtures.loadChain(chained)
        chain.revisions[1].chainHash = "sha256:" + String(repeating: "0", count: 64)
        try Fixtures.saveChain(chain, chained)
        #expect(integrityProblems(chained).map(\.kind) == [.chainHashMismatch, .chainHashMismatch])

        let extra = try Fixtures.threeRevisionBundle()
        try Fixtures.write("SELECT 1;\n", to: extra.appendingPathComponent("0004_sneaky.up.sql"))
        #expect(integrityProblems(extra).map(\.kind) == [.extraFile])
    }

    /// The head's snapshot is decoded (the compile diffs against it); one that does not is named.
    @Test func aHeadSnapshotThatDoesNotDecodeIsFound() throws {
        let directory = try Fixtures.threeRevisionBundle()
        try Fixtures.write("{\"name\": 1}\n", to: directory.appendingPathComponent("snapshots/0003_add_comments.json"))
        let (problems, head) = verifyBundleReadingHead(at: directory, depth: .integrity)
        #expect(problems.map(\.kind) == [.checksumMismatch, .unreadableSnapshot])
        #expect(head == nil)
    }
}
