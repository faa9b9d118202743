public import StrataCore

/// One way the live schema differs from the declared one.
public struct DriftDifference: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Declared but absent from the database.
        case missing
        /// In the database but not declared.
        case unexpected
        /// Present on both sides with different properties.
        case changed
    }

    public var kind: Kind
    /// What differs, e.g. `column negentropy.memory.kind` or `index negentropy.memory_embedding_idx`.
    public var object: String
    /// Which property differs for `.changed` (`type`, `default`, `nullable`, `definition`, ...).
    public var aspect: String?
    public var declared: String?
    public var live: String?
    /// Where the difference comes from, when strata knows (an enum value a pending revision's
    /// prefix added).
    public var note: String?

    public init(
        kind: Kind, object: String, aspect: String? = nil, declared: String? = nil, live: String? = nil, note: String? = nil
    ) {
        self.kind = kind
        self.object = object
        self.aspect = aspect
        self.declared = declared
        self.live = live
        self.note = note
    }

    public var description: String {
        let text: String
        switch kind {
        case .missing: text = "missing \(object)"
        case .unexpected: text = "unexpected \(object)" + (live.map { ": \($0)" } ?? "")
        case .changed:
            text = "changed \(object) \(aspect ?? "definition"): declared \(declared ?? "(none)"), live \(live ?? "(none)")"
        }
        return text + (note.map { "; \($0)" } ?? "")
    }
}

/// Every difference between the declared schema and the live one, in a stable order.
///
/// Column order is ignored. Expressions are compared after `normalizeExpression`; for an exact
/// comparison, first pass the declared schema through `canonicalizeExpressions` so both sides
/// carry PostgreSQL's own printing. An INVALID index or NOT VALID constraint is one difference
/// (its state, or its being unexpected with the state said). Objects strata cannot model
/// (`live.unmodeled`) are not differences: the caller lists them apart, once.
public func compareForDrift(declared: Schema, live: IntrospectedSchema) -> [DriftDifference] {
    guard live.exists else { return [DriftDifference(kind: .missing, object: "schema \(declared.name)")] }
    var comparer = DriftComparer(
        schemaName: declared.name, invalidIndexes: live.invalidIndexes, notValidConstraints: live.notValidConstraints)
    comparer.compare(declared: declared, live: live.schema)
    return comparer.differences
}

/// Every difference between two schemas (`declared` and `live`), in a stable order.
public func compareForDrift(declared: Schema, live: Schema) -> [DriftDifference] {
    var comparer = DriftComparer(schemaName: declared.name)
    comparer.compare(declared: declared, live: live)
    return comparer.differences
}

/// Walks both schemas object by object.
struct DriftComparer {
    let schemaName: String
    /// Live indexes left INVALID, by name.
    var invalidIndexes: Set<String> = []
    /// Live constraints not validated, as `table.constraint`.
    var notValidConstraints: Set<String> = []
    var differences: [DriftDifference] = []

    static let invalidState = "INVALID (left by a failed concurrent build)"

    mutating func changed(_ object: String, _ aspect: String, _ declared: String?, _ live: String?) {
        if declared != live {
            differences.append(DriftDifference(kind: .changed, object: object, aspect: aspect, declared: declared, live: live))
        }
    }

