import Foundation
import StrataTestSupport
import Testing

/// The same bundle stores the same values whatever session runs it (SPEC §4; issues 23 and 24
/// item 4): `strata apply` against a database whose default and role settings are hostile (a
/// non-UTC TimeZone, DateStyle `SQL, DMY`, IntervalStyle `sql_standard`, `extra_float_digits = 0`,
/// `bytea_output = escape`, `standard_conforming_strings = off`), and the release bundle run by psql
/// with PGTZ, PGDATESTYLE and PGOPTIONS saying the same, give byte-for-byte the rows, defaults,
/// checks and index predicates of a run under PostgreSQL's defaults.
@Suite struct SessionSettingsDatabaseTests {
    /// What the database default and the role (in that database) say; the role's TimeZone wins.
    static let databaseSettings = [
        "TimeZone = 'Asia/Shanghai'", "DateStyle = 'SQL, DMY'", "IntervalStyle = 'sql_standard'",
        "extra_float_digits = 0", "bytea_output = 'escape'", "standard_conforming_strings = off",
    ]
    static let roleSettings = ["TimeZone = 'America/New_York'"]
    /// The client side for psql: libpq sends these at connect, over the database's and role's.
    static let clientEnvironment = [
        "PGTZ": "Pacific/Auckland", "PGDATESTYLE": "SQL, DMY",
        "PGOPTIONS": "-c standard_conforming_strings=off -c IntervalStyle=sql_standard -c extra_float_digits=0",
    ]
    /// How the test reads back: PostgreSQL's defaults, the same in every database.
    static let readingSettings =
        "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; "
        + "SET extra_float_digits = 1; SET bytea_output = 'hex'; SET standard_conforming_strings = on;"

    @Test(.requiresDatabase)
    func aBundleStoresTheSameValuesUnderAnySession() throws {
        let adminURL = try TestServer.requireURL()
        let strata = try StrataRunner()
        try compileChain(strata)
        let up2 = try strata.read("out/0002_convert.up.sql")
        #expect(up2.contains("SET LOCAL TimeZone = 'UTC';\nSET LOCAL DateStyle = 'ISO, MDY';"))
        #expect(
            up2.contains(
                "--   - change the type of app.stamps.ts from timestamp without time zone to timestamp with time zone "
                    + "(values read as UTC; declare `using:` to choose another zone): needs no rewrite: under the script's "
                    + "TimeZone UTC PostgreSQL changes only the catalog; any index on app.stamps.ts is rebuilt "
                    + "(ACCESS EXCLUSIVE on app.stamps)"),
            "\(up2)")
        #expect(try strata.run("bundle", "out", "--to", "0001", "-o", "r1.sql").status == 0)
        #expect(try strata.run("bundle", "out", "--from", "0001", "--to", "0002", "-o", "r2.sql").status == 0)
        #expect(try strata.run("bundle", "out", "--from", "0002", "-o", "r3.sql").status == 0)

