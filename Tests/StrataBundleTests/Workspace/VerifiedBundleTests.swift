import Foundation
import StrataTestSupport
import Testing
@testable import StrataBundle
@testable import StrataCore

/// `VerifiedBundle.open`, the one way compile, check, diff, history, bundle and apply open `out/`.
@Suite struct VerifiedBundleTests {
    @Test func aFreshDirectoryIsNilOnlyWhenAllowed() throws {
        let directory = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        #expect(try VerifiedBundle.open(at: directory, allowFresh: true) == nil)
        #expect(throws: BundleRefusal.self) { try VerifiedBundle.open(at: directory, allowFresh: false) }
    }

    @Test func problemsAreListedThenCounted() throws {
        let directory = try Fixtures.threeRevisionBundle()
        try Fixtures.write("SELECT 1;\n", to: directory.appendingPathComponent("0002_add_posts.up.sql"))
        try Fixtures.write("SELECT 2;\n", to: directory.appendingPathComponent("0003_add_comments.down.sql"))
        do {
            _ = try VerifiedBundle.open(at: directory, allowFresh: false)
            Issue.record("the bundle was not refused")
        } catch {
            #expect(error.errors.count == 2)
            #expect(error.errors[0].hasPrefix("0002_add_posts.up.sql: "))
            #expect(error.summary == "\(directory.relativePath): 2 problems; the bundle fails verification")
            #expect(error.description == (error.errors + [error.summary!]).joined(separator: "\n"))
        }
    }

    /// A BOM on a snapshot, as an editor may add: accepted like on the scripts and `chain.json`
    /// (the checksum does not cover it), by verify, by the head's snapshot and its header.
    @Test func aSnapshotWithAByteOrderMarkReadsLikeTheOthers() throws {
        let directory = try Fixtures.threeRevisionBundle()
        for name in ["snapshots/0002_add_posts.json", "snapshots/0003_add_comments.json", "chain.json", "0003_add_comments.up.sql"] {
            let url = directory.appendingPathComponent(name)
            try Data([0xEF, 0xBB, 0xBF] + Fixtures.read(url)).write(to: url)
        }
        #expect(verifyBundle(at: directory) == [])
        let verified = try #require(try VerifiedBundle.open(at: directory, allowFresh: false))
        #expect(verified.headSnapshot?.tables.map(\.name) == ["comments", "posts", "users"])
        #expect(try verified.bundle.headSnapshotHeader()?.versionTable == verified.headSnapshot?.versionTable)
    }
}
