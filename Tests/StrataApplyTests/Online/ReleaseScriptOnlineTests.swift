import Foundation
import StrataBundle
import Testing

@testable import StrataApply
import StrataTestSupport

/// The release script (`strata bundle`) on the online patterns and against `apply`: it takes the
/// same advisory lock, sets lock_timeout, and keeps every revision's header and hazards.
@Suite(.requiresDatabase, .serialized) struct ReleaseScriptOnlineTests {
    static func releaseScript(_ bundle: TestBundle, from: Int?) throws -> String {
        let loaded = try #require(bundle.bundle)
        let revisions = loaded.chain.revisions
        return try ReleaseScript.render(
            bundle: loaded, from: from.map { revisions[$0] }, to: revisions.last!, fileName: "release.sql")
    }

    /// One definition (ApplyLockKey), and the SQL its documentation gives a DBA agrees with it.
    @Test func theKeyIsApplysAndTheDocumentedSQLComputesIt() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            for schema in ["negentropy", "public", "Ünïcode schema"] {
                let key = ApplyLockKey(schema: schema)
                #expect(AdvisoryLock(schema: schema).key == key.value)
                let sql = "SELECT ('x' || left(encode(sha256(convert_to($1, 'UTF8')), 'hex'), 16))::bit(64)::bigint"
                #expect(try connection.execute(sql, parameters: [key.text]).value(row: 0, column: 0) == String(key.value))
            }
        }
    }

    @Test func aRunWhileApplyHoldsTheLockStopsBeforeAnyChange() throws {
        let bundle = try OnlineDDLTests.bundle(online: true)
        defer { bundle.remove() }
        let script = try Self.releaseScript(bundle, from: nil)
        try TestDatabase.with { database in
            let holder = try database.connect()
            let key = try AdvisoryLock(schema: "negentropy").acquire(on: holder, wait: 0)
            let run = try database.psql(["-f", "-"], input: script)
            #expect(run.status == 3)
            #expect(run.stderr.contains("another run holds the advisory lock \(key)"), "\(run.stderr)")
            #expect(run.stderr.contains("held by backend pid"))
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
            AdvisoryLock(schema: "negentropy").release(on: holder)
            let again = try database.psql(["-f", "-"], input: script)
            #expect(again.status == 0, "\(again.stderr)")
        }
    }

    @Test func lockTimeoutDefaultsToApplysAndAPsqlVariableOverridesIt() throws {
        let bundle = try OnlineDDLTests.bundle(online: true)
        defer { bundle.remove() }
        let script = try Self.releaseScript(bundle, from: nil)
        #expect(script.contains("\\set lock_timeout 5s"))
        #expect(script.contains("SET lock_timeout = :'lock_timeout';"))
        try TestDatabase.with { database in
            let probe = "SELECT 'timeout=' || current_setting('lock_timeout');\n"
            // The script's preamble up to the lock block, then a probe.
            let preamble = String(script[..<script.range(of: "DO $strata$")!.lowerBound])
            let byDefault = try database.psql(["-At", "-f", "-"], input: preamble + probe)
            #expect(byDefault.stdout.contains("timeout=5s"), "\(byDefault.stderr)")
            let overridden = try database.psql(["-At", "-v", "lock_timeout=30s", "-f", "-"], input: preamble + probe)
            #expect(overridden.stdout.contains("timeout=30s"), "\(overridden.stderr)")
        }
    }

    /// Each revision's section keeps its up script's header and hazards, the online revision too;
    /// the online revision applies through psql to the catalog apply reaches.
    @Test func everySectionKeepsItsHeaderAndTheOnlineRevisionRunsThroughPsql() throws {
        let bundle = try OnlineDDLTests.bundle(online: true)
        defer { bundle.remove() }
        let script = try Self.releaseScript(bundle, from: nil)
        for entry in bundle.chain {
            #expect(script.contains("-- strata revision \(entry.id) (up)"))
        }
        #expect(script.components(separatedBy: "-- Hazards:").count - 1 == bundle.chain.count)
        let expected = try OnlineDDLTests.catalog(bundle)
        try TestDatabase.with { database in
            let first = try Self.releaseScript(bundle, from: nil)
            // v1 and the rows, then the rest through the release script from v1.
            try apply(bundle, to: .revision(bundle.chain[0].id), on: database)
            _ = try database.connect().execute(OnlineSchemas.rows)
            let rest = try Self.releaseScript(bundle, from: 0)
            let run = try database.psql(["-f", "-"], input: rest)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try database.connect().query(OnlineSchemas.catalogQuery).map { $0[0] ?? "" } == expected)
            let again = try database.psql(["-f", "-"], input: first)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("is already at \(bundle.chain[1].id)"))
        }
    }
}
