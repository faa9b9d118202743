import Foundation
import StrataTestSupport
import Testing
@testable import StrataBundle
@testable import StrataCore

/// The compile use case as a library call: values back, nothing printed, and a revision written
/// all or nothing whichever write fails.
@Suite struct RevisionCompilerTests {
    let options = RevisionCompiler.Options(message: "add posts", allowDestructive: false, stageSnapshot: true)

    /// A scratch root with `schema/` (users) compiled into `out/`, then `posts` added to the schema.
    func bundleWithPendingPosts() throws -> (root: URL, compiler: RevisionCompiler) {
        let root = try Scratch.directory("revision-compiler")
        let schema = try Workspace.schemaDirectory(in: root, tables: ["users"])
        let compiler = RevisionCompiler(schemaDirectory: schema.path, bundleDirectory: root.appendingPathComponent("out"))
        let first = try compiler.pending(.init(message: nil, allowDestructive: false, stageSnapshot: true))
        _ = try compiler.write(first, revision: try #require(first.revision))
        try Data("tables:\n  posts:\n    columns:\n      id: { type: bigint, primary_key: true }\n".utf8)
            .write(to: schema.appendingPathComponent("tables/posts.yaml"))
        return (root, compiler)
    }

    @Test func pendingReturnsTheRevisionAndEveryStepWithoutWriting() throws {
        let (root, compiler) = try bundleWithPendingPosts()
        let before = Workspace.listing(root.appendingPathComponent("out"))
        var steps: [String] = []
        let pending = try compiler.pending(
            .init(message: "add posts", allowDestructive: false), progress: { steps.append($0) })
        let revision = try #require(pending.revision)
        #expect(revision.id == "0002_add_posts")
        #expect(revision.changes == ["create table negentropy.posts"])
        #expect(pending.diagnostics.isEmpty)
        #expect(pending.bundle?.head?.id == "0001_init")
        #expect(steps.count == 3 && steps[0].hasPrefix("read 3 schema files from "))
        #expect(Workspace.listing(root.appendingPathComponent("out")) == before)
    }

    @Test func badYAMLIsAnOutcomeWithDiagnosticsNotAPrintout() throws {
        let (_, compiler) = try bundleWithPendingPosts()
        try Data("tables:\n  posts: [\n".utf8).write(
            to: URL(fileURLWithPath: compiler.schemaDirectory).appendingPathComponent("tables/posts.yaml"))
        let pending = try compiler.pending(options)
        guard case .failed = pending.outcome else { Issue.record("expected a failed outcome"); return }
        #expect(pending.diagnostics.first?.severity == .error)
        #expect(pending.diagnostics.first?.location?.file.hasSuffix("tables/posts.yaml") == true)
    }

    @Test func aBundleThatFailsVerificationIsRefusedWithEveryProblem() throws {
        let (root, compiler) = try bundleWithPendingPosts()
        try Data("-- edited\n".utf8).write(to: root.appendingPathComponent("out/0001_init.up.sql"))
        #expect {
            try compiler.pending(options)
        } throws: { error in
            guard case .bundle(.problems(let problems, _)) = error as? RevisionCompiler.Failure else { return false }
            return problems.map(\.file) == ["0001_init.up.sql"]
        }
    }

    @Test func aSecondRevisionNeedsAMessage() throws {
        let (_, compiler) = try bundleWithPendingPosts()
        let pending = try compiler.pending(.init(message: nil, allowDestructive: false, stageSnapshot: true))
        #expect(throws: RevisionCompiler.Failure.self) { try compiler.write(pending, revision: try #require(pending.revision)) }
        #expect(verifyBundle(at: URL(fileURLWithPath: compiler.bundleDirectory.path)) == [])
    }

