/// The settings every generated script pins at the top of its transaction (SPEC §4), so what its
/// statements store does not depend on the database, role or client that runs it. Each one decides
/// how a literal is read or how a value is converted while the statement runs:
///
/// - `TimeZone`: zoned ↔ unzoned conversions (`timestamp` → `timestamptz` reads each value in this
///   zone; under UTC PostgreSQL also skips the rewrite), and literals of zoned types in defaults,
///   checks and index predicates (`'2024-03-10 02:30'` on a `timestamptz` column);
/// - `DateStyle`: the field order of ambiguous date literals (`'03/04/2024'`), and the text a date
///   or timestamp becomes in a conversion to a string type;
/// - `IntervalStyle`: how a sign applies in interval literals (`'-1 2:00:00'` under `sql_standard`
///   negates both fields) and the text of an interval converted to a string;
/// - `extra_float_digits`: the text a `real`/`double precision` becomes in a conversion to a string
///   type (`0` stores `0.3` for 0.1 + 0.2, `1` the exact `0.30000000000000004`);
/// - `bytea_output`: the text of a `bytea` converted to a string (`\x00ff` or `\000\377`).
///
/// The values are PostgreSQL's own defaults. `standard_conforming_strings` (how `'C:\temp'` is read)
/// is set by `apply` and the release bundle for every revision instead: it decides how the script is
/// split into statements, before any of its statements runs.
public enum PinnedSettings {
    /// `(name, value)` in the order the script sets them; the value as SQL.
    public static let settings: [(name: String, value: String)] = [
        ("TimeZone", "'UTC'"),
        ("DateStyle", "'ISO, MDY'"),
        ("IntervalStyle", "'postgres'"),
        ("extra_float_digits", "1"),
        ("bytea_output", "'hex'"),
    ]

    /// The comment above them in a script.
    static let comment = "Pinned so that what this revision stores does not depend on the session running it:"

    /// The `SET LOCAL` statements a generated script's body starts with.
    static var statements: [SQLStatement] {
        settings.map { SQLStatement("SET LOCAL \($0.name) = \($0.value);") }
    }

    /// The same settings for a whole session (`drift`'s reading), as `SET` statements.
    public static var sessionStatements: [String] { settings.map { "SET \($0.name) = \($0.value)" } }
}
