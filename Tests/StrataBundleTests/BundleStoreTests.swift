import Foundation
import Testing
@testable import StrataBundle
@testable import StrataCore

@Suite struct BundleStoreTests {
    @Test func appendWritesScriptsSnapshotAndChain() throws {
        let directory = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        let revision = Fixtures.revision(position: 1, parent: nil, message: "init", tables: ["users"])
        let result = try BundleStore(directory: directory).append(revision)
        #expect(
            result.writtenFiles == [
                "0001_init.up.sql", "0001_init.down.sql", "snapshots/0001_init.json", "chain.json",
            ])
        #expect(String(decoding: try Fixtures.read(directory.appendingPathComponent("0001_init.up.sql")), as: UTF8.self) == revision.upSQL)
        let chain = try Fixtures.loadChain(directory)
        #expect(chain.schema == "negentropy")
        #expect(chain.revisions == [result.entry])
        #expect(result.entry.parent == nil && result.entry.position == 1)
        #expect(result.entry.up.sha256 == Checksum.sha256(of: revision.upSQL))
        #expect(result.entry.chainHash == ChainHash.compute(for: result.entry, parentHash: nil))
        let bundle = try MigrationBundle.load(at: directory)
        #expect(try bundle.headSnapshot() == revision.snapshot)
        #expect(verifyBundle(at: directory) == [])
    }

    @Test func chainAndSnapshotsAreDeterministicJSON() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let chainBytes = try Fixtures.read(directory.appendingPathComponent("chain.json"))
        let text = String(decoding: chainBytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"format\" : 1,\n  \"revisions\" : [\n"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"file\" : \"snapshots/0001_init.json\""))  // slashes unescaped
    }

    @Test func writingTheSameRevisionsTwiceGivesIdenticalBytes() throws {
        let first = try Fixtures.threeRevisionBundle()
        let second = try Fixtures.threeRevisionBundle()
        let names = ["chain.json", "0001_init.up.sql", "0002_add_posts.down.sql", "snapshots/0003_add_comments.json"]
        for name in names {
            #expect(try Fixtures.read(first.appendingPathComponent(name)) == Fixtures.read(second.appendingPathComponent(name)))
        }
    }

    @Test func appendRefusesARevisionThatIsNotTheHeadsChild() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let stale = Fixtures.revision(position: 3, parent: "0002_add_posts", message: "other", tables: ["x"])
        #expect(throws: BundleError.notHeadChild(revision: "0003_other", expectedParent: "0003_add_comments", found: "0002_add_posts")) {
            try BundleStore(directory: directory).append(stale)
        }
        let wrongID = Fixtures.revision(position: 7, parent: "0003_add_comments", message: "late", tables: ["x"])
        #expect(throws: BundleError.badRevisionID("0007_late", expectedPosition: 4)) {
            try BundleStore(directory: directory).append(wrongID)
        }
        #expect(verifyBundle(at: directory) == [])
    }

    @Test func rewritingUnchangedFilesLeavesThemAlone() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let chain = directory.appendingPathComponent("chain.json")
        // Backdated, so any rewrite shows in the mtime without waiting for the clock to move.
        let before = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: chain.path)
        #expect(try BundleStore(directory: directory).rehash().changes == [])
        let after = try FileManager.default.attributesOfItem(atPath: chain.path)[.modificationDate] as? Date
        #expect(before == after)
    }

    @Test func rehashRecordsAHandEditFileByFile() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let script = directory.appendingPathComponent("0002_add_posts.up.sql")
        let old = try Fixtures.loadChain(directory)
        try Fixtures.write(String(decoding: try Fixtures.read(script), as: UTF8.self) + "UPDATE negentropy.posts SET id = id;\n", to: script)
        #expect(!verifyBundle(at: directory).isEmpty)

        let changes = try BundleStore(directory: directory).rehash().changes
        let new = try Fixtures.loadChain(directory)
        #expect(
            changes == [
                .init(revision: "0002_add_posts", field: .checksum(file: "0002_add_posts.up.sql"), old: old.revisions[1].up.sha256, new: new.revisions[1].up.sha256),
                .init(revision: "0002_add_posts", field: .chainHash, old: old.revisions[1].chainHash, new: new.revisions[1].chainHash),
                .init(revision: "0003_add_comments", field: .chainHash, old: old.revisions[2].chainHash, new: new.revisions[2].chainHash),
            ])
        #expect(changes[0].description.hasPrefix("0002_add_posts.up.sql: checksum sha256:"))
        #expect(verifyBundle(at: directory) == [])
        #expect(try BundleStore(directory: directory).rehash().changes == [])
    }

    @Test func rehashReadsTheTransactionalFlagFromMarkers() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let script = directory.appendingPathComponent("0003_add_comments.up.sql")
        try Fixtures.write(
            String(decoding: try Fixtures.read(script), as: UTF8.self)
                + "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY ix ON negentropy.comments (id);\n", to: script)
        let changes = try BundleStore(directory: directory).rehash().changes
        #expect(changes.contains(.init(revision: "0003_add_comments", field: .transactional, old: "true", new: "false")))
        #expect(try Fixtures.loadChain(directory).revisions[2].transactional == false)
        #expect(verifyBundle(at: directory) == [])
    }

    @Test func freshDirectoryIsAnEmptyBundleButStrayScriptsAreNot() throws {
        let directory = try Fixtures.temporaryDirectory()
        #expect(try MigrationBundle.loadIfPresent(at: directory.appendingPathComponent("absent")) == nil)
        #expect(try MigrationBundle.loadIfPresent(at: directory) == nil)
        try Fixtures.write("SELECT 1;\n", to: directory.appendingPathComponent("0001_x.up.sql"))
        #expect(throws: BundleError.orphanFiles(directory: directory.relativePath, files: ["0001_x.up.sql"])) {
            try MigrationBundle.loadIfPresent(at: directory)
        }
    }

    @Test func malformedChainNamesTheFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        try Fixtures.write("{\"format\": 1, \"schema\": \"s\"}", to: directory.appendingPathComponent("chain.json"))
        #expect(throws: BundleError.malformedJSON(file: "chain.json", reason: "missing key 'revisions' at the top level")) {
            try MigrationBundle.load(at: directory)
        }
    }
}
