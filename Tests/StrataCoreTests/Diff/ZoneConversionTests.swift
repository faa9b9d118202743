import Testing
@testable import StrataCore

/// Conversions between zoned and unzoned types read values as UTC, which the generated script pins
/// (issue 23); what the header says about them, and which of them PostgreSQL does without a rewrite.
@Suite struct ZoneConversionTests {
    typealias F = Fixtures
    static let timestamp = F.type("timestamp without time zone")
    static let timestamptz = F.type("timestamp with time zone")

    func change(_ from: ColumnType, _ to: ColumnType, using: String? = nil) -> ColumnTypeChange {
        ColumnTypeChange(table: "t", column: "at", from: from, to: to, using: using)
    }

    func hazardLines(_ typeChange: ColumnTypeChange) -> [String] {
        hazards(of: .alterColumnType(typeChange), schema: "app", createdTables: []).map { "\($0.kind.rawValue): \($0.detail)" }
    }

    @Test func whichConversionsReadTheSessionZone() {
        #expect(readsSessionZone(from: Self.timestamp, to: Self.timestamptz))
        #expect(readsSessionZone(from: Self.timestamptz, to: Self.timestamp))
        #expect(readsSessionZone(from: F.type("date"), to: Self.timestamptz))
        #expect(readsSessionZone(from: Self.timestamptz, to: F.type("date")))
        #expect(readsSessionZone(from: F.type("time without time zone"), to: F.type("time with time zone")))
        // timetz -> time keeps each value's own clock time; date -> timestamp has no zone at all.
        #expect(!readsSessionZone(from: F.type("time with time zone"), to: F.type("time without time zone")))
        #expect(!readsSessionZone(from: F.type("date"), to: Self.timestamp))
        #expect(!readsSessionZone(from: Self.timestamp, to: F.type("timestamp without time zone", 3)))
    }

    @Test func timestampToTimestamptzChangesOnlyTheCatalogAndRebuildsTheIndexes() {
        let up = change(Self.timestamp, Self.timestamptz)
        #expect(!typeChangeEffect(from: up.from, to: up.to, using: nil).rewrites)
        #expect(
            hazardLines(up) == [
                "builds an index: needs no rewrite: under the script's TimeZone UTC PostgreSQL changes only the catalog; "
                    + "any index on app.t.at is rebuilt"
            ])
        #expect(
            describe(.alterColumnType(up), schema: "app")
                == "change the type of app.t.at from timestamp without time zone to timestamp with time zone "
                + "(values read as UTC; declare `using:` to choose another zone)")
        // Back again, and to a precision at least as fine: still no rewrite.
        #expect(!typeChangeEffect(from: Self.timestamptz, to: Self.timestamp, using: nil).rewrites)
        #expect(!typeChangeEffect(from: F.type("timestamp without time zone", 3), to: Self.timestamptz, using: nil).rewrites)
        // A coarser precision rounds every value: rewritten.
        #expect(typeChangeEffect(from: Self.timestamptz, to: F.type("timestamp without time zone", 3), using: nil).rewrites)
        #expect(typeChangeEffect(from: ColumnType(name: "timestamp without time zone", isArray: true),
                                 to: ColumnType(name: "timestamp with time zone", isArray: true), using: nil).rewrites)
    }

    @Test func dateToTimestamptzRewrites() {
        #expect(
            hazardLines(change(F.type("date"), Self.timestamptz)) == ["rewrites the table: rewrites app.t and all its indexes"])
    }

    @Test func aUsingChoosesTheZone() {
        let zoned = change(Self.timestamp, Self.timestamptz, using: "at AT TIME ZONE 'Asia/Shanghai'")
        #expect(zoneConversionNote(zoned) == nil)
        #expect(hazardLines(zoned) == ["rewrites the table: rewrites app.t and all its indexes"])
        #expect(!describe(.alterColumnType(zoned), schema: "app").contains("UTC"))
    }

    @Test func everyGeneratedScriptPinsItsSettingsAtTheTopOfItsTransaction() {
        let diff = SchemaDiff(
            changes: [.alterColumnType(change(Self.timestamp, Self.timestamptz))], createdTables: [], diagnostics: [])
        let script = emitUp(diff, schema: "app", revisionID: "0002_x", parentID: "0001_init", message: "m")
        #expect(
            script.text.hasSuffix(
                """

                -- Pinned so that what this revision stores does not depend on the session running it:
                SET LOCAL TimeZone = 'UTC';
                SET LOCAL DateStyle = 'ISO, MDY';
                SET LOCAL IntervalStyle = 'postgres';
                SET LOCAL extra_float_digits = 1;
                SET LOCAL bytea_output = 'hex';

                ALTER TABLE app.t ALTER COLUMN at TYPE timestamp with time zone;

                """))
        #expect(script.isTransactional)
        // The down script converts back under the same settings.
        let down = emitDown(
            SchemaDiff(changes: [.alterColumnType(change(Self.timestamptz, Self.timestamp))], createdTables: [], diagnostics: []),
            schema: "app", revisionID: "0002_x", parentID: "0001_init", message: "m")
        #expect(down.text.contains("SET LOCAL TimeZone = 'UTC';\n"))
    }
}