        let psql = Psql(adminURL: adminURL, directory: strata.directory)
        let user = try #require(TestServer.user(in: adminURL))
        var databases: [String] = []
        defer {
            for name in databases {
                _ = try? psql.run(url: adminURL, "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
        func database(hostile: Bool) throws -> String {
            let name = "strata_session_" + UUID().uuidString.prefix(8).lowercased()
            databases.append(name)
            #expect(try psql.run(url: adminURL, "-c", "CREATE DATABASE \(name)").status == 0)
            if hostile {
                for setting in Self.databaseSettings {
                    #expect(try psql.run(url: adminURL, "-c", "ALTER DATABASE \(name) SET \(setting)").status == 0)
                }
                for setting in Self.roleSettings {
                    #expect(try psql.run(url: adminURL, "-c", "ALTER ROLE \(user) IN DATABASE \(name) SET \(setting)").status == 0)
                }
            }
            return try #require(psql.url(forDatabase: name))
        }
        func read(_ url: String, _ query: String) throws -> String {
            let result = try psql.run(url: url, "-Atc", Self.readingSettings + " " + query)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        func apply(_ url: String, to target: String) throws {
            let result = try strata.run("apply", "out", "--to", target, "--url", url, "--allow-destructive")
            #expect(result.status == 0, "\(result.stderr)")
        }
        func runBundle(_ url: String, _ file: String) throws {
            let result = try StrataRunner.capture(
                URL(fileURLWithPath: "/usr/bin/env"),
                Self.clientEnvironment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    + [TestServer.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file],
                in: strata.directory)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let populate = Self.readingSettings + """
             INSERT INTO app.stamps (id, ts, tz) VALUES (1, '2026-01-01 12:00', '2026-01-01 12:00+00'),
                 (2, '2026-07-01 23:30:00.5', '2026-07-01 23:30:00.5+00');
             INSERT INTO app.events (id, d, ratio, local_ts, clock, code) VALUES
                 (1, '2026-01-01', 0.1::float8 + 0.2::float8, '2026-01-01 12:00', '12:00', '42');
            """
        func state(_ url: String) throws -> String {
            try read(
                url,
                """
                SELECT 'stamps', s::text FROM app.stamps s UNION ALL SELECT 'events', e::text FROM app.events e
                UNION ALL SELECT 'default ' || attname, pg_get_expr(adbin, adrelid) FROM pg_attrdef
                    JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum WHERE adrelid = 'app.events'::regclass
                UNION ALL SELECT 'check', pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid = 'app.events'::regclass AND contype = 'c'
                UNION ALL SELECT 'index', pg_get_indexdef(indexrelid) FROM pg_index
                    WHERE indrelid = 'app.events'::regclass
                ORDER BY 1, 2
                """)
        }
        func filenode(_ url: String, _ relation: String) throws -> String {
            try read(url, "SELECT pg_relation_filenode('\(relation)')")
        }

        // The reference: PostgreSQL's defaults.
        let reference = try database(hostile: false)
        try apply(reference, to: "0001")
        _ = try read(reference, populate)
        let referenceAt1 = try state(reference)
        try apply(reference, to: "head")
        let referenceAtHead = try state(reference)
        // What the chain means, read as UTC.
        #expect(referenceAt1.contains("default at_default|'2024-03-10 02:30:00+00'::timestamp with time zone"))
        #expect(referenceAt1.contains("default day|'2024-03-04'::date"))
        #expect(referenceAt1.contains("default span|'-1 days +02:00:00'::interval"))
        #expect(referenceAt1.contains(#"default path|'C:\temp'::text"#))
        #expect(referenceAt1.contains(#"check|CHECK ((code ~ '^\d+$'::text))"#))
        #expect(referenceAtHead.contains("stamps|(1,\"2026-01-01 12:00:00+00\",\"2026-01-01 12:00:00\")"))
        #expect(
            referenceAtHead.contains(
                #"events|(1,"2026-01-01 00:00:00+00",0.30000000000000004,"C:\\temp",42,"2024-03-10 02:30:00+00",2024-03-04,"-1 days +02:00:00","2026-01-01 04:00:00+00",12:00:00+00,"2024-03-10 02:30:00+00")"#),
            "\(referenceAtHead)")
        #expect(referenceAtHead.contains("WHERE (at_default > '2024-03-10 02:30:00+00'::timestamp with time zone)"))

        // apply under the database's and the role's settings.
        let applied = try database(hostile: true)
        #expect(try psql.run(url: applied, "-Atc", "SHOW TimeZone").stdout == "America/New_York\n")
        try apply(applied, to: "0001")
        _ = try read(applied, populate)
        #expect(try state(applied) == referenceAt1)
        let table = try filenode(applied, "app.stamps")
        let index = try filenode(applied, "app.ix_stamps_ts")
        let events = try filenode(applied, "app.events")
        try apply(applied, to: "0002")
        // timestamp <-> timestamptz under the pinned UTC: only the catalog changes, the index on
        // the column is rebuilt (as the hazard says); date -> timestamptz rewrites.
        #expect(try filenode(applied, "app.stamps") == table)
        #expect(try filenode(applied, "app.ix_stamps_ts") != index)
        #expect(try filenode(applied, "app.events") != events)
        // Up then down returns the original rows.
        try apply(applied, to: "0001")
        #expect(try state(applied) == referenceAt1)
        try apply(applied, to: "head")
        #expect(try state(applied) == referenceAtHead)
        let drift = try strata.run("drift", "out", "--url", applied)
        #expect(drift.status == 0, "\(drift.stdout)\(drift.stderr)")
        // A default set by hand under the session's zone is a different moment: drift sees it.
        let wrong = try psql.run(
            url: applied, "-c", "ALTER TABLE app.events ALTER COLUMN at_default SET DEFAULT '2024-03-10 02:30'")
        #expect(wrong.status == 0)
        let drifted = try strata.run("drift", "out", "--url", applied)
        #expect(drifted.status != 0)
        #expect(drifted.stdout.contains("at_default"), "\(drifted.stdout)")

        // The release bundle through psql, with the client's environment hostile too.
        let bundled = try database(hostile: true)
        try runBundle(bundled, "r1.sql")
        _ = try read(bundled, populate)
        #expect(try state(bundled) == referenceAt1)
        let bundledTable = try filenode(bundled, "app.stamps")
        try runBundle(bundled, "r2.sql")
        #expect(try filenode(bundled, "app.stamps") == bundledTable)
        try runBundle(bundled, "r3.sql")
        #expect(try state(bundled) == referenceAtHead)
    }

    /// 0001 creates the tables with literal defaults and a check whose meaning depends on the
    /// session; 0002 converts timestamp <-> timestamptz (catalog only), date -> timestamptz and
    /// double precision -> text, adds a column with a zoned default (backfilled) and an index whose
    /// predicate holds a zoned literal (built concurrently, outside the transaction); 0003
    /// converts with an explicit zone in `using:`.
    func compileChain(_ strata: StrataRunner) throws {
        try strata.write("schema/app.yaml", "schema:\n  name: app\n")
        func tables(stamps: String, events: String) throws {
            try strata.write(
                "schema/tables.yaml",
                """
                tables:
                  stamps:
                    columns:
                      id: { type: bigint, primary_key: true }
                \(stamps)
                    indexes:
                      - { name: ix_stamps_ts, columns: [ts] }
                  events:
                    columns:
                      id: { type: bigint, primary_key: true }
                \(events)
                """)
        }
        let defaults = #"""
                  path: { type: text, default: '''C:\temp''' }
                  code: text
                  at_default: { type: timestamptz, default: "'2024-03-10 02:30'" }
                  day: { type: date, default: "'03/04/2024'" }
                  span: { type: interval, default: "'-1 2:00:00'" }
            """#
        let checks = #"""
                checks:
                  - { name: ck_events_code, expression: 'code ~ ''^\d+$''' }
            """#
        try tables(
            stamps: "      ts: timestamp\n      tz: timestamptz",
            events: "      d: date\n      ratio: double precision\n" + defaults + "\n      local_ts: timestamp\n      clock: time\n" + checks)
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try tables(
            stamps: "      ts: timestamptz\n      tz: timestamp",
            events: "      d: timestamptz\n      ratio: text\n" + defaults + "\n      local_ts: timestamp\n      clock: timetz\n"
                + "      added_at: { type: timestamptz, default: \"'2024-03-10 02:30'\" }\n" + checks
                + "\n    indexes:\n      - { name: ix_events_recent, columns: [id], where: \"at_default > '2024-03-10 02:30'\" }\n")
        let second = try strata.run("compile", "schema", "-o", "out", "-m", "convert")
        #expect(second.status == 0, "\(second.stderr)")
        try tables(
            stamps: "      ts: timestamptz\n      tz: timestamp",
            events: "      d: timestamptz\n      ratio: text\n" + defaults
                + "\n      local_ts: { type: timestamptz, using: \"local_ts AT TIME ZONE 'Asia/Shanghai'\" }\n"
                + "      clock: timetz\n      added_at: { type: timestamptz, default: \"'2024-03-10 02:30'\" }\n" + checks
                + "\n    indexes:\n      - { name: ix_events_recent, columns: [id], where: \"at_default > '2024-03-10 02:30'\" }\n")
        let third = try strata.run("compile", "schema", "-o", "out", "-m", "zone")
        #expect(third.status == 0, "\(third.stderr)")
    }
}
