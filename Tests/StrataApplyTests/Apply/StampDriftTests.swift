import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// `drift` and `stamp` against the real server.
@Suite(.requiresDatabase, .serialized) struct StampDriftTests {
    func context(_ bundle: TestBundle) throws -> BundleContext { try bundle.context() }

    /// Runs the up scripts of the first `count` revisions with psql, as a database built by hand
    /// (or by another tool) would be: no version table.
    func buildByHand(_ bundle: TestBundle, revisions count: Int, on database: TestDatabase) throws {
        for entry in bundle.chain.prefix(count) {
            let result = try database.psql(["-f", bundle.directory.appendingPathComponent(entry.up.file).path])
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func noDriftAfterApplyAndEveryChangeListedAfterHandEdits() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            let clean = try DriftReport.check(context(bundle), position: 3, on: connection)
            #expect(clean.lines == [])
            _ = try connection.execute("ALTER TABLE negentropy.threads ADD COLUMN extra integer")
            _ = try connection.execute("DROP INDEX negentropy.ix_memories_thread")
            let drifted = try DriftReport.check(context(bundle), position: 3, on: connection)
            #expect(drifted.hasDrift)
            #expect(drifted.lines.contains { $0.contains("threads.extra") })
            #expect(drifted.lines.contains { $0.contains("ix_memories_thread") })
        }
    }

    /// drift reads under the pinned settings and gives the session its own back (stamp runs it on
    /// the connection it then writes with).
    @Test func driftReadsUnderThePinnedSettingsAndPutsTheSessionsBack() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            _ = try connection.execute("SET TimeZone = 'Asia/Shanghai'; SET DateStyle = 'SQL, DMY'")
            _ = try connection.execute("SET standard_conforming_strings = off")
            #expect(try DriftReport.check(context(bundle), position: 3, on: connection).lines == [])
            let settings = try connection.execute(
                "SELECT current_setting('TimeZone'), current_setting('DateStyle'), current_setting('standard_conforming_strings')")
            #expect(settings.rows == [["Asia/Shanghai", "SQL, DMY", "off"]])
        }
    }

    @Test func stampAdoptsAMatchingDatabaseAndApplyContinues() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try buildByHand(bundle, revisions: 2, on: database)
            let connection = try database.connect()
            let result = try Stamper(context: context(bundle), reference: "0002", force: false, lockWait: 0)
                .run(on: connection)
            let outcome = try result.get()
            #expect(outcome.recorded.map(\.id) == bundle.chain.prefix(2).map(\.id))
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
            try apply(bundle, to: .head, on: database)
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
            // `head` names the last revision, as for apply and bundle: already there, nothing recorded.
            let again = try Stamper(context: context(bundle), reference: "head", force: false, lockWait: 0)
                .run(on: connection)
            #expect(try again.get().recorded.isEmpty)
        }
    }

    @Test func stampHeadRecordsTheWholeChain() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try buildByHand(bundle, revisions: 3, on: database)
            let connection = try database.connect()
            let result = try Stamper(context: context(bundle), reference: "head", force: false, lockWait: 0)
                .run(on: connection)
            #expect(try result.get().recorded.map(\.id) == bundle.chain.map(\.id))
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
        }
    }

    @Test func stampRefusesADriftedDatabaseUnlessForced() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try buildByHand(bundle, revisions: 2, on: database)
            let connection = try database.connect()
            _ = try connection.execute("ALTER TABLE negentropy.memories ADD COLUMN hand_made text")
            let refused = try Stamper(context: context(bundle), reference: "0002", force: false, lockWait: 0)
                .run(on: connection)
            guard case .failure(let refusal) = refused else {
                Issue.record("stamp must refuse a drifted database")
                return
            }
            #expect(refusal.lines.contains { $0.contains("memories.hand_made") })
            #expect(try connection.query("SELECT to_regclass('negentropy.strata_version') IS NULL") == [["t"]])

            let forced = try Stamper(context: context(bundle), reference: "0002", force: true, lockWait: 0)
                .run(on: connection).get()
            #expect(forced.overriddenDrift.contains { $0.contains("memories.hand_made") })
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
        }
    }

    @Test func stampDoesNotGoBackwards() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            #expect(throws: ApplyFailure.self) {
                try Stamper(context: context(bundle), reference: "0001", force: true, lockWait: 0).run(on: connection)
            }
        }
    }
}