    /// Fails the 1st, 2nd, ... change to the disk until the append goes through: after each
    /// failure `out/` is byte for byte what it was, and verifies.
    @Test func aFailedWriteLeavesTheOldBundleWhicheverWriteFails() throws {
        var failAt = 1
        while true {
            let (root, plain) = try bundleWithPendingPosts()
            let out = root.appendingPathComponent("out")
            let before = Workspace.listing(out)
            let disk = FaultyDisk(failAt: failAt)
            var compiler = plain
            compiler.fileSystem = disk.fileSystem
            let pending = try compiler.pending(options)
            do {
                let result = try compiler.write(pending, revision: try #require(pending.revision))
                #expect(result.writtenFiles.last == "chain.json")
                #expect(try MigrationBundle.load(at: out).chain.revisions.count == 2)
                #expect(verifyBundle(at: out) == [])
                // A snapshot that could not be staged is written by the append itself.
                if !disk.failed { break }
            } catch {
                #expect(disk.failed)
                #expect(Workspace.listing(out) == before, "failing change \(failAt)")
                #expect(verifyBundle(at: out) == [], "failing change \(failAt)")
            }
            failAt += 1
            try #require(failAt < 100)
        }
        #expect(failAt > 5)  // the scripts, the snapshot, the pending list, the renames, the chain
    }

    /// A first compile into an `out/` that does not exist: a failure leaves no `out/`, nor any
    /// directory it created on the way.
    @Test func aFailedFirstCompileLeavesNoDirectoryBehind() throws {
        var failAt = 1
        while true {
            let root = try Scratch.directory("first-compile")
            let schema = try Workspace.schemaDirectory(in: root, tables: ["users"])
            let parent = root.appendingPathComponent("build/deep")
            let disk = FaultyDisk(failAt: failAt)
            let compiler = RevisionCompiler(
                schemaDirectory: schema.path, bundleDirectory: parent.appendingPathComponent("out"),
                fileSystem: disk.fileSystem)
            let pending = try compiler.pending(.init(message: nil, allowDestructive: false, stageSnapshot: true))
            do {
                _ = try compiler.write(pending, revision: try #require(pending.revision))
                #expect(verifyBundle(at: parent.appendingPathComponent("out")) == [])
                if !disk.failed { break }
            } catch {
                #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("build").path), "failing change \(failAt)")
            }
            failAt += 1
            try #require(failAt < 100)
        }
    }

    /// A crash at each change in turn (nothing after it runs, not even the clean-up): `verify`
    /// passes on what is left, which is the old bundle or the new one, and the next compile
    /// completes the revision.
    @Test func aCrashAtAnyPointLeavesTheOldBundleOrTheNewOne() throws {
        var failAt = 1
        var sawOld = false
        var sawNew = false
        while true {
            let (root, plain) = try bundleWithPendingPosts()
            let out = root.appendingPathComponent("out")
            let disk = FaultyDisk(failAt: failAt, crashes: true)
            var compiler = plain
            compiler.fileSystem = disk.fileSystem
            let pending = try compiler.pending(options)
            let completed = (try? compiler.write(pending, revision: try #require(pending.revision))) != nil
            #expect(verifyBundle(at: out) == [], "crash at change \(failAt)")
            let revisions = try MigrationBundle.load(at: out).chain.revisions.map(\.id)
            #expect(revisions == ["0001_init"] || revisions == ["0001_init", "0002_add_posts"], "crash at change \(failAt)")
            if revisions.count == 1 { sawOld = true } else { sawNew = true }
            if completed && !disk.failed { break }
            // Started again, compile ends with the new revision and nothing stray.
            let again = try plain.pending(options)
            if let revision = again.revision { _ = try plain.write(again, revision: revision) } else { again.stagedSnapshot?.discard() }
            #expect(try MigrationBundle.load(at: out).chain.revisions.map(\.id) == ["0001_init", "0002_add_posts"])
            #expect(verifyBundle(at: out) == [])
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(BundleTransaction.pendingListName).path))
            failAt += 1
            try #require(failAt < 100)
        }
        #expect(sawOld && sawNew)
    }
}
