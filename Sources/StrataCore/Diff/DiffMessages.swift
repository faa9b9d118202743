/// The messages the Diff stage (and the pipeline around it) reports: changes it refuses to guess
/// at. In one place so the wording stays consistent and can be reviewed together, as
/// swift-format keeps each rule's `Finding.Message`s.
enum DiffMessage {
    // MARK: - The schema (diffSchemas)

    static func schemaRenamed(from old: String, to new: String) -> String {
        "the managed schema cannot be renamed: the previous revision manages `\(old)`, the YAML declares `\(new)`"
    }
    static func keepSchemaNameNote(_ old: String, new: String) -> String {
        "keep `name: \(old)` in the schema settings, or start a new bundle for `\(new)`"
    }
    static func versionTableRenamed(from old: String, to new: String) -> String {
        "the version table cannot be renamed: the previous revision uses `\(old)`, the YAML declares `\(new)`"
    }
    static func keepVersionTableNote(_ old: String) -> String { "keep `version_table: \(old)` in the schema settings" }
    static func extensionMoved(_ name: String, from old: String, to new: String) -> String {
        "extension `\(name)` is installed in schema `\(old)`; strata never moves an extension, so it cannot be declared in `\(new)`"
    }
    static func extensionMovedNote(_ name: String, from old: String, to new: String) -> String {
        "keep 'schema: \(old)', or have a superuser run ALTER EXTENSION \(name) SET SCHEMA \(new) and start a new bundle"
    }
    static func foreignKeyBeforeIndex(_ foreignKey: String, table: String, index: String) -> String {
        "foreign key `\(foreignKey)` of table `\(table)` needs unique index `\(index)`, which this revision builds "
            + "concurrently, after the key would be added"
    }
    static func foreignKeyBeforeIndexNote(_ index: String) -> String {
        "build `\(index)` without `concurrently` in this revision, or add the foreign key in the next one"
    }

    // MARK: - Columns (diffTable)

    static func maybeRenamed(table: String, column: String, gone: String, type: String) -> String {
        "column `\(table).\(column)` is new and column `\(gone)` of the same type (\(type)) is gone: is this a rename?"
    }
    static func declareRenameNote(column: String, gone: String) -> String {
        "if it is, declare it on column `\(column)`:  renamed_from: \(gone)"
    }
    static func notARenameNote(column: String, gone: String) -> String {
        "if it is not, compile with --allow-destructive: `\(gone)` is dropped (its data is lost) and `\(column)` added"
    }
    static func vectorDimensionChange(table: String, column: String, from before: Int, to after: Int) -> String {
        "cannot change the dimension of column '\(table).\(column)' from \(before) to \(after) without 'using': "
            + "PostgreSQL cannot convert stored vectors to another dimension, so the change fails on a table with rows"
    }
    static let discardVectorsNote = "to discard the stored vectors and re-embed them later, add to the column:  using: NULL"
    static func newVectorColumnNote(type: String, column: String) -> String {
        "to keep serving the old vectors, add a new column of type \(type), backfill it, then drop '\(column)' in a later revision"
    }
    static func noAutomaticCast(table: String, column: String, from old: String, to new: String) -> String {
        "cannot change the type of column '\(table).\(column)' from \(old) to \(new) without 'using': "
            + "PostgreSQL has no automatic cast between them"
    }
    static func usingCastNote(column: String, type: String) -> String {
        "to convert each value, add to the column:  using: \"\(column)::\(type)\""
    }

    // MARK: - The revision (CompilePipeline)

    static let emptyHidesChanges = "the YAML has schema changes not compiled yet; an empty revision must not hide them"
    static func pendingNote(_ change: String) -> String { "pending: " + change }
    static let compileFirstNote = "run `strata compile -m MESSAGE` first, then `strata compile --empty`"
    static let losesData = "this revision would lose data; compile it with --allow-destructive if that is intended"
    static func wouldLoseNote(_ loss: String) -> String { "would lose: " + loss }
}
