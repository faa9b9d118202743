public import StrataCore
import Foundation

/// Rewrites the declared schema's expressions (column defaults, generated columns, checks, index
/// expressions and predicates) and index operator classes into PostgreSQL's own printing, by
/// building the tables as temporary tables inside a transaction that is rolled back, and reading
/// the catalog back with `search_path = pg_catalog` (the round trip of PG-DDL §6, without a
/// scratch database). `ExpressionProbePlan` says what is built.
///
/// After this, `compareForDrift` compares like with like: `'new'` becomes
/// `'new'::negentropy.status`, `n>0` becomes `n > 0`, an explicitly named default operator class
/// becomes nil. An expression the database cannot evaluate (a function or sequence it lacks)
/// stays as declared and is named in `unresolved`; the rest of its table is still canonicalized.
/// Needs only the TEMP privilege; nothing persists. Must be called outside a transaction (it
/// opens and rolls back its own).
///
/// Round trips do not grow with the schema: everything goes in one message, and only when the
/// server refuses something does a second message run every statement under its own
/// subtransaction (a PL/pgSQL block that catches each failure) to find which.
///
/// `searchPath` is the `search_path` setting (as `SHOW` prints it) the declared expressions are
/// resolved in; nil keeps the session's.
/// With `standIn`, `connection` is another server than the one compared (`drift --probe-url`,
/// for a read-only one): the schema, its extensions, enums and sequences that server lacks are
/// created first, in the same rolled-back transaction.
///
/// A server that refuses writes (a hot standby, `default_transaction_read_only`) cannot probe:
/// the error thrown then has SQLSTATE 25006 (`read_only_sql_transaction`).
public func canonicalizeExpressions(
    in schema: Schema, on connection: borrowing Connection, searchPath: String? = nil, standIn: Bool = false
) throws(PostgresError) -> (schema: Schema, unresolved: [String]) {
    guard connection.transactionStatus == .idle else {
        throw PostgresError(kind: .usage, message: "canonicalizeExpressions must run outside a transaction")
    }
    let setup = standIn ? try standInSetup(for: schema, on: connection) : []
    let plan = ExpressionProbePlan(schema: schema, setup: setup)
    guard !plan.isEmpty else { return (schema, []) }
    let pathSetting = searchPath.map { "SELECT set_config('search_path', \(CatalogQueries.stringLiteral($0)), true)" } ?? "SELECT 1"
    var result = schema
    do {
        // Everything at once; the server stops at the first statement it refuses.
        let statements = ["BEGIN", pathSetting] + plan.fastStatements
            + ["SET LOCAL search_path = pg_catalog", ExpressionProbePlan.readBack, "ROLLBACK"]
        let results = try connection.queryEach(statements.joined(separator: ";\n"))
        plan.apply(readBack: results[results.count - 2], to: &result)
        return (result, [])
    } catch {
        if connection.transactionStatus != .idle { _ = try? connection.execute("ROLLBACK") }
        guard error.kind == .statement, error.sqlState != readOnlyState else { throw error }
    }
    return try canonicalizeEachOnItsOwn(plan, pathSetting: pathSetting, into: result, on: connection)
}

/// SQLSTATE of a write refused by a read-only transaction.
let readOnlyState = "25006"

