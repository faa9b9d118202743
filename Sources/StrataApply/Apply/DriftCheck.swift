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
        return DriftReport(
            revision: context.revisionID(at: position), differences: differences,
            unmodeled: live.unmodeled.sorted(), unresolved: canonical.unresolved)
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
