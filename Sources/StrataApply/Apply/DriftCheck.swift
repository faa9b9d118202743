import StrataBundle
import StrataCore

/// `strata drift`: the live managed schema compared with the snapshot of a revision (by default
/// the one the database is at), every difference listed.
public struct DriftReport: Sendable {
    /// The revision whose snapshot was compared (nil = base).
    public var revision: String?
    public var differences: [DriftDifference]
    /// Objects in the schema that strata cannot model (exclusion constraints, views, ...).
    public var unmodeled: [String]
    /// Tables whose declared expressions the server could not reprint (compared as written).
    public var unresolved: [String]

    public var hasDrift: Bool { !differences.isEmpty || !unmodeled.isEmpty }

    /// Compares the live schema with the snapshot at chain `position` (0 = base); the declared
    /// expressions are reprinted by the same server (in a rolled-back transaction).
    public static func check(
        _ context: BundleContext, position: Int, on connection: borrowing Connection
    ) throws(ApplyFailure) -> DriftReport {
        try check(context, position: position, on: connection, probingOn: connection, standIn: false)
    }

    /// The same, with the declared expressions reprinted by `probe`, another (writable) server of
    /// the same major version: for a read-only database or a hot standby (`drift --probe-url`).
    public static func check(
        _ context: BundleContext, position: Int, on connection: borrowing Connection, probe: borrowing Connection
    ) throws(ApplyFailure) -> DriftReport {
        guard probe.serverVersion / 10000 == connection.serverVersion / 10000 else {
            throw ApplyFailure(
                .badInput,
                "the probe server runs PostgreSQL \(probe.serverVersion / 10000) and the database PostgreSQL "
                    + "\(connection.serverVersion / 10000): expressions are reprinted by the server's own version, so the "
                    + "probe server must be of the same major version")
        }
        return try check(context, position: position, on: connection, probingOn: probe, standIn: true)
    }

    static func check(
        _ context: BundleContext, position: Int, on connection: borrowing Connection, probingOn probe: borrowing Connection,
        standIn: Bool
    ) throws(ApplyFailure) -> DriftReport {
        let declared: Schema
        if position == 0 {
            declared = Schema.base(name: context.schema, versionTable: context.versionRows.table)
        } else if position == context.chain.count, let head = context.headSnapshot {
            declared = head
        } else {
            do { declared = try context.bundle.snapshot(of: context.chain[position - 1]) } catch {
                throw ApplyFailure(.badInput, "cannot read the snapshot of \(context.chain[position - 1].id): \(error)")
            }
        }
        // Both servers read and reprint under the settings generated scripts pin.
        let saved: [(name: String, value: String)]
        let savedOnProbe: [(name: String, value: String)]
        do {
            saved = try pinReadingSettings(on: connection)
            savedOnProbe = standIn ? try pinReadingSettings(on: probe) : []
        } catch {
            throw .connection(error, while: "could not set the settings drift reads under")
        }
        defer {
            restoreSettings(saved, on: connection)
            if standIn { restoreSettings(savedOnProbe, on: probe) }
        }
        let live: IntrospectedSchema
        do {
            live = try introspectSchema(named: context.schema, versionTable: context.versionRows.table, on: connection)
        } catch {
            throw .connection(error, while: "could not read the schema \(context.schema) from the catalog")
        }
        // The server reprints declared defaults and checks the way the catalog stores them
        // ('x' → 'x'::negentropy.kind), so only real differences remain. That takes temporary
        // tables: a server that refuses writes is never written to, and comparing as written
        // would report differences that are not there.
        let canonical: (schema: Schema, unresolved: [String])
        do {
            canonical = try canonicalizeExpressions(
                in: declared, on: probe, searchPath: standIn ? live.sessionSearchPath : nil, standIn: standIn)
        } catch where error.sqlState == readOnlyState {
            throw readOnlyFailure(context, standIn: standIn, standby: live.serverIsStandby, error: error)
        } catch where error.kind == .usage {
            throw ApplyFailure(.badInput, error.message)
        } catch {
            throw .connection(error, while: "could not reprint the declared expressions of \(context.schema)")
        }
        var differences = compareForDrift(declared: canonical.schema, live: live)
        PendingPrefixEnumValues(context, position: position)?.annotate(&differences, declared: declared, live: live.schema)
        let routines: (differences: [DriftDifference], unmodeled: [String], unresolved: [String])
        do {
            routines = try routineDrift(declared: declared, on: connection, probingOn: probe)
        } catch {
            throw .connection(error, while: "could not compare the functions and procedures of \(context.schema)")
        }
        return DriftReport(
            revision: context.revisionID(at: position), differences: differences + routines.differences,
            unmodeled: (live.unmodeled + routines.unmodeled).sorted(), unresolved: canonical.unresolved + routines.unresolved)
    }

    /// Drift cannot compare expressions exactly without a server that takes writes (exit 2).
    static func readOnlyFailure(_ context: BundleContext, standIn: Bool, standby: Bool, error: PostgresError) -> ApplyFailure {
        if standIn {
            return ApplyFailure(
                .badInput,
                "the probe server refuses writes too (\(error.message)); --probe-url needs a writable server, where "
                    + "drift creates temporary tables in a transaction it rolls back")
        }
        return ApplyFailure(
            .badInput,
            "cannot compare schema \(context.schema) exactly: the server is "
                + (standby ? "a hot standby" : "read-only (default_transaction_read_only)") + " (\(error.message)), and drift "
                + "has the server reprint the declared defaults, checks and index expressions through temporary tables. "
                + "Nothing was created and no drift is reported.\n"
                + "Pass --probe-url with any writable PostgreSQL server of the same major version (a scratch database is "
                + "enough): drift reprints the expressions there, in a transaction it rolls back, and compares this "
                + "server's catalog with them.")
    }

    /// One line per difference, for the CLI and for `stamp`'s refusal.
    public var lines: [String] {
        differences.map(\.description) + unmodeled.map { "not modelled by strata: \($0)" }
    }
}

/// The settings `drift` reads under: those a generated script pins (`PinnedSettings`) and
/// `standard_conforming_strings = on`. The declared `'2024-03-10 02:30'` on a `timestamptz` column is
/// then read as the script stored it, and both sides print alike; under the session's own
/// `TimeZone` or `DateStyle` a correctly applied default would look drifted and a wrongly applied
/// one clean. Returns the session's values, for `restoreSettings`.
func pinReadingSettings(on connection: borrowing Connection) throws(PostgresError) -> [(name: String, value: String)] {
    let names = PinnedSettings.settings.map(\.name) + ["standard_conforming_strings"]
    // One message: the session's values, then the pins (a fixed number of round trips).
    let results = try connection.queryEach(
        (["SELECT " + names.map { "current_setting('\($0)')" }.joined(separator: ", ")]
            + PinnedSettings.sessionStatements + ["SET standard_conforming_strings = on"]).joined(separator: ";\n"))
    var saved: [(name: String, value: String)] = []
    for (column, name) in names.enumerated() {
        if let value = results.first?.first?[column] { saved.append((name, value)) }
    }
    return saved
}

/// Puts back the session's own values of the settings `pinReadingSettings` changed, in one query.
func restoreSettings(_ saved: [(name: String, value: String)], on connection: borrowing Connection) {
    guard !saved.isEmpty else { return }
    let calls = saved.map { "set_config(\(CatalogQueries.stringLiteral($0.name)), \(CatalogQueries.stringLiteral($0.value)), false)" }
    _ = try? connection.execute("SELECT " + calls.joined(separator: ", "))
}
