/// A table of the managed schema with everything attached to it.
///
/// Column-level shorthands (`primary_key: true`, `unique: true`, `references:`) are lifted into
/// the table-level constraint lists by `buildModel`, each with the name PostgreSQL would choose,
/// so later stages see one uniform shape.
public struct Table: Codable, Hashable, Sendable {
    public var name: String
    public var comment: String?
    /// In declared order (new columns of later revisions are appended, as PostgreSQL does).
    public var columns: [Column]
    public var primaryKey: PrimaryKey?
    public var uniqueConstraints: [UniqueConstraint]
    public var checks: [CheckConstraint]
    public var foreignKeys: [ForeignKey]
    public var indexes: [Index]
    public var origin = Origin()

    enum CodingKeys: String, CodingKey {
        case name, comment, columns, primaryKey, uniqueConstraints, checks, foreignKeys, indexes
    }

    public init(
        name: String, comment: String? = nil, columns: [Column] = [], primaryKey: PrimaryKey? = nil,
        uniqueConstraints: [UniqueConstraint] = [], checks: [CheckConstraint] = [],
        foreignKeys: [ForeignKey] = [], indexes: [Index] = [], origin: Origin = Origin()
    ) {
        self.name = name
        self.comment = comment
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueConstraints = uniqueConstraints
        self.checks = checks
        self.foreignKeys = foreignKeys
        self.indexes = indexes
        self.origin = origin
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// Constraint and index lists sorted by name; columns stay in declared order.
    public mutating func normalizeOrder() {
        uniqueConstraints.sortByName()
        checks.sortByName()
        foreignKeys.sortByName()
        indexes.sortByName()
    }

    var isInNormalOrder: Bool {
        uniqueConstraints.isSortedByName && checks.isSortedByName && foreignKeys.isSortedByName
            && indexes.isSortedByName
    }
}

/// One column. `nullable` is already false for primary-key, identity and serial columns.
public struct Column: Codable, Hashable, Sendable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    /// A SQL expression, verbatim from YAML except for whitespace folding; nil for none
    /// (`default: null` and `DEFAULT NULL` both mean none).
    public var defaultExpression: String?
    public var identity: Identity?
    public var generated: GeneratedColumn?
    public var collation: String?
    public var comment: String?
    public var origin = Origin()

    enum CodingKeys: String, CodingKey {
        case name, type, nullable, defaultExpression, identity, generated, collation, comment
    }

    public init(
        name: String, type: ColumnType, nullable: Bool = true, defaultExpression: String? = nil,
        identity: Identity? = nil, generated: GeneratedColumn? = nil, collation: String? = nil,
        comment: String? = nil, origin: Origin = Origin()
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultExpression = defaultExpression
        self.identity = identity
        self.generated = generated
        self.collation = collation
        self.comment = comment
        self.origin = origin
    }
}

/// `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [( sequence options )]`.
public struct Identity: Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case always
        case byDefault = "by_default"
    }

    public var kind: Kind
    public var options: SequenceOptions

    public init(kind: Kind, options: SequenceOptions = SequenceOptions()) {
        self.kind = kind
        self.options = options
    }
}

// A snapshot records the options beside the kind, as the column definition writes them: one flat object.
extension Identity: Codable {
    enum CodingKeys: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try container.decode(Kind.self, forKey: .kind), options: try SequenceOptions(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try options.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
    }
}

/// `GENERATED ALWAYS AS (expression) STORED | VIRTUAL`.
public struct GeneratedColumn: Codable, Hashable, Sendable {
    public var expression: String
    /// STORED is the default; `stored: false` asks for PostgreSQL 18's VIRTUAL.
    public var stored: Bool

    public init(expression: String, stored: Bool = true) {
        self.expression = expression
        self.stored = stored
    }
}
