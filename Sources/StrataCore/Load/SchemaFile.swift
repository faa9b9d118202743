/// A value read from YAML together with where it was written.
struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
    var value: Value
    var location: SourceLocation

    init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// What one YAML file declares, decoded but not yet resolved: names are unchecked, types are
/// still text, column shorthands are not yet lifted. `buildModel` turns these into a `Schema`.
struct SchemaFile: Hashable, Sendable {
    var path: String
    var settings: SchemaSettingsDecl?
    var enums: [EnumDecl] = []
    var sequences: [SequenceDecl] = []
    var tables: [TableDecl] = []
    var routines: [RoutineDecl] = []
}

/// The `schema:` block.
struct SchemaSettingsDecl: Hashable, Sendable {
    var location: SourceLocation
    var name: Located<String>?
    var extensions: [ExtensionDecl] = []
    var versionTable: Located<String>?
    var comment: String?
    /// `online: false` opts the whole schema out of the online patterns (one transaction per revision).
    var online = true
    /// `postgres: 16`: the oldest PostgreSQL major version the project runs on.
    var postgres: Located<Int>?
}

/// One `extensions:` entry; no schema means `public`.
struct ExtensionDecl: Hashable, Sendable {
    var name: Located<String>
    var schema: Located<String>?
    /// The oldest version the project runs on.
    var version: Located<ExtensionVersion>? = nil
}

/// An `enums:` entry.
struct EnumDecl: Hashable, Sendable {
    var name: Located<String>
    var values: [Located<String>]
    var comment: String?
    var renamedFrom: String?
}

/// A `sequences:` entry.
struct SequenceDecl: Hashable, Sendable {
    var name: Located<String>
    var dataType: Located<String>?
    var options = SequenceOptions()
    var ownedBy: Located<String>?
    var comment: String?
    var renamedFrom: String?
}

/// `identity:` with the location of its value.
struct IdentityDecl: Hashable, Sendable {
    var location: SourceLocation
    var identity: Identity
}

/// A column as written, shorthands not yet lifted.
struct ColumnDecl: Hashable, Sendable {
    var name: Located<String>
    var type: Located<String>?
    var nullable: Located<Bool>?
    var defaultExpression: Located<String>?
    var primaryKey: Located<Bool>?
    var unique: Located<Bool>?
    var references: Located<String>?
    var onDelete: ReferentialAction?
    var onUpdate: ReferentialAction?
    var identity: IdentityDecl?
    var generated: Located<GeneratedColumn>?
    var comment: String?
    var renamedFrom: String?
    var collation: Located<String>?
    var using: String?
}

/// A table-level `primary_key` or `unique` entry.
struct KeyDecl: Hashable, Sendable {
    var location: SourceLocation
    var name: Located<String>?
    var columns: [Located<String>]
    var nullsNotDistinct = false
    var deferrability = Deferrability.immediate
}

/// A `checks:` entry.
struct CheckDecl: Hashable, Sendable {
    var location: SourceLocation
    var name: Located<String>?
    var expression: Located<String>
}

/// A foreign key, table-level or lifted from a column's `references`.
struct ForeignKeyDecl: Hashable, Sendable {
    var location: SourceLocation
    var name: Located<String>?
    var columns: [Located<String>]
    var referencedTable: Located<String>
    /// nil: the referenced table's primary key.
    var referencedColumns: [Located<String>]?
    var onDelete = ReferentialAction.noAction
    var onUpdate = ReferentialAction.noAction
    var match = ForeignKey.Match.simple
    var deferrability = Deferrability.immediate
}

/// One key of an index as written.
struct IndexElementDecl: Hashable, Sendable {
    var location: SourceLocation
    var key: IndexElement.Key
    var opclass: Located<String>?
    var collation: String?
    var order: IndexElement.Order?
    var nulls: IndexElement.Nulls?
}

/// An `indexes:` entry.
struct IndexDecl: Hashable, Sendable {
    var location: SourceLocation
    var name: Located<String>?
    var elements: [IndexElementDecl]
    var method: Located<Index.Method>?
    var storageParameters: [Located<StorageParameter>] = []
    var predicate: String?
    var include: [Located<String>] = []
    var unique = false
    var nullsNotDistinct = false
    /// nil: concurrently on a table an earlier revision created (unless `online: false`).
    var concurrently: Bool?
    var comment: String?
}

/// A `tables:` entry.
struct TableDecl: Hashable, Sendable {
    var name: Located<String>
    /// Its mapping or its `columns` could not be read (already reported): references to its
    /// columns are not checked, so one mistake does not cascade.
    var isUnresolved = false
    var comment: String?
    var renamedFrom: String?
    var columns: [ColumnDecl] = []
    var primaryKey: KeyDecl?
    var unique: [KeyDecl] = []
    var checks: [CheckDecl] = []
    var foreignKeys: [ForeignKeyDecl] = []
    var indexes: [IndexDecl] = []
}
