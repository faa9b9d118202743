/// Every message the Load stage (YAML text → `SchemaFile`) reports, in one place so the wording
/// stays consistent and can be reviewed together, as swift-format keeps each rule's
/// `Finding.Message`s. Lower-case; each says what was found and what was expected. `what` is how
/// the caller names the place (`` `nullable` of column `memories.kind` ``).
enum LoadMessage {
    // MARK: - YAML text (composeYAML)

    static func notUTF8(invalidByte hex: String) -> String { "file is not valid UTF-8 (invalid byte 0x\(hex))" }
    static let utf8Note = "schema files must be UTF-8 text"
    static func invalidYAML(context: String?, problem: String) -> String {
        "invalid YAML: " + (context.map { $0 + ", " } ?? "") + problem
    }
    static func contextStartsHere(_ context: String) -> String { "\(context) that starts here" }
    static let tabIndentationNote = "YAML does not allow tabs for indentation; indent with spaces"
    static let secondDocument = "a schema file holds one YAML document; found a second one"
    static let splitIntoFilesNote = "split it into separate files"
    static func nestedTooDeep(_ maximum: Int) -> String { "YAML nested deeper than \(maximum) levels" }
    static func aliasLoop(_ anchor: String) -> String {
        "alias `*\(anchor)` refers to the node that contains it; anchors and aliases must not loop"
    }
    static func unknownAlias(_ anchor: String) -> String { "unknown alias `*\(anchor)`; no anchor `&\(anchor)` precedes it" }
    static func aliasExpansion(_ maximum: Int) -> String {
        "aliases expand to more than \(maximum) nodes; refusing to expand further"
    }
    static let billionLaughsNote = "nested aliases grow exponentially (\"billion laughs\")"
    static let nulInValue = "a NUL character (`\\0`) in a YAML value: PostgreSQL names and text cannot contain it"
    static func duplicateKey(_ key: String) -> String { "duplicate key `\(key)` in this mapping" }
    static let firstUsedHere = "first used here"
    static func mergeKeyTakesMappings(found: String) -> String { "a merge key `<<` takes mappings, found \(found)" }
    static func mergeKeyTakesAMapping(found: String) -> String { "a merge key `<<` takes a mapping, found \(found)" }

    // MARK: - Shapes (NodeReader)

    /// `expected a mapping for X, found a list` and the like.
    static func expected(_ expected: String, for what: String, found: String) -> String {
        "expected \(expected) for \(what), found \(found)"
    }
    static func expectedNameAsKey(in what: String, found: String) -> String {
        "expected a name as key in \(what), found \(found)"
    }
    static func unknownKey(_ key: String, in what: String, allowed: [String]) -> String {
        "unknown key `\(key)` in \(what); expected one of " + allowed.map { "`\($0)`" }.joined(separator: ", ")
    }
    /// The kind the collector caps `unknownKey` by.
    static let unknownKeyKind = "unknown key"
    static func unknownValue(_ value: String, for what: String, allowed: [String]) -> String {
        "unknown value `\(value)` for \(what); expected one of " + allowed.map { "`\($0)`" }.joined(separator: ", ")
    }
    static func emptyExpression(for what: String) -> String { "expected a SQL expression for \(what), found an empty string" }

    // MARK: - The schema file (SchemaDecoder)

    static func topLevel(found: String) -> String {
        "expected a mapping with `schema`, `enums`, `sequences` or `tables` at the top level, found \(found)"
    }
    static let schemaNeedsName = "the `schema` block needs a `name`: the managed PostgreSQL schema"
    static let extensionNeedsName = "an extension needs a `name`"
    static func postgresTooOld(_ major: Int) -> String {
        "strata supports PostgreSQL \(VersionTargets.oldestPostgres) and later; `schema.postgres` is \(major)"
    }
    static func pgvectorTooOld(_ version: String) -> String {
        "strata supports pgvector \(VersionTargets.oldestPGVector) and later; the declared version is \(version)"
    }
    static func enumNeedsValues(_ what: String) -> String { "\(what) needs `values`: its labels in order" }
    /// `X needs `columns`` and the like: `part` as it appears in the message.
    static func needs(_ what: String, _ part: String) -> String { "\(what) needs \(part)" }
    static func onDeleteNeedsReferences(_ what: String) -> String { "`on_delete`/`on_update` of \(what) need `references`" }
    static func generatedNeedsExpression(_ what: String) -> String { "`generated` of \(what) needs an `expression`" }
    static func initiallyDeferredWithoutDeferrable(_ what: String) -> String {
        "\(what) cannot be `initially_deferred` without being `deferrable`"
    }
    static func referencesNeedsTable(_ what: String) -> String { "`references` of \(what) needs a `table`" }
    static let indexEntryHasBoth = "an index entry has either `column` or `expression`, not both"
    static let indexEntryNeedsOne = "an index entry needs `column` or `expression`"
    static func ambiguousOpclass(_ what: String, keys: Int) -> String {
        "one `opclass` for \(what) with \(keys) keys is ambiguous; "
            + "write a mapping `{ column: opclass }` or put `opclass` on each entry of `columns`"
    }
    static func opclassForNonKey(_ column: String, of what: String) -> String {
        "`opclass` names column `\(column)`, which is not a key of \(what)"
    }
}
