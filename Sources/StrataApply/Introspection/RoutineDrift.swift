public import StrataCore
import Foundation

/// Drift of functions and procedures (SPEC §3.1, ROUTINES-VIEWS.md D3), in two round trips
/// whatever their number: one reads the managed schema's routines, one creates the declared
/// ones in `pg_temp` inside a transaction that is always rolled back and reads them the same
/// way. Both are read with `search_path = pg_catalog`, so the printing does not depend on the
/// session.
///
/// - a non-atomic body is compared byte for byte with `prosrc` (PostgreSQL stores it verbatim);
/// - the header (arguments, defaults, result, language, volatility, strictness, security,
///   parallel safety, `SET`) and an atomic body (re-printed by the server) through
///   `pg_get_functiondef` of the live routine and of the declared one created in `pg_temp`;
/// - the comment as written;
/// - a routine in the managed schema that is not declared is unexpected (extension-owned ones
///   never are); aggregates and window functions are listed as not modelled.
///
/// `probe` is the connection the declared routines are created on (the compared server itself,
/// unless drift runs with a stand-in). A probe the server refuses (a read-only server, a
/// declared atomic body naming something missing) leaves the headers uncompared, named in
/// `unresolved`; bodies and presence are still compared.
public func routineDrift(
    declared: Schema, on connection: borrowing Connection, probingOn probe: borrowing Connection, searchPath: String? = nil
) throws(PostgresError) -> (differences: [DriftDifference], unmodeled: [String], unresolved: [String]) {
    var differences: [DriftDifference] = []
    var unmodeled: [String] = []
    var unresolved: [String] = []
    var probed: [String: LiveRoutine] = [:]
    var probeSetup: [String] = []
    if !declared.routines.isEmpty {
        let path = searchPath ?? "\(Identifier.quotedIfNeeded(declared.name)), public"
        probeSetup =
            ["SET LOCAL check_function_bodies = off", "SELECT set_config('search_path', \(CatalogQueries.stringLiteral(path)), true)"]
            + declared.routines.map { createRoutineSQL($0, schema: "pg_temp") }
    }
    let live: [LiveRoutine]
    if probeSetup.isEmpty || !probe.isSameSession(as: connection) {
        live = try readRoutines(schema: declared.name, on: connection)
        if !probeSetup.isEmpty {
            do {
                for routine in try readRoutines(schema: nil, on: probe, setup: probeSetup) { probed[routine.key] = routine }
            } catch where error.kind == .statement {
                unresolved.append("functions and procedures: their headers could not be compared (\(error.message))")
            }
        }
    } else {
        // One message reads the live routines and probes the declared ones; a probe the server
        // refuses costs one more, for the live ones alone.
        do {
            let both = try readRoutines(schema: declared.name, on: connection, thenProbe: probeSetup)
            live = both.live
            for routine in both.probed { probed[routine.key] = routine }
        } catch where error.kind == .statement {
            unresolved.append("functions and procedures: their headers could not be compared (\(error.message))")
            live = try readRoutines(schema: declared.name, on: connection)
        }
    }
    var liveByKey: [String: LiveRoutine] = [:]
    for routine in live { liveByKey[routine.key] = routine }
    for routine in declared.routines {
        let key = LiveRoutine.key(name: routine.name, kind: routine.kind == .procedure ? "p" : "f", types: routine.identity.argumentTypes)
        let object = routine.displayName(schema: declared.name)
        guard let found = liveByKey.removeValue(forKey: key) else {
            differences.append(DriftDifference(kind: .missing, object: object))
            continue
        }
        if !routine.atomic, found.source != routine.body {
            differences.append(
                DriftDifference(
                    kind: .changed, object: object, aspect: "body", declared: "as in the schema",
                    live: "edited by hand: " + firstDifference(routine.body, found.source)))
        } else if let expected = probed[key] {
            let declaredText = expected.definition.replacingFirst(
                "pg_temp." + Identifier.quotedIfNeeded(routine.name) + "(",
                with: Identifier.qualified(declared.name, routine.name) + "(")
            if declaredText != found.definition {
                differences.append(
                    DriftDifference(
                        kind: .changed, object: object, aspect: "definition", declared: "as in the schema",
                        live: "changed by hand: " + firstDifference(declaredText, found.definition)))
            }
        }
        if routine.comment != found.comment {
            differences.append(
                DriftDifference(
                    kind: .changed, object: object, aspect: "comment", declared: routine.comment.map(quoted),
                    live: found.comment.map(quoted)))
        }
    }
    for routine in live where liveByKey[routine.key] != nil {
        let object = "\(Identifier.qualified(declared.name, routine.name))(\(routine.types))"
        switch routine.kind {
        case "f", "p":
            differences.append(
                DriftDifference(
                    kind: .unexpected, object: "\(routine.kind == "p" ? "procedure" : "function") \(object)",
                    live: "not declared; declare it under `functions:` or drop it"))
        default:
            unmodeled.append("\(routine.kind == "a" ? "aggregate" : "window function") \(object)")
        }
    }
    return (differences, unmodeled, unresolved)
}

