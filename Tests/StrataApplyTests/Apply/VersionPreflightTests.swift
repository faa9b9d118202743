import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// The version preflight (SPEC §3.2): what the server offers against what the pending revisions
/// need, every shortfall named with its revision, construct, place and both versions.
@Suite struct VersionPreflightTests {
    static func entry(_ position: Int, _ id: String) -> ChainEntry {
        let record = FileRecord(file: id + ".up.sql", sha256: "sha256:00")
        return ChainEntry(
            id: id, position: position, parent: nil, message: id, up: record, down: record, snapshot: record,
            transactional: true, hazards: [], chainHash: "")
    }

    static let preflight = VersionPreflight(revisions: [
        RevisionRequirements(
            revision: entry(2, "0002_nulls"), source: .recorded,
            requirements: VersionRequirements([(VersionedConstruct.nullsNotDistinct, "tables/a.yaml:4")])),
        RevisionRequirements(
            revision: entry(3, "0003_half"), source: .scanned,
            requirements: VersionRequirements([
                (VersionedConstruct.hnsw, "0003_half.up.sql:9"), (VersionedConstruct.halfvec, "0003_half.up.sql:9"),
            ])),
        RevisionRequirements(
            revision: entry(4, "0004_virtual"), source: .recorded,
            requirements: VersionRequirements([(VersionedConstruct.virtualGenerated, "tables/b.yaml:7")])),
    ])

    @Test func aServerWithEverythingPasses() {
        let server = VersionPreflight.ServerVersions(
            versionNumber: 180001, version: "18.1", extensions: ["vector": ("0.8.1", "0.8.1")])
        #expect(Self.preflight.shortfalls(on: server).isEmpty)
        #expect(Self.preflight.failure(on: server) == nil)
        #expect(Self.preflight.extensionNames == ["vector"])
    }

    @Test func eachShortfallNamesTheRevisionTheConstructAndBothVersions() throws {
        let server = VersionPreflight.ServerVersions(
            versionNumber: 160002, version: "16.2", extensions: ["vector": ("0.6.2", "0.7.0")])
        #expect(Self.preflight.shortfalls(on: server) == [
            "0003_half needs pgvector 0.7 for halfvec (0003_half.up.sql:9); this database has extension vector 0.6.2 "
                + "installed (found in its script: it was compiled before requirements were recorded)",
            "0004_virtual needs PostgreSQL 18 for virtual generated column (tables/b.yaml:7); this server is PostgreSQL 16.2",
        ])
        let failure = try #require(Self.preflight.failure(on: server))
        #expect(failure.kind == .database)
        #expect(failure.message.hasPrefix("cannot apply: nothing has been changed."))
        #expect(failure.message.contains("ALTER EXTENSION vector UPDATE;"))
        #expect(failure.message.contains("or apply only the revisions before 0003_half"))
    }

    @Test func anExtensionNotInstalledIsJudgedByWhatCreateExtensionWouldInstall() {
        let server = VersionPreflight.ServerVersions(
            versionNumber: 170000, version: "17.0", extensions: ["vector": (nil, "0.6.2")])
        #expect(Self.preflight.shortfalls(on: server).first?.contains("CREATE EXTENSION vector would install 0.6.2") == true)
        let newer = VersionPreflight.ServerVersions(
            versionNumber: 180000, version: "18.0", extensions: ["vector": (nil, "0.10.0")])
        #expect(Self.preflight.shortfalls(on: newer).isEmpty)
    }

    @Test func strataNeedsPostgreSQL15ForItsVersionTable() {
        let server = VersionPreflight.ServerVersions(versionNumber: 140011, version: "14.11", extensions: [:])
        #expect(VersionPreflight(revisions: []).shortfalls(on: server) == [
            "strata needs PostgreSQL 15 or later (its version table uses UNIQUE NULLS NOT DISTINCT); this server is PostgreSQL 14.11"
        ])
    }
}

/// On the PostgreSQL 18 test server: a hand-written revision's declared requirement is checked
/// before anything runs, the revisions before it still apply, and the dry run says the same.
@Suite(.requiresDatabase, .serialized) struct VersionPreflightDatabaseTests {
    @Test func aHandWrittenRevisionDeclaringANewerServerIsRefusedBeforeAnyStatement() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try bundle.handWritten(
            message: "needs the future",
            up: "-- revision: future\n-- strata:requires postgres 99\n-- strata:requires vector 9.1 a future index type\n\n"
                + "CREATE TABLE negentropy.future (id int);\n",
            down: "DROP TABLE negentropy.future;\n")
        try TestDatabase.with { database in
            do {
                try apply(bundle, to: .head, on: database)
                Issue.record("apply ran past the preflight")
            } catch let failure as ApplyFailure {
                #expect(failure.kind == .database)
                #expect(failure.message.contains(
                    "0004_needs_the_future needs PostgreSQL 99 for a declared requirement (0004_needs_the_future.up.sql:2); "
                        + "this server is PostgreSQL 18"))
                #expect(failure.message.contains("0004_needs_the_future needs pgvector 9.1 for a future index type"))
                #expect(failure.message.contains("(declared by its hand-written script)"))
                #expect(failure.message.contains("or apply only the revisions before 0004_needs_the_future"))
            }
            // Nothing ran: no managed schema at all.
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
            // The revisions before it need nothing this server lacks.
            #expect(try apply(bundle, to: .forward(3), on: database).plan.steps.count == 3)
            let observer = RecordingObserver()
            _ = try apply(bundle, to: .head, on: database, observer: observer) { $0.dryRun = true }
            #expect(observer.dryRunLines.contains { $0.hasPrefix("-- preflight:") && $0.contains("PostgreSQL 99") })
        }
    }

    @Test func aHandWrittenRevisionDeclaringNothingIsNamedInTheDryRunAndApplies() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try bundle.handWritten(
            message: "seed", up: "INSERT INTO negentropy.threads (title) VALUES ('hello');\n",
            down: "DELETE FROM negentropy.threads;\n")
        try TestDatabase.with { database in
            let observer = RecordingObserver()
            _ = try apply(bundle, to: .head, on: database, observer: observer) { $0.dryRun = true }
            #expect(observer.dryRunLines.contains(
                "-- preflight: 0004_seed is hand-written and declares no version requirements "
                    + "(`-- strata:requires NAME VERSION`); they are not checked"))
            #expect(try apply(bundle, to: .head, on: database).plan.steps.count == 4)
        }
    }
}
