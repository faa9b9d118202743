/// What an `ALTER COLUMN ... TYPE` does to the rows (PG-DDL §3, §2.16).
struct TypeChangeEffect: Hashable {
    /// The table and its indexes are rewritten.
    var rewrites: Bool
    /// Values may not fit the new type: the statement fails or loses precision.
    var narrows: Bool
}

/// Classifies a type change. Binary-coercible changes of a scalar (a longer or unbounded varchar,
/// varchar → text, a wider numeric precision, cidr → inet, a wider time precision, dropping a
/// vector's dimension) keep the rows in place; every other change, every array and every `USING`
/// rewrites the table.
func typeChangeEffect(from old: ColumnType, to new: ColumnType, using: String?) -> TypeChangeEffect {
    if old == new { return TypeChangeEffect(rewrites: false, narrows: false) }
    let narrows = old.isArray == new.isArray && isNarrowing(from: old, to: new)
    // An array's elements are coerced one by one (array_map): every change rewrites, even one
    // that keeps a scalar's rows (varchar(5)[] to text[]).
    if using != nil || old.isArray || new.isArray || old.schema != new.schema {
        return TypeChangeEffect(rewrites: true, narrows: narrows)
    }
    let textual: Set<String> = ["character varying", "text"]
    switch (old.name, new.name) {
    case _ where textual.contains(old.name) && textual.contains(new.name):
        // Rows stay when the new type is unbounded or at least as long.
        guard let length = new.modifiers.first else { return TypeChangeEffect(rewrites: false, narrows: false) }
        guard old.name == "character varying", let oldLength = old.modifiers.first, length >= oldLength else {
            return TypeChangeEffect(rewrites: true, narrows: true)
        }
        return TypeChangeEffect(rewrites: false, narrows: false)
    case ("numeric", "numeric"):
        if new.modifiers.isEmpty { return TypeChangeEffect(rewrites: false, narrows: false) }
        if old.modifiers.count == 2, new.modifiers.count == 2, old.modifiers[1] == new.modifiers[1],
            new.modifiers[0] >= old.modifiers[0]
        {
            return TypeChangeEffect(rewrites: false, narrows: false)
        }
        return TypeChangeEffect(rewrites: true, narrows: narrows)
    case _ where old.name == new.name && old.vectorKind != nil && new.modifiers.isEmpty:
        return TypeChangeEffect(rewrites: false, narrows: false)
    case ("cidr", "inet"):
        // Binary-coercible (pg_cast method 'b'): every cidr is a valid inet as stored.
        return TypeChangeEffect(rewrites: false, narrows: false)
    case _ where old.name == new.name && precisionTypes.contains(old.name) && !narrows:
        // PostgreSQL's length-coercion support functions skip the rows when the precision grows
        // (or is removed): `timestamp(3)` to `timestamp(6)`, `bit varying(5)` to `bit varying`.
        return TypeChangeEffect(rewrites: false, narrows: false)
    case _ where isCatalogOnlyZoneChange(from: old, to: new):
        return TypeChangeEffect(rewrites: false, narrows: false)
    default:
        return TypeChangeEffect(rewrites: true, narrows: narrows)
    }
}

/// Types whose modifier is a precision or length that PostgreSQL widens without touching the rows.
private let precisionTypes: Set<String> = [
    "timestamp with time zone", "timestamp without time zone", "time with time zone", "time without time zone",
    "interval", "bit varying",
]

/// Whether some values of `old` cannot be represented in `new`.
func isNarrowing(from old: ColumnType, to new: ColumnType) -> Bool {
    let integerRank = ["smallint": 1, "integer": 2, "bigint": 3]
    let floatRank = ["real": 1, "double precision": 2]
    if let before = integerRank[old.name], let after = integerRank[new.name] { return after < before }
    if let before = floatRank[old.name], let after = floatRank[new.name] { return after < before }
    if integerRank[old.name] != nil, new.name == "real" { return true }
    if floatRank[old.name] != nil, integerRank[new.name] != nil { return true }
    if old.name == "numeric", integerRank[new.name] != nil || floatRank[new.name] != nil { return true }
    let lengthTypes: Set<String> = ["character varying", "text", "character", "bpchar"]
    if lengthTypes.contains(old.name), lengthTypes.contains(new.name), let length = new.modifiers.first {
        guard let oldLength = old.modifiers.first, old.name != "text" else { return true }
        return length < oldLength
    }
    if old.name == "numeric", new.name == "numeric", let precision = new.modifiers.first {
        guard old.modifiers.count == 2 else { return true }
        let scale = new.modifiers.count > 1 ? new.modifiers[1] : 0
        return scale < old.modifiers[1] || precision - scale < old.modifiers[0] - old.modifiers[1]
    }
    let timePrecision: Set<String> = [
        "timestamp with time zone", "timestamp without time zone", "time with time zone", "time without time zone",
        "interval",
    ]
    if old.name == new.name, timePrecision.contains(old.name), let precision = new.modifiers.first {
        return precision < (old.modifiers.first ?? 6)
    }
    if old.name == new.name, ["bit", "bit varying"].contains(old.name), let length = new.modifiers.first {
        return length < (old.modifiers.first ?? Int.max)
    }
    return false
}

/// Whether `ALTER COLUMN ... TYPE` from `old` to `new` surely needs a `USING` (PG-DDL §2.16:
/// "column ... cannot be cast automatically"): PostgreSQL converts without one only along an
/// assignment cast, and there is none from a string type to any other (text to integer, uuid,
/// an enum, ...), between boolean and numbers, or between an array and a scalar. Other pairs are
/// given the benefit of the doubt.
func needsExplicitCast(from old: ColumnType, to new: ColumnType, managedSchema: String) -> Bool {
    if old == new || old.vectorKind != nil || new.vectorKind != nil { return false }
    if [old, new].contains(where: { $0.schema.map { $0 != managedSchema } ?? false }) { return false }
    if old.isArray != new.isArray { return true }
    let from = ModelBuilder.family(old)
    let to = ModelBuilder.family(new)
    if from == "string" { return to != "string" }
    let numbers: Set<String> = ["integer", "number"]
    return (from == ".boolean" && numbers.contains(to)) || (numbers.contains(from) && to == ".boolean")
}
