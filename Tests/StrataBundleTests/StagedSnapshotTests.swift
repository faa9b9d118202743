import Foundation
import Testing
@testable import StrataBundle
@testable import StrataCore

/// `compile` writes the new snapshot while the diff runs (`BundleStore.stageSnapshot`); the staged
/// file must end up exactly where and as `append` alone would write it, or leave nothing behind.
@Suite struct StagedSnapshotTests {
    /// Every file under `directory`, hidden ones included, relative and sorted.
    func allFiles(under directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        return ((enumerator?.allObjects as? [String]) ?? []).sorted()
    }

    @Test func aStagedSnapshotIsPutInPlaceByAppend() throws {
        let staged = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        let plain = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        let revision = Fixtures.revision(position: 1, parent: nil, message: "init", tables: ["users", "posts"])
        let store = BundleStore(directory: staged)
        let snapshot = try #require(store.stageSnapshot(of: revision.snapshot, revisionID: revision.id))
        let result = try store.append(revision, staged: snapshot)
        snapshot.discard()  // what `compile` does on every path: nothing, once appended
        try BundleStore(directory: plain).append(revision)
        #expect(result.writtenFiles.contains("snapshots/0001_init.json"))
        #expect(allFiles(under: staged) == allFiles(under: plain))
        for name in allFiles(under: plain) where !name.hasSuffix("snapshots") {
            #expect(try Fixtures.read(staged.appendingPathComponent(name)) == Fixtures.read(plain.appendingPathComponent(name)))
        }
        #expect(verifyBundle(at: staged) == [])
    }

    @Test func aDiscardedStageLeavesNothingBehindNotEvenTheDirectoriesItCreated() throws {
        let parent = try Fixtures.temporaryDirectory()
        let directory = parent.appendingPathComponent("out")
        let revision = Fixtures.revision(position: 1, parent: nil, message: "init", tables: ["users"])
        let snapshot = try #require(BundleStore(directory: directory).stageSnapshot(of: revision.snapshot, revisionID: revision.id))
        // A first compile stages into a hidden sibling that becomes `out/` when the revision is written.
        #expect(allFiles(under: parent).contains { $0.hasPrefix(".out.tmp-") && $0.hasSuffix("/snapshots/0001_init.json") })
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        snapshot.discard()
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(allFiles(under: parent) == [])
    }

    @Test func aStagedSnapshotOfAnotherSchemaIsNotUsed() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let store = BundleStore(directory: directory)
        let revision = Fixtures.revision(
            position: 4, parent: "0003_add_comments", message: "more", tables: ["users", "posts", "comments", "likes"])
        var other = revision.snapshot
        other.tables.removeLast()
        let snapshot = try #require(store.stageSnapshot(of: other, revisionID: revision.id))
        try store.append(revision, staged: snapshot)
        snapshot.discard()
        var expected = revision.snapshot
        expected.normalizeOrder()
        #expect(try MigrationBundle.load(at: directory).headSnapshot() == expected)
        #expect(!allFiles(under: directory).contains { $0.contains(".tmp-") })
        #expect(verifyBundle(at: directory) == [])
    }

    @Test func nothingIsStagedOverALeftoverFileOfTheSameName() throws {
        // An append interrupted after the snapshot was written: `append` compares the leftover.
        let directory = try Fixtures.threeRevisionBundle()
        let revision = Fixtures.revision(
            position: 4, parent: "0003_add_comments", message: "more", tables: ["users", "posts", "comments", "likes"])
        var snapshot = revision.snapshot
        snapshot.normalizeOrder()
        try Data(SnapshotJSON.encode(snapshot).bytes).write(to: directory.appendingPathComponent("snapshots/0004_more.json"))
        let staged = BundleStore(directory: directory).stageSnapshot(of: revision.snapshot, revisionID: revision.id)
        #expect(staged == nil)
        try BundleStore(directory: directory).append(revision)
        #expect(verifyBundle(at: directory) == [])
    }
}
