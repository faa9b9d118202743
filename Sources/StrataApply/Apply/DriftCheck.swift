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

    /// Compares the live schema with the snapshot at chain `position` (0 = base).
    public static func check(
        _ context: BundleContext, position: Int, on connection: borrowing Connection
    ) throws(ApplyFailure) -> DriftReport {
        let declared: Schema
        if position == 0 {
            declared = Schema.base(name: context.schema, versionTable: context.versionRows.table)
        } else {
            do { declared = try context.bundle.snapshot(of: context.chain[position - 1]) } catch {
                throw ApplyFailure(.badInput, "cannot read the snapshot of \(context.chain[position - 1].id): \(error)")
            }
        }
        let live: IntrospectedSchema
        let canonical: (schema: Schema, unresolved: [String])
        do {
            let saved = try pinReadingSettings(on: connection)
            defer { restoreSettings(saved, on: connection) }
            live = try introspectSchema(
                named: context.schema, versionTable: context.versionRows.table, on: connection)
            // The server reprints declared defaults and checks the way the catalog stores them
            // ('x' → 'x'::negentropy.kind), so only real differences remain.
            canonical = try canonicalizeExpressions(in: declared, on: connection)
        } catch {
            throw .connection(error, while: "could not read the schema \(context.schema) from the catalog")
        }
        return DriftReport(
            revision: context.revisionID(at: position),
            differences: compareForDrift(declared: canonical.schema, live: live),
            unmodeled: live.unmodeled.sorted(), unresolved: canonical.unresolved)
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
    let current = try connection.execute("SELECT " + names.map { "current_setting('\($0)')" }.joined(separator: ", "))
    var saved: [(name: String, value: String)] = []
    for (column, name) in names.enumerated() {
        if let value = current.value(row: 0, column: column) { saved.append((name, value)) }
    }
    for sql in PinnedSettings.sessionStatements + ["SET standard_conforming_strings = on"] {
        try connection.execute(sql)
    }
    return saved
}

/// Puts back the session's own values of the settings `pinReadingSettings` changed.
func restoreSettings(_ saved: [(name: String, value: String)], on connection: borrowing Connection) {
    for (name, value) in saved {
        _ = try? connection.execute("SELECT set_config($1, $2, false)", parameters: [name, value])
    }
}
