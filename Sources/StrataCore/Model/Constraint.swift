/// `ON DELETE` / `ON UPDATE` of a foreign key.
public enum ReferentialAction: String, Codable, Hashable, Sendable, CaseIterable {
    case noAction = "no action"
    case restrict
    case cascade
    case setNull = "set null"
    case setDefault = "set default"

    public var sql: String { rawValue.uppercased() }
}

/// `DEFERRABLE [INITIALLY DEFERRED]`, shared by primary keys, unique constraints and foreign keys.
public struct Deferrability: Codable, Hashable, Sendable {
    public var deferrable: Bool
    public var initiallyDeferred: Bool

    public init(deferrable: Bool = false, initiallyDeferred: Bool = false) {
        self.deferrable = deferrable
        self.initiallyDeferred = initiallyDeferred
    }

    public static let immediate = Deferrability()
}

public struct PrimaryKey: Codable, Hashable, Sendable {
    /// Always spelled out; defaults to `<table>_pkey`.
    public var name: String
    public var columns: [String]
    public var deferrability: Deferrability
    public var origin = Origin()

    enum CodingKeys: String, CodingKey { case name, columns, deferrability }

    public init(name: String, columns: [String], deferrability: Deferrability = .immediate, origin: Origin = Origin()) {
        self.name = name
        self.columns = columns
        self.deferrability = deferrability
        self.origin = origin
    }
}

public struct UniqueConstraint: Codable, Hashable, Sendable {
    /// Defaults to `<table>_<cols>_key`.
    public var name: String
    public var columns: [String]
    public var nullsNotDistinct: Bool
    public var deferrability: Deferrability
    public var origin = Origin()

    enum CodingKeys: String, CodingKey { case name, columns, nullsNotDistinct, deferrability }

    public init(
        name: String, columns: [String], nullsNotDistinct: Bool = false,
        deferrability: Deferrability = .immediate, origin: Origin = Origin()
    ) {
        self.name = name
        self.columns = columns
        self.nullsNotDistinct = nullsNotDistinct
        self.deferrability = deferrability
        self.origin = origin
    }
}

public struct CheckConstraint: Codable, Hashable, Sendable {
    /// Defaults to `<table>_<col>_check` (one column referenced) or `<table>_check`.
    public var name: String
    /// Verbatim SQL, whitespace-folded; compared as declared, never as the catalog prints it.
    public var expression: String
    public var origin = Origin()

    enum CodingKeys: String, CodingKey { case name, expression }

    public init(name: String, expression: String, origin: Origin = Origin()) {
        self.name = name
        self.expression = expression
        self.origin = origin
    }
}

public struct ForeignKey: Codable, Hashable, Sendable {
    public enum Match: String, Codable, Hashable, Sendable {
        case simple, full
    }

    /// Defaults to `<table>_<cols>_fkey`.
    public var name: String
    public var columns: [String]
    /// A table of the managed schema.
    public var referencedTable: String
    public var referencedColumns: [String]
    public var onDelete: ReferentialAction
    public var onUpdate: ReferentialAction
    public var match: Match
    public var deferrability: Deferrability
    public var origin = Origin()

    enum CodingKeys: String, CodingKey {
        case name, columns, referencedTable, referencedColumns, onDelete, onUpdate, match, deferrability
    }

    public init(
        name: String, columns: [String], referencedTable: String, referencedColumns: [String],
        onDelete: ReferentialAction = .noAction, onUpdate: ReferentialAction = .noAction, match: Match = .simple,
        deferrability: Deferrability = .immediate, origin: Origin = Origin()
    ) {
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
        self.match = match
        self.deferrability = deferrability
        self.origin = origin
    }
}
