/// The messages the Model stage (`SchemaFile`s → `Schema`) reports, in one place so the wording
/// stays consistent and can be reviewed together, as swift-format keeps each rule's
/// `Finding.Message`s. Lower-case; each says what was found and what was expected. `what` is how
/// the caller names the object (`` foreign key `fk_x` of table `t` ``).
enum ModelMessage {
    // MARK: - Names and the schema block (ModelBuilder)

    static func reservedSchemaName(_ name: String) -> String {
        "schema name `\(name)` is reserved for PostgreSQL's system schemas"
    }
    static let reservedSchemaNameNote = "the prefix `pg_` and `information_schema` cannot be used for a user schema"
    static let noSchemaBlock = "no file declares the `schema:` block"
    static let noSchemaBlockNote = "exactly one schema file needs `schema: { name: <managed schema> }`"
    static let secondSchemaBlock = "a second `schema:` block; exactly one file carries the schema settings"
    static let firstDeclaredHere = "first declared here"
    static func renamedTwice(_ one: String, _ other: String, from: String) -> String {
        "\(one) and \(other) both declare `renamed_from: \(from)`; `\(from)` can be renamed to only one of them"
    }
    static func declaredHere(_ name: String) -> String { "`\(name)` is declared here" }
    static func declaredTwice(_ what: String) -> String { "\(what) is declared twice" }
    static func empty(_ what: String) -> String { "\(what) is empty" }
    static func tooLong(_ what: String, _ name: String, bytes: Int) -> String {
        "\(what) `\(name)` is \(bytes) bytes long; PostgreSQL keeps at most \(Identifier.maxBytes) bytes"
    }
    static func tooLongNote(_ what: String, _ name: String) -> String {
        let isLabel = what == "enum label"
        let consequence =
            isLabel
            ? "PostgreSQL refuses longer labels"
            : "PostgreSQL would silently truncate it to `\(DefaultNames.truncate(name))`"
        return "\(consequence); choose a shorter \(isLabel ? "label" : "name")"
    }
    static func tableNamedLikeEnum(_ table: String) -> String {
        "table `\(table)` has the name of an enum; a table's row type and the enum would collide"
    }
    static let enumDeclaredHere = "the enum is declared here"
    static func versionTableName(_ what: String, _ name: String) -> String {
        "\(what) name `\(name)` is the name of strata's version table"
    }
    static let versionTableNameNote = "choose another name, or move the version table with `schema.version_table`"
    static func relationNameTaken(_ what: String, _ name: String, schema: String) -> String {
        "\(what) name `\(name)` is already taken in schema `\(schema)`"
    }
    static let relationNamespaceNote = "tables, sequences, indexes and the indexes behind keys share one namespace"

    // MARK: - Sequences (ModelBuilder, ModelBuilder+SequenceOptions)

    static func sequenceType(_ sequence: String, found: String) -> String {
        "`as` of sequence `\(sequence)` must be smallint, integer or bigint, found `\(found)`"
    }
    static func sequenceOwner(_ sequence: String, found: String) -> String {
        "`owned_by` of sequence `\(sequence)` must be `table.column`, found `\(found)`"
    }
    static func zeroIncrement(_ what: String) -> String { "\(what): `increment` must not be zero" }
    static func outOfRange(_ what: String, key: String, value: Int64, type: String) -> String {
        "\(what): `\(key)` (\(value)) is out of range for \(type)"
    }
    static func minNotBelowMax(_ what: String, min: Int64, max: Int64) -> String {
        "\(what): `min` (\(min)) must be less than `max` (\(max))"
    }
    static func startOutside(_ what: String, start: Int64, min: Int64, max: Int64) -> String {
        "\(what): `start` (\(start)) must be between min (\(min)) and max (\(max))"
    }
    static func cacheBelowOne(_ what: String, cache: Int64) -> String { "\(what): `cache` (\(cache)) must be at least 1" }

    // MARK: - Foreign keys (ModelBuilder+References)

    static func undeclaredTable(_ what: String, _ table: String) -> String {
        "\(what) names table `\(table)`, which is not declared"
    }
    static func targetWithoutPrimaryKey(_ what: String, _ table: String) -> String {
        "\(what) references table `\(table)`, which has no primary key; name the referenced columns"
    }
    static func columnCountMismatch(_ what: String, columns: Int, target: String, referenced: [String]) -> String {
        "\(what) has \(columns) \(columns == 1 ? "column" : "columns") but references \(referenced.count): "
            + "\(target)(\(referenced.joined(separator: ", ")))"
    }
    static func incomparableTypes(_ what: String, column: String, type: String, referenced: String, referencedType: String)
        -> String
    {
        "\(what): column `\(column)` is \(type) but the referenced column `\(referenced)` is \(referencedType); "
            + "PostgreSQL cannot compare them"
    }
    static let incomparableTypesNote = "use the same type (or one of the same family, such as integer for a bigint key)"
    static func deferrableTarget(_ what: String, _ list: String) -> String {
        "\(what) references \(list), whose key is deferrable; a foreign key needs a non-deferrable one"
    }
    static func targetNotUnique(_ what: String, _ list: String) -> String {
        "\(what) references \(list), which is neither the primary key nor unique"
    }
    static func addUniqueNote(columns: [String], table: String) -> String {
        "add `unique: [{ columns: [\(columns.joined(separator: ", "))] }]` to table `\(table)`, or reference its primary key"
    }
}