/// One routine as the catalog holds it.
struct LiveRoutine {
    var name: String
    /// `f`, `p`, `a` (aggregate) or `w` (window).
    var kind: String
    /// `oidvectortypes(proargtypes)` under `search_path = pg_catalog`.
    var types: String
    var source: String
    var definition: String
    var comment: String?

    var key: String { Self.key(name: name, kind: kind, types: types) }

    static func key(name: String, kind: String, types: [String]) -> String {
        key(name: name, kind: kind, types: types.joined(separator: ", "))
    }

    static func key(name: String, kind: String, types: String) -> String { "\(name)\u{0}\(kind)\u{0}\(types)" }
}

/// What `routineQuery` reads, under `search_path = pg_catalog`.
private func routineQuery(schema: String?) -> String {
    let namespace = schema.map { "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = \(CatalogQueries.stringLiteral($0)))" }
        ?? "pg_catalog.pg_my_temp_schema()"
    return """
        SELECT p.proname, p.prokind, pg_catalog.oidvectortypes(p.proargtypes), p.prosrc,
               CASE WHEN p.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(p.oid) END,
               pg_catalog.obj_description(p.oid, 'pg_proc')
        FROM pg_catalog.pg_proc AS p
        WHERE p.pronamespace = \(namespace)
          AND NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_depend AS d
            WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
        ORDER BY 1, 3, 2
        """
}

/// The routines of `schema` (nil: this session's `pg_temp`, after `setup` ran), in one message;
/// the transaction is always rolled back.
private func readRoutines(schema: String?, on connection: borrowing Connection, setup: [String] = []) throws(PostgresError)
    -> [LiveRoutine]
{
    let results = try rolledBack(["BEGIN"] + setup + ["SET LOCAL search_path = pg_catalog", routineQuery(schema: schema), "ROLLBACK"], on: connection)
    return results[results.count - 2].map(LiveRoutine.init)
}

/// The routines of `schema`, then those `setup` creates in `pg_temp`, in one message.
private func readRoutines(schema: String, on connection: borrowing Connection, thenProbe setup: [String])
    throws(PostgresError) -> (live: [LiveRoutine], probed: [LiveRoutine])
{
    let statements =
        ["BEGIN", "SET LOCAL search_path = pg_catalog", routineQuery(schema: schema)] + setup
        + ["SET LOCAL search_path = pg_catalog", routineQuery(schema: nil), "ROLLBACK"]
    let results = try rolledBack(statements, on: connection)
    return (results[2].map(LiveRoutine.init), results[results.count - 2].map(LiveRoutine.init))
}

private func rolledBack(_ statements: [String], on connection: borrowing Connection) throws(PostgresError) -> [[[String?]]] {
    do {
        return try connection.queryEach(statements.joined(separator: ";\n"))
    } catch {
        if connection.transactionStatus != .idle { _ = try? connection.execute("ROLLBACK") }
        throw error
    }
}

extension LiveRoutine {
    init(_ row: [String?]) {
        self.init(
            name: row[0] ?? "", kind: row[1] ?? "", types: row[2] ?? "", source: row[3] ?? "", definition: row[4] ?? "",
            comment: row[5])
    }
}

/// Where two texts first differ, as `line N: "declared" vs "live"`.
private func firstDifference(_ declared: String, _ live: String) -> String {
    let left = declared.split(separator: "\n", omittingEmptySubsequences: false)
    let right = live.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(left.count, right.count) {
        let a = index < left.count ? String(left[index]) : "(end)"
        let b = index < right.count ? String(right[index]) : "(end)"
        if a != b { return "line \(index + 1) is \(quoted(b)) where the schema has \(quoted(a))" }
    }
    return "whitespace differs"
}


extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        var result = self
        result.replaceSubrange(range, with: replacement)
        return result
    }
}

/// `'text'` with quotes doubled, for messages (as SQL would write it).
private func quoted(_ text: String) -> String { "'" + text.replacing("'", with: "''") + "'" }

extension Connection {
    /// Whether `other` is this very connection (drift without a stand-in probes where it reads).
    fileprivate func isSameSession(as other: borrowing Connection) -> Bool { handle == other.handle }
}
