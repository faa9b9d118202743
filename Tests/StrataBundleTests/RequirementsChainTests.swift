import Foundation
import StrataTestSupport
import Testing

@testable import StrataBundle
@testable import StrataCore

/// Version requirements in the chain (SPEC §3.2, §5 "compatible forward"): a revision's chain hash
/// covers exactly the fields it was written with, so bundles written before verify unchanged,
/// while a recorded requirement cannot be edited unnoticed; revisions without recorded
/// requirements have theirs scanned from the script, or declared by a hand-written one.
@Suite struct RequirementsChainTests {
    static let requires = VersionRequirements([
        (VersionedConstruct.nullsNotDistinct, "tables/t.yaml:4"), (VersionedConstruct.halfvec, "tables/t.yaml:7"),
    ])

    @Test func aRevisionWithoutRequirementsKeepsTheV1HashAndOneWithThemIsHashedUnderV2() throws {
        let directory = try Fixtures.threeRevisionBundle()
        var chain = try Fixtures.loadChain(directory)
        // Written without requirements: no `requires` key, and the hash of the v1 field list.
        let text = String(decoding: try Fixtures.read(directory.appendingPathComponent("chain.json")), as: UTF8.self)
        #expect(!text.contains("requires"))
        let first = chain.revisions[0]
        #expect(
            first.chainHash
                == ChainHash.compute(
                    parentHash: nil, id: first.id, position: 1, message: first.message, upSHA256: first.up.sha256,
                    downSHA256: first.down.sha256, snapshotSHA256: first.snapshot.sha256, transactional: true,
                    hazards: []))

        var withRequirements = first
        withRequirements.requires = Self.requires
        let v2 = ChainHash.compute(for: withRequirements, parentHash: nil)
        #expect(v2 != first.chainHash)
        var other = withRequirements
        other.requires?.postgres?.needs[0].at = "tables/t.yaml:5"
        #expect(ChainHash.compute(for: other, parentHash: nil) != v2)
        var empty = first
        empty.requires = VersionRequirements()
        #expect(ChainHash.compute(for: empty, parentHash: nil) != first.chainHash)

        // Editing a recorded requirement in chain.json breaks verification.
        chain.revisions[0] = withRequirements
        chain.revisions[0].chainHash = v2
        var parent = v2
        for index in 1..<chain.revisions.count {
            chain.revisions[index].chainHash = ChainHash.compute(for: chain.revisions[index], parentHash: parent)
            parent = chain.revisions[index].chainHash
        }
        try Fixtures.saveChain(chain, directory)
        #expect(verifyBundle(at: directory).isEmpty)
        chain.revisions[0].requires?.extensions[0].version = "0.5"
        try Fixtures.saveChain(chain, directory)
        #expect(verifyBundle(at: directory).map(\.kind) == [.chainHashMismatch])
    }

    @Test func appendWritesTheRequirementsCompileRecorded() throws {
        let directory = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        var revision = Fixtures.revision(position: 1, parent: nil, message: "init", tables: ["users"])
        revision.requirements = Self.requires
        let entry = try BundleStore(directory: directory).append(revision).entry
        #expect(entry.requires == Self.requires)
        #expect(try Fixtures.loadChain(directory).revisions[0].requires == Self.requires)
        #expect(verifyBundle(at: directory).isEmpty)
        let bundle = try MigrationBundle.load(at: directory)
        let read = try RevisionRequirements.of(entry, in: bundle)
        #expect(read.source == .recorded)
        #expect(read.requirements == Self.requires)
    }

    /// A strata from before requirements ignores the `requires` key and would report a chain-hash
    /// mismatch; the format it checks first makes it say instead which strata the bundle needs.
    @Test func aChainWithRecordedRequirementsIsFormat2AndOneWithoutStaysFormat1() throws {
        let plain = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        try BundleStore(directory: plain).append(
            Fixtures.revision(position: 1, parent: nil, message: "init", tables: ["users"]))
        #expect(try Fixtures.loadChain(plain).format == 1)

        let recorded = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        var revision = Fixtures.revision(position: 1, parent: nil, message: "init", tables: ["users"])
        revision.requirements = Self.requires
        try BundleStore(directory: recorded).append(revision)
        #expect(try Fixtures.loadChain(recorded).format == 2)
        #expect(verifyBundle(at: recorded).isEmpty)

        var future = try Fixtures.loadChain(recorded)
        future.format = 3
        try Fixtures.saveChain(future, recorded)
        #expect(throws: BundleError.unsupportedFormat(file: "chain.json", found: 3, expected: 2)) {
            try MigrationBundle.load(at: recorded)
        }
    }

    @Test func theExampleRevisionsAreScannedAndNeedPGVector07ForHalfvec() throws {
        let out = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("out")
        let bundle = try MigrationBundle.load(at: out)
        #expect(bundle.chain.revisions.allSatisfy { $0.requires == nil })
        let first = try RevisionRequirements.of(bundle.chain.revisions[0], in: bundle)
        #expect(first.source == .scanned)
        #expect(first.requirements.postgres == nil)
        let vector = try #require(first.requirements.extensions.first)
        #expect(vector.name == "vector")
        #expect(vector.version == "0.7")
        #expect(vector.needs.contains { $0.construct == "halfvec" && $0.at?.hasPrefix("0001_init.up.sql:") == true })
        #expect(vector.needs.contains { $0.construct == "hnsw index" })
    }

    @Test func aHandWrittenRevisionDeclaresItsRequirementsOrTheyAreUnknown() throws {
        let directory = try Fixtures.threeRevisionBundle()
        let store = BundleStore(directory: directory)
        var chain = try Fixtures.loadChain(directory)
        let head = chain.revisions[2]
        let snapshot = try MigrationBundle.load(at: directory).snapshot(of: head)
        for (position, header) in [(4, "-- strata:requires postgres 16\n-- strata:requires vector 0.7.1\n"), (5, "")] {
            let id = RevisionID.make(position: position, message: "backfill \(position)")
            try store.append(
                CompiledRevision(
                    id: id, parentID: chain.revisions.last?.id, message: "backfill \(position)",
                    upSQL: "-- revision: \(id)\n\(header)\nUPDATE negentropy.users SET id = id;\n", downSQL: "\n",
                    snapshot: snapshot, changes: [], hazards: [], isTransactional: true))
            chain = try Fixtures.loadChain(directory)
        }
        let bundle = try MigrationBundle.load(at: directory)
        let declared = try RevisionRequirements.of(chain.revisions[3], in: bundle)
        #expect(declared.source == .declared)
        #expect(declared.requirements.postgres?.version == 16)
        #expect(declared.requirements.postgres?.needs.first?.at == "0004_backfill_4.up.sql:2")
        #expect(declared.requirements.extensions.map(\.version) == ["0.7.1"])
        let unknown = try RevisionRequirements.of(chain.revisions[4], in: bundle)
        #expect(unknown.source == .unknown)
        #expect(unknown.requirements.isEmpty)
    }
}
