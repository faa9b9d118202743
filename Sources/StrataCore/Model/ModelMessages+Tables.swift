/// The Model stage's messages about tables, columns and keys (`ModelBuilder+Tables`). `what` names
/// the column or key (`` column `memories.kind` ``).
extension ModelMessage {
    static func systemColumnName(_ name: String) -> String {
        "column name `\(name)` conflicts with a system column of every PostgreSQL table"
    }
    static func tooManyColumns(_ table: String, count: Int, maximum: Int) -> String {
        "table `\(table)` has \(count) columns; PostgreSQL allows at most \(maximum)"
    }
    static let splitTableNote = "split it into tables joined by a key"
    static func tooManyKeyColumns(_ what: String, table: String, count: Int, maximum: Int) -> String {
        "\(what) of table `\(table)` has \(count) columns; PostgreSQL allows at most \(maximum)"
    }
    static let indexMaxKeysNote = "INDEX_MAX_KEYS is fixed when PostgreSQL is built; use fewer columns, or an expression"
    static func bareWordDefault(_ what: String, word: String) -> String {
        "`default` of \(what) is the bare word `\(word)`, which SQL reads as a column name"
    }
    static func quoteTheDefaultNote(literal: String) -> String { "a string default carries its own quotes: `default: \"\(literal)\"`" }
    static func notAnEnumLabel(_ what: String, label: String, enumName: String, labels: [String]) -> String {
        "`default` of \(what) is '\(label)', which is not a label of enum `\(enumName)` (" + labels.joined(separator: ", ") + ")"
    }
    static func didYouMean(_ suggestions: [String]) -> String {
        "did you mean " + suggestions.map { "`\($0)`" }.joined(separator: " or ") + "?"
    }
    static func badType(_ what: String, _ reason: String) -> String { "\(what): \(reason)" }
    static func serialArray(_ what: String, type: String) -> String {
        "\(what): an array of serial is not a type; use `\(type)[]`"
    }
    static func serialWithDefault(_ what: String, type: String) -> String {
        "\(what) is `\(type)`, which brings its own `nextval` default; remove `default`"
    }
    static func serialAndIdentity(_ what: String, type: String, base: String) -> String {
        "\(what) cannot be both `\(type)` and an identity column; use `type: \(base)` with `identity`"
    }
    static func serialNullable(_ what: String, type: String) -> String {
        "\(what) is `\(type)`, which is always NOT NULL; remove `nullable: true`"
    }
    static func notCollatable(_ what: String, collation: String, type: String) -> String {
        "\(what) has `collation: \(collation)`, but type \(type) is not collatable"
    }
    static let collatableTypesNote = "collations apply to text, varchar and char columns"
    static func identityType(_ what: String, found: String) -> String {
        "identity \(what) must be smallint, integer or bigint, found \(found)"
    }
    static let identityIntegersNote = "an identity draws from a sequence, which produces integers only"
    static func identityWithDefault(_ what: String) -> String {
        "\(what) has both `identity` and `default`; an identity column takes its values from its sequence"
    }
    static func isHere(_ key: String) -> String { "`\(key)` is here" }
    static func identityNullable(_ what: String) -> String {
        "identity \(what) cannot be `nullable: true`; identity columns are always NOT NULL"
    }
    static func generatedWithDefault(_ what: String) -> String {
        "\(what) has both `generated` and `default`; a generated column's value is its expression"
    }
    static func generatedAndIdentity(_ what: String) -> String { "\(what) has both `generated` and `identity`; choose one" }

    // MARK: - Keys

    static func twoPrimaryKeyColumns(_ table: String, _ first: String, _ extra: String) -> String {
        "table `\(table)` has more than one `primary_key: true` column (`\(first)` and `\(extra)`)"
    }
    static func compositeKeyNote(columns: [String]) -> String {
        "for a composite key write `primary_key: [\(columns.joined(separator: ", "))]` on the table"
    }
    static let firstPrimaryKeyColumnHere = "first primary-key column here"
    static func twoPrimaryKeys(_ table: String, column: String) -> String {
        "table `\(table)` declares two different primary keys: on column `\(column)` and at table level"
    }
    static let columnLevelPrimaryKeyHere = "column-level primary key here"
    static func primaryKeyWithoutColumns(_ table: String) -> String { "the primary key of table `\(table)` names no columns" }
    static func keyOnVirtualColumn(_ key: String, table: String, column: String) -> String {
        "\(key) of table `\(table)` uses virtual generated column `\(column)`; "
            + "keys on virtual columns are not supported (make it `stored: true`)"
    }
    static func primaryKeyNullable(_ table: String, column: String) -> String {
        "primary-key column `\(table).\(column)` cannot be `nullable: true`; primary-key columns are never null"
    }
    static func primaryKeyTakesName(_ name: String) -> String { "the primary key takes its name `\(name)`" }
    static let silenceByRemovingNote = "remove it from the YAML to silence this warning"
    static func uniqueRepeatsPrimaryKey(_ table: String, columns: [String]) -> String {
        "unique constraint of table `\(table)` on (\(columns.joined(separator: ", "))) repeats the primary key; "
            + "PostgreSQL keeps only the key, so it is folded into it"
    }
    static func uniqueWithoutColumns(_ table: String) -> String { "a unique constraint of table `\(table)` names no columns" }
    static func firstOneTakesName(_ name: String) -> String { "the first one takes its name `\(name)`" }
    static let firstOneDeclaredHere = "the first one is declared here"
    static func uniqueRepeatsEarlier(_ table: String, columns: [String]) -> String {
        "unique constraint of table `\(table)` on (\(columns.joined(separator: ", "))) repeats an earlier one; "
            + "PostgreSQL keeps only the first, so it is folded into it"
    }
    static func badReference(found: String) -> String { "`references` must be `table.column` or `table`, found `\(found)`" }
    static func foreignKeyWithoutColumns(_ table: String) -> String { "a foreign key of table `\(table)` names no columns" }
    static func columnNamedTwice(_ what: String, column: String) -> String { "\(what) names column `\(column)` twice" }
    static func missingColumn(_ what: String, column: String, table: String) -> String {
        "\(what) names column `\(column)`, which table `\(table)` does not have"
    }
}
