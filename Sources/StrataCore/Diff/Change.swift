/// One step of a migration, in the order the script runs it.
///
/// Every case names its objects by their names *after* the renames of the same diff (renames
/// run first), unqualified: the emitter qualifies them with the managed schema. A changed
/// constraint or index is a drop plus an add, never an in-place alteration.
///
/// `indirect`: the largest payloads (a whole `Table`, two `Identity`s with their options) made
/// every `Change` hundreds of bytes, copied each time a change was sorted, grouped or rendered;
/// boxed, a change is one pointer.
public indirect enum Change: Hashable, Sendable {
    /// `CREATE SCHEMA IF NOT EXISTS`, first revision only.
    case createSchema(String)
    /// `CREATE EXTENSION IF NOT EXISTS ... WITH SCHEMA ...`; extensions are never dropped.
    case createExtension(Extension)

    case renameEnum(from: String, to: String)
    case renameTable(from: String, to: String)
    case renameColumn(table: String, from: String, to: String)
    /// A constraint whose definition is unchanged but whose (default) name follows a renamed
    /// table or column; renaming a primary key or unique constraint renames its index too.
    case renameConstraint(table: String, from: String, to: String)
    case renameIndex(from: String, to: String)
    /// An owned sequence following its renamed table (serial's `<table>_<column>_seq`).
    case renameSequence(from: String, to: String)
    /// An identity column's sequence following its renamed table or column to the name a fresh
    /// `CREATE TABLE` gives it; its current name is PostgreSQL's choice, found at run time.
    case renameIdentitySequence(table: String, column: String, to: String)

    case createEnum(EnumType)
    /// `ALTER TYPE ... ADD VALUE IF NOT EXISTS`, outside a transaction.
    case addEnumValue(enumName: String, value: String, position: EnumValuePosition?)
    /// Removing or reordering labels: rename the old type, create the new one, convert every
    /// column through text (PG-DDL §2.12); a `dropEnum` of the old type's temporary name follows
    /// at the end of the script.
    case recreateEnum(EnumRecreation)
    case dropEnum(String)

    /// Created without `OWNED BY`: the owning column may not exist yet (see `setSequenceOwner`).
    case createSequence(SequenceDefinition)
    case alterSequence(from: SequenceDefinition, to: SequenceDefinition)
    case setSequenceOwner(sequence: String, owner: ColumnReference?)
    case dropSequence(String)

    /// The table as created; foreign keys that cannot be inline yet are left out of it and come
    /// as later `addForeignKey` changes.
    case createTable(Table)
    case dropTable(String)

    case addColumn(table: String, column: Column)
    case dropColumn(table: String, column: Column)
    /// `ALTER COLUMN ... TYPE ... [COLLATE ...] [USING ...]`; a collation change is a type change.
    case alterColumnType(ColumnTypeChange)
    case setNotNull(table: String, column: String)
    case dropNotNull(table: String, column: String)
    case setDefault(table: String, column: String, expression: String)
    case dropDefault(table: String, column: String)
    case addIdentity(table: String, column: String, identity: Identity)
    case alterIdentity(table: String, column: String, from: Identity, to: Identity)
    case dropIdentity(table: String, column: String)
    /// `SELECT setval(...)`: a sequence an existing column now draws from (an identity added to
    /// it, or a serial's sequence made for it) continues past the values the column holds and past
    /// the position of the sequence it replaces, so the next insert does not collide.
    case continueSequence(SequenceContinuation)
    case setGeneratedExpression(table: String, column: String, generated: GeneratedColumn)
    /// `DROP EXPRESSION`: a stored generated column becomes a plain one, keeping its values.
    case dropGeneratedExpression(table: String, column: String)

    case addPrimaryKey(table: String, PrimaryKey)
    case addUnique(table: String, UniqueConstraint)
    case addCheck(table: String, CheckConstraint)
    case addForeignKey(table: String, ForeignKey)
    case dropConstraint(table: String, name: String, kind: ConstraintKind)

    case createIndex(table: String, Index)
    case dropIndex(table: String, Index)

    /// `COMMENT ON ... IS '...'`, or `IS NULL` to remove it.
    case setComment(CommentTarget, String?)

    /// `CREATE OR REPLACE FUNCTION | PROCEDURE`: creates a new routine, or takes over one a
    /// hand-written revision made (`replacing` nil), or replaces `replacing` in place where
    /// PostgreSQL allows it. Its comment follows.
    case createRoutine(Routine, replacing: Routine?)
    /// `ALTER FUNCTION | PROCEDURE name(argument types) RENAME TO`: the routine under its old name.
    case renameRoutine(Routine, to: String)
    /// `DROP FUNCTION | PROCEDURE name(argument types) RESTRICT`; `recreated` when a
    /// `createRoutine` of the same identity follows (a change PostgreSQL refuses in place).
    case dropRoutine(Routine, recreated: Bool)

    // The online patterns (SPEC §6), chosen by the emitter for tables an earlier revision created:
    // a cheap statement in the body, the scan or build after it in the suffix, run alone.

    /// `ADD CONSTRAINT ... NOT VALID`: checks new rows at once; `validateConstraint` scans the rest.
    case addCheckNotValid(table: String, CheckConstraint)
    case addForeignKeyNotValid(table: String, ForeignKey)
    /// `VALIDATE CONSTRAINT`: scans under SHARE UPDATE EXCLUSIVE, so writes go on meanwhile.
    case validateConstraint(table: String, name: String, referencedTable: String?)
    /// `SET NOT NULL` once the valid helper check `check` proves it: no scan.
    case setNotNullChecked(table: String, column: String, check: String)
    /// `DROP CONSTRAINT IF EXISTS` of an online SET NOT NULL's helper check.
    case dropHelperCheck(table: String, name: String)
    /// `ADD CONSTRAINT name PRIMARY KEY | UNIQUE USING INDEX name` once the index is built concurrently.
    case addConstraintUsingIndex(table: String, name: String, primaryKey: Bool, deferrability: Deferrability)
    /// `ALTER TABLE t DROP CONSTRAINT IF EXISTS name, ADD CONSTRAINT name ... USING INDEX temporary`:
    /// the end of an online replacement of a changed key, once its new index is built concurrently
    /// under `temporary`. One statement, so the old constraint holds until the new one does.
    case replaceConstraintUsingIndex(
        table: String, name: String, temporary: String, primaryKey: Bool, deferrability: Deferrability)
    /// `ALTER INDEX IF EXISTS temporary RENAME TO name`: the end of an online index replacement
    /// (build the new definition under `temporary`, drop the old one, rename).
    case finishIndexReplacement(table: String, temporary: String, name: String)
}

