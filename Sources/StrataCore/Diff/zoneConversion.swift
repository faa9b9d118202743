/// Type changes whose result PostgreSQL computes with the session's `TimeZone`: a value without a
/// zone read as a moment, or a moment written as a wall-clock value (`timestamp` ↔ `timestamptz`,
/// `date` → `timestamptz`, `time` → `timetz`, `timestamptz` → `date` / `time` / `timetz`).
/// `timetz` → `time` keeps each value's own wall-clock time and does not qualify. Generated scripts
/// pin `TimeZone = 'UTC'` (`PinnedSettings`), so without a `using:` these values are read as UTC
/// whatever session runs the script.
func readsSessionZone(from old: ColumnType, to new: ColumnType) -> Bool {
    guard old.schema == nil, new.schema == nil else { return false }
    let zoned: Set<String> = ["timestamp with time zone", "time with time zone"]
    let unzoned: Set<String> = ["timestamp without time zone", "date", "time without time zone"]
    if unzoned.contains(old.name) && zoned.contains(new.name) { return true }
    if old.name == "time with time zone" { return false }
    return old.name == "timestamp with time zone" && (unzoned.contains(new.name) || new.name == "time with time zone")
}

/// What the header says about a zone-dependent conversion without `using:` (nil otherwise).
func zoneConversionNote(_ change: ColumnTypeChange) -> String? {
    guard change.using == nil, readsSessionZone(from: change.from, to: change.to) else { return nil }
    return "values read as UTC; declare `using:` to choose another zone"
}

/// Whether `timestamp` ↔ `timestamptz` keeps the rows in place: PostgreSQL skips the rewrite when
/// the session's zone is UTC (the generated script pins it), as long as the precision does not
/// shrink; the indexes on the column are still rebuilt (their operator class changes). Measured on
/// PostgreSQL 18 with `pg_relation_filenode`; `date`/`time` conversions always rewrite.
func isCatalogOnlyZoneChange(from old: ColumnType, to new: ColumnType) -> Bool {
    let pair: Set<String> = ["timestamp without time zone", "timestamp with time zone"]
    guard old.schema == nil, new.schema == nil, !old.isArray, !new.isArray, old.name != new.name,
        pair.contains(old.name), pair.contains(new.name)
    else { return false }
    guard let precision = new.modifiers.first else { return true }
    return precision >= (old.modifiers.first ?? 6)
}

/// The hazard of a zone-dependent conversion that PostgreSQL does without a rewrite: what it
/// really does (a rewrite is the caller's usual hazard). How values are read is in the change's
/// words, which start its hazard line.
func zoneConversionHazards(_ change: ColumnTypeChange, column: String, rewrites: Bool, lock: String) -> [Hazard] {
    guard !rewrites, isCatalogOnlyZoneChange(from: change.from, to: change.to) else { return [] }
    return [
        Hazard(
            .indexBuild, "needs no rewrite: under the script's TimeZone UTC PostgreSQL changes only the catalog; any index on \(column) is rebuilt",
            lock: lock)
    ]
}