/// The fallback: every item of `plan` under its own subtransaction, inside one PL/pgSQL block
/// that records each failure (SQLSTATE and message) in a session setting, read back with the
/// catalog in the same message.
func canonicalizeEachOnItsOwn(
    _ plan: ExpressionProbePlan, pathSetting: String, into schema: Schema, on connection: borrowing Connection
) throws(PostgresError) -> (schema: Schema, unresolved: [String]) {
    let itemsJSON = String(decoding: (try? JSONEncoder().encode(plan.items.map(\.sql))) ?? Data("[]".utf8), as: UTF8.self)
    var tag = "strata_items"
    while itemsJSON.contains("$\(tag)$") { tag += "_" }
    let statements = [
        "BEGIN", pathSetting,
        "SELECT set_config('strata.probe_items', $\(tag)$\(itemsJSON)$\(tag)$, true)",
        eachOnItsOwnBlock,
        "SET LOCAL search_path = pg_catalog",
        ExpressionProbePlan.readBack,
        "SELECT current_setting('strata.probe_failures')",
        "ROLLBACK",
    ]
    let results: [[[String?]]]
    do {
        results = try connection.queryEach(statements.joined(separator: ";\n"))
    } catch {
        if connection.transactionStatus != .idle { _ = try? connection.execute("ROLLBACK") }
        throw error
    }
    let failureText = results[results.count - 2].first?.first ?? nil
    let failures = (try? JSONDecoder().decode([String: [String]].self, from: Data((failureText ?? "{}").utf8))) ?? [:]
    if let refused = failures.values.first(where: { $0.first == readOnlyState }) {
        throw PostgresError(kind: .statement, sqlState: readOnlyState, message: refused.last ?? "read-only transaction")
    }
    var output = schema
    plan.apply(readBack: results[results.count - 3], to: &output)
    // A table the server could not build is named once, not with each of its expressions.
    var failedTables: Set<String> = []
    var unresolved: [String] = []
    for (number, item) in plan.items.enumerated() {
        guard let failure = failures[String(number)] else { continue }
        if item.target == .table, let table = item.probeTable { failedTables.insert(table) }
        if item.target != .table, let table = item.probeTable, failedTables.contains(table) { continue }
        unresolved.append("\(item.label): \(failure.last ?? "")")
    }
    return (output, unresolved)
}

/// Runs each statement of the `strata.probe_items` JSON array in its own subtransaction and
/// stores `{"n": [SQLSTATE, message]}` for each failure in `strata.probe_failures`.
let eachOnItsOwnBlock = """
    DO $strata_probe$
    DECLARE
      items jsonb := current_setting('strata.probe_items')::jsonb;
      failures jsonb := '{}';
    BEGIN
      FOR i IN 0 .. jsonb_array_length(items) - 1 LOOP
        BEGIN
          EXECUTE items ->> i;
        EXCEPTION WHEN OTHERS THEN
          failures := failures || jsonb_build_object(i::text, jsonb_build_array(SQLSTATE, SQLERRM));
        END;
      END LOOP;
      PERFORM set_config('strata.probe_failures', failures::text, true);
    END
    $strata_probe$
    """

/// What a stand-in probe server needs before the declared tables can be built there: the
/// managed schema, the declared extensions, enums and sequences, each only when it lacks them
/// (one query says which). An extension it has in another schema than declared would print
/// names differently, so it is refused.
func standInSetup(for schema: Schema, on connection: borrowing Connection) throws(PostgresError) -> [String] {
    let existing = try connection.execute(
        """
        SELECT 'enum', t.typname, NULL FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typtype = 'e'
        UNION ALL
        SELECT 'extension', e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        """, parameters: [schema.name]
    ).rows
    let enums = Set(existing.filter { $0[0] == "enum" }.compactMap { $0[1] })
    let extensions = Dictionary(existing.filter { $0[0] == "extension" }.map { ($0[1] ?? "", $0[2] ?? "") }, uniquingKeysWith: { a, _ in a })
    let name = Identifier.quotedIfNeeded(schema.name)
    var setup = ["CREATE SCHEMA IF NOT EXISTS \(name)"]
    for ext in schema.extensions.sorted(by: { $0.name < $1.name }) {
        if let installed = extensions[ext.name] {
            guard installed == ext.schema else {
                throw PostgresError(
                    kind: .usage,
                    message: "the probe server has extension \(ext.name) in schema \(installed), the schema declares it in "
                        + "\(ext.schema): its names would print differently there; use a server without it or with it in \(ext.schema)")
            }
            continue
        }
        setup.append("CREATE SCHEMA IF NOT EXISTS \(Identifier.quotedIfNeeded(ext.schema))")
        setup.append("CREATE EXTENSION IF NOT EXISTS \(Identifier.quotedIfNeeded(ext.name)) SCHEMA \(Identifier.quotedIfNeeded(ext.schema))")
    }
    for declared in schema.enums where !enums.contains(declared.name) {
        setup.append(
            "CREATE TYPE \(name).\(Identifier.quotedIfNeeded(declared.name, isTypeName: true)) AS ENUM ("
                + declared.values.map(CatalogQueries.stringLiteral).joined(separator: ", ") + ")")
    }
    for sequence in schema.sequences {
        setup.append("CREATE SEQUENCE IF NOT EXISTS \(name).\(Identifier.quotedIfNeeded(sequence.name))")
    }
    return setup
}