/// Where `ADD VALUE` puts a new label, so the declared order is kept.
public enum EnumValuePosition: Hashable, Sendable {
    case before(String)
    case after(String)
}

/// What recreating an enum type touches.
public struct EnumRecreation: Hashable, Sendable {
    public var name: String
    /// The name the old type is moved to while columns are converted.
    public var temporaryName: String
    public var oldValues: [String]
    public var newValues: [String]
    public var columns: [EnumColumnUse]

    /// Labels the new type no longer has: rows holding them make the conversion fail.
    public var removedValues: [String] { oldValues.filter { !newValues.contains($0) } }
}

/// A column converted to a recreated enum type; its default must be dropped and set again
/// because PostgreSQL cannot cast it automatically.
public struct EnumColumnUse: Hashable, Sendable {
    public var table: String
    public var column: String
    public var isArray: Bool
    /// Whether the column has a default to drop before the conversion.
    public var hadDefault: Bool
    /// The default to set again afterwards (the new declaration's).
    public var defaultExpression: String?
}

/// One column's type (or collation) change.
public struct ColumnTypeChange: Hashable, Sendable {
    public var table: String
    public var column: String
    public var from: ColumnType
    public var to: ColumnType
    /// The column's collation after the change; nil keeps the new type's default.
    public var collation: String?
    public var oldCollation: String?
    /// The declared `USING` expression, verbatim.
    public var using: String?
}

/// The kind of a dropped constraint, for the hazard it carries.
public enum ConstraintKind: Hashable, Sendable {
    case primaryKey
    case unique
    case check
    case foreignKey(referencedTable: String)
}

/// The object a comment is attached to.
public enum CommentTarget: Hashable, Sendable {
    case schema
    case table(String)
    case column(table: String, column: String)
    case index(String)
    case enumType(String)
    case sequence(String)
}

/// Where a sequence taking over an existing column's numbering must continue.
public struct SequenceContinuation: Hashable, Sendable {
    /// A sequence named in the managed schema, or the identity sequence of a column (its name is
    /// PostgreSQL's choice: `pg_get_serial_sequence` finds it).
    public enum Source: Hashable, Sendable {
        case named(String)
        case identityOf(column: String)
    }

    public var table: String
    public var column: String
    /// The sequence to advance.
    public var sequence: Source
    /// The sequence whose position is carried over (the one being replaced), if any.
    public var carriedFrom: Source?
    /// A descending sequence continues below the smallest value instead.
    public var descending: Bool
}