    /// Matches two name-keyed lists; calls `both` for pairs, records the rest as missing/unexpected.
    mutating func match<T>(
        _ declared: [T], _ live: [T], name: (T) -> String, label: (String) -> String,
        summary: (T) -> String? = { _ in nil }, both: (inout DriftComparer, T, T) -> Void
    ) {
        let liveByName = Dictionary(live.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        let declaredNames = Set(declared.map(name))
        for item in declared.sorted(by: { name($0) < name($1) }) {
            if let other = liveByName[name(item)] {
                both(&self, item, other)
            } else {
                differences.append(DriftDifference(kind: .missing, object: label(name(item)), declared: summary(item)))
            }
        }
        for item in live.sorted(by: { name($0) < name($1) }) where !declaredNames.contains(name(item)) {
            differences.append(DriftDifference(kind: .unexpected, object: label(name(item)), live: summary(item)))
        }
    }

    mutating func compare(declared: Schema, live: Schema) {
        let schema = schemaName
        changed("schema \(schema)", "comment", declared.comment, live.comment)
        // Only declared extensions matter: strata never drops one.
        for ext in declared.extensions.sorted(by: { $0.name < $1.name }) {
            if let other = live.extensions.first(where: { $0.name == ext.name }) {
                changed("extension \(ext.name)", "schema", ext.schema, other.schema)
            } else {
                differences.append(DriftDifference(kind: .missing, object: "extension \(ext.name)"))
            }
        }
        match(declared.enums, live.enums, name: \.name, label: { "enum \(schema).\($0)" }) { comparer, d, l in
            let object = "enum \(schema).\(d.name)"
            comparer.changed(object, "labels", d.values.joined(separator: ", "), l.values.joined(separator: ", "))
            comparer.changed(object, "comment", d.comment, l.comment)
        }
        match(declared.sequences, live.sequences, name: \.name, label: { "sequence \(schema).\($0)" }) { comparer, d, l in
            comparer.changed("sequence \(schema).\(d.name)", "definition", sequenceSummary(d), sequenceSummary(l))
            comparer.changed("sequence \(schema).\(d.name)", "comment", d.comment, l.comment)
        }
        match(declared.tables, live.tables, name: \.name, label: { "table \(schema).\($0)" }) { comparer, d, l in
            comparer.compareTable(d, l)
        }
    }

    mutating func compareTable(_ declared: Table, _ live: Table) {
        let table = "\(schemaName).\(declared.name)"
        changed("table \(table)", "comment", declared.comment, live.comment)
        match(declared.columns, live.columns, name: \.name, label: { "column \(table).\($0)" },
              summary: { $0.type.sql }) { comparer, d, l in
            let object = "column \(table).\(d.name)"
            comparer.changed(object, "type", d.type.sql, l.type.sql)
            comparer.changed(object, "nullable", String(d.nullable), String(l.nullable))
            comparer.changed(object, "default", d.defaultExpression.map(normalizeExpression), l.defaultExpression.map(normalizeExpression))
            comparer.changed(object, "identity", d.identity.map { identitySummary($0, type: d.type) }, l.identity.map { identitySummary($0, type: l.type) })
            comparer.changed(object, "generated", d.generated.map(generatedSummary), l.generated.map(generatedSummary))
            comparer.changed(object, "collation", d.collation, l.collation)
            comparer.changed(object, "comment", d.comment, l.comment)
        }
        changed("primary key of table \(table)", "definition", declared.primaryKey.map(primaryKeySummary), live.primaryKey.map(primaryKeySummary))
        match(declared.uniqueConstraints, live.uniqueConstraints, name: \.name, label: { "unique constraint \($0) on \(table)" },
              summary: uniqueSummary) { comparer, d, l in
            comparer.changed("unique constraint \(d.name) on \(table)", "definition", uniqueSummary(d), uniqueSummary(l))
        }
        let notValid = notValidConstraints, invalid = invalidIndexes
        let notValidSuffix = { (name: String) in notValid.contains("\(declared.name).\(name)") ? " NOT VALID" : "" }
        match(declared.checks, live.checks, name: \.name, label: { "check constraint \($0) on \(table)" },
              summary: { normalizeExpression($0.expression) + notValidSuffix($0.name) }) { comparer, d, l in
            comparer.changed("check constraint \(d.name) on \(table)", "expression", normalizeExpression(d.expression), normalizeExpression(l.expression))
            comparer.changed("check constraint \(d.name) on \(table)", "validation", "validated", notValidSuffix(l.name).isEmpty ? "validated" : "NOT VALID")
        }
        match(declared.foreignKeys, live.foreignKeys, name: \.name, label: { "foreign key \($0) on \(table)" },
              summary: { foreignKeySummary($0) + notValidSuffix($0.name) }) { comparer, d, l in
            comparer.changed("foreign key \(d.name) on \(table)", "definition", foreignKeySummary(d), foreignKeySummary(l))
            comparer.changed("foreign key \(d.name) on \(table)", "validation", "validated", notValidSuffix(l.name).isEmpty ? "validated" : "NOT VALID")
        }
        let invalidSuffix = { (name: String) in invalid.contains(name) ? " " + Self.invalidState : "" }
        match(declared.indexes, live.indexes, name: \.name, label: { "index \($0) on \(table)" },
              summary: { indexSummary($0) + invalidSuffix($0.name) }) { comparer, d, l in
            comparer.changed("index \(d.name) on \(table)", "definition", indexSummary(d), indexSummary(l))
            comparer.changed("index \(d.name) on \(table)", "validity", "valid", invalid.contains(l.name) ? Self.invalidState : "valid")
            comparer.changed("index \(d.name) on \(table)", "comment", d.comment, l.comment)
        }
    }
}

// MARK: - Canonical one-line summaries (what is compared)

func deferrabilitySummary(_ value: Deferrability) -> String {
    value.deferrable ? (value.initiallyDeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE") : ""
}

func primaryKeySummary(_ key: PrimaryKey) -> String {
    "\(key.name) (\(key.columns.joined(separator: ", ")))" + deferrabilitySummary(key.deferrability)
}

func uniqueSummary(_ unique: UniqueConstraint) -> String {
    "(\(unique.columns.joined(separator: ", ")))" + (unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : "")
        + deferrabilitySummary(unique.deferrability)
}

func foreignKeySummary(_ key: ForeignKey) -> String {
    "(\(key.columns.joined(separator: ", "))) REFERENCES \(key.referencedTable) (\(key.referencedColumns.joined(separator: ", ")))"
        + " MATCH \(key.match.rawValue.uppercased()) ON DELETE \(key.onDelete.sql) ON UPDATE \(key.onUpdate.sql)"
        + deferrabilitySummary(key.deferrability)
}

func generatedSummary(_ generated: GeneratedColumn) -> String {
    "(\(normalizeExpression(generated.expression))) \(generated.stored ? "STORED" : "VIRTUAL")"
}

/// Sequence options with PostgreSQL's defaults filled in, so `nil` and the default compare equal.
func resolvedSummary(_ options: SequenceOptions, dataType: String?) -> String {
    let resolved = options.resolved(for: dataType)
    return "START \(resolved.start) INCREMENT \(resolved.increment) MINVALUE \(resolved.minValue) "
        + "MAXVALUE \(resolved.maxValue) CACHE \(resolved.cache)" + (options.cycle ? " CYCLE" : "")
}

func sequenceSummary(_ sequence: StrataCore.SequenceDefinition) -> String {
    let type = sequence.dataType ?? "bigint"
    return "AS \(type) " + resolvedSummary(sequence.options, dataType: type)
        + (sequence.ownedBy.map { " OWNED BY \($0.table).\($0.column)" } ?? "")
}

func identitySummary(_ identity: Identity, type: ColumnType) -> String {
    (identity.kind == .always ? "ALWAYS " : "BY DEFAULT ") + resolvedSummary(identity.options, dataType: type.name)
}

func indexSummary(_ index: Index) -> String {
    let elements = index.elements.map { element -> String in
        var text: String
        switch element.key {
        case .column(let name): text = Identifier.quotedIfNeeded(name)
        case .expression(let expression): text = "(" + normalizeExpression(expression) + ")"
        }
        if let collation = element.collation { text += " COLLATE \(collation)" }
        if let opclass = element.opclass {
            text += " " + QualifiedName(schema: opclass.schema == "pg_catalog" ? nil : opclass.schema, name: opclass.name).sql
        }
        // nil, ASC, and the default NULLS placement for the direction all mean the same.
        let descending = element.order == .desc
        if descending { text += " DESC" }
        let nullsFirst = element.nulls.map { $0 == .first } ?? descending
        if nullsFirst != descending { text += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
        return text
    }
    var text = (index.unique ? "UNIQUE " : "") + "USING \(index.method.rawValue) (\(elements.joined(separator: ", ")))"
    if !index.include.isEmpty { text += " INCLUDE (\(index.include.joined(separator: ", ")))" }
    if index.nullsNotDistinct { text += " NULLS NOT DISTINCT" }
    let parameters = index.storageParameters.sorted { $0.key < $1.key }
    if !parameters.isEmpty { text += " WITH (" + parameters.map { "\($0.key)=\(unquotedValue($0.value))" }.joined(separator: ", ") + ")" }
    if let predicate = index.predicate { text += " WHERE " + normalizeExpression(predicate) }
    return text
}

private func unquotedValue(_ value: String) -> String {
    value.count >= 2 && value.hasPrefix("'") && value.hasSuffix("'") ? String(value.dropFirst().dropLast()) : value.lowercased()
}

/// A whitespace- and case-insensitive form of an SQL expression that tolerates the parts of
/// PostgreSQL's reprinting that do not change meaning: runs of whitespace, spaces next to
/// parentheses and commas, letter case outside quotes, and redundant outer parentheses.
/// Quoted literals and identifiers are kept byte for byte.
public func normalizeExpression(_ expression: String) -> String {
    var output = ""
    var quote: Character?
    var pendingSpace = false
    for character in expression {
        if let open = quote {
            output.append(character)
            if character == open { quote = nil }
            continue
        }
        if character.isWhitespace {
            pendingSpace = true
            continue
        }
        if pendingSpace {
            // Spaces after an opening bracket or comma, and before a closing one or a comma, are noise.
            let previous = output.last
            let gluesAfter: Set<Character> = ["(", "[", ","], gluesBefore: Set<Character> = [")", "]", ","]
            if let previous, !gluesAfter.contains(previous), !gluesBefore.contains(character) { output.append(" ") }
            pendingSpace = false
        }
        if character == "'" || character == "\"" { quote = character }
        output.append(contentsOf: character == "'" || character == "\"" ? String(character) : character.lowercased())
    }
    return strippingOuterParentheses(output)
}

/// `((a > 0))` → `a > 0`, but `(a) + (b)` stays.
func strippingOuterParentheses(_ text: String) -> String {
    var current = Substring(text)
    while current.hasPrefix("(") && current.hasSuffix(")") {
        var depth = 0
        var quote: Character?
        var closesEarly = false
        for (offset, character) in current.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" { quote = character; continue }
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0 && offset != current.count - 1 { closesEarly = true; break }
            }
        }
        if closesEarly { break }
        current = current.dropFirst().dropLast()
    }
    return String(current)
}
