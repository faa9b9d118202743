/// The result of comparing two schemas: the ordered changes and the problems found.
public struct SchemaDiff: Sendable {
    /// In script order (PG-DDL §4).
    public var changes: [Change]
    /// Tables this diff creates: statements on them touch no rows and carry no hazard.
    public var createdTables: Set<String>
    /// Per table, per dropped column: the new column of the same type that is not its rename
    /// (no `renamed_from`), accepted because data loss is allowed. The drop's hazard says so.
    public var unrenamedDrops: [String: [String: String]] = [:]
    public var diagnostics: [Diagnostic]
    /// Whether the emitter uses the online patterns on existing tables: the declared schema's
    /// `online` (a down script follows its up's declaration, not the snapshot's).
    public var online = true
}

/// How a diff runs.
public struct DiffOptions: Sendable {
    /// Start with `CREATE SCHEMA IF NOT EXISTS` (the first revision).
    public var createSchema: Bool
    /// Report the questions only the author can answer (a drop plus an add that may be a rename,
    /// a vector dimension change without `using`). On for up scripts, off for downs.
    public var checkIntent: Bool
    /// `--allow-destructive`: a drop plus an add of the same type is taken as written (a drop and
    /// an add) instead of asking whether it is a rename.
    public var allowDestructive: Bool

    public init(createSchema: Bool = false, checkIntent: Bool = true, allowDestructive: Bool = false) {
        self.createSchema = createSchema
        self.checkIntent = checkIntent
        self.allowDestructive = allowDestructive
    }
}

/// Compares two declared schemas, following the rename and `using` hints declared in `new`.
public func diffSchemas(from old: Schema, to new: Schema) -> SchemaDiff {
    diffSchemas(from: old, to: new, hints: .declared(from: old, to: new), options: DiffOptions())
}

/// Compares two declared schemas with explicit hints (a down diff passes the inverted hints of its up).
public func diffSchemas(from old: Schema, to new: Schema, hints: RenameHints, options: DiffOptions) -> SchemaDiff {
    var differ = SchemaDiffer(original: old, new: new, hints: hints, options: options)
    differ.run()
    return SchemaDiff(
        changes: differ.steps.ordered, createdTables: differ.createdTables, unrenamedDrops: differ.unrenamedDrops,
        diagnostics: differ.diagnostics, online: new.online)
}

/// Changes grouped by script phase; `ordered` concatenates the phases (PG-DDL §4.1: renames, then
/// drops in reverse dependency order, then creations in dependency order, comments, and last the
/// types and sequences nothing uses any more).
struct ScriptSteps {
    var head: [Change] = []
    var renames: [Change] = []
    var dropForeignKeys: [Change] = []
    /// Before the tables: a routine may take or return a table's row type.
    var dropRoutines: [Change] = []
    var dropTables: [Change] = []
    var dropIndexes: [Change] = []
    var dropConstraints: [Change] = []
    var dropColumns: [Change] = []
    var enums: [Change] = []
    var sequences: [Change] = []
    var createTables: [Change] = []
    var columns: [Change] = []
    var owners: [Change] = []
    var addConstraints: [Change] = []
    var addForeignKeys: [Change] = []
    var createIndexes: [Change] = []
    /// Foreign keys whose referenced columns are unique only through an index: it must exist first.
    var addForeignKeysOnIndexes: [Change] = []
    /// After every table, column and type they may use (SPEC §3.1: tables → functions).
    var createRoutines: [Change] = []
    var comments: [Change] = []
    var dropTypes: [Change] = []

    var ordered: [Change] {
        head + renames + dropForeignKeys + dropRoutines + dropTables + dropIndexes + dropConstraints + dropColumns + enums
            + sequences + createTables + columns + owners + addConstraints + addForeignKeys + createIndexes
            + addForeignKeysOnIndexes + createRoutines + comments + dropTypes
    }
}

/// The working state of one diff.
struct SchemaDiffer {
    let original: Schema
    /// `original` with the renames applied (declared ones, then the names that follow them).
    var old: Schema
    let new: Schema
    let hints: RenameHints
    let options: DiffOptions
    var steps = ScriptSteps()
    var diagnostics: [Diagnostic] = []
    var createdTables: Set<String> = []
    /// Per surviving table: columns dropped and added again (a generated column changing kind).
    var recreatedColumns: [String: Set<String>] = [:]
    /// Per surviving table: columns dropped for good.
    var removedColumns: [String: Set<String>] = [:]
    /// Per surviving table: columns converted in place to a recreated enum type.
    var enumConverted: [String: Set<String>] = [:]
    /// See `SchemaDiff.unrenamedDrops`.
    var unrenamedDrops: [String: [String: String]] = [:]
    /// Serial sequences an identity takes over (see `addIdentity`): dropped there, not by `diffSequences`.
    var carriedSequences: Set<String> = []
    /// Serial sequences made for a column that loses its identity (see `dropIdentity`): created
    /// there, not by `diffSequences`.
    var madeSequences: Set<String> = []

    init(original: Schema, new: Schema, hints: RenameHints, options: DiffOptions) {
        self.original = original
        self.old = applyRenames(hints, to: original)
        self.new = new
        self.hints = hints
        self.options = options
    }

    mutating func run() {
        if old.name != new.name {
            diagnostics.append(
                .error(
                    DiffMessage.schemaRenamed(from: old.name, to: new.name),
                    notes: [.init(DiffMessage.keepSchemaNameNote(old.name, new: new.name))]))
            return
        }
        if old.versionTable != new.versionTable {
            diagnostics.append(
                .error(
                    DiffMessage.versionTableRenamed(from: old.versionTable, to: new.versionTable),
                    notes: [.init(DiffMessage.keepVersionTableNote(old.versionTable))]))
            return
        }
        if options.checkIntent {
            for ext in new.extensions {
                guard let before = old.extensions.first(where: { $0.name == ext.name }), before.schema != ext.schema
                else { continue }
                diagnostics.append(
                    .error(
                        DiffMessage.extensionMoved(ext.name, from: before.schema, to: ext.schema),
                        notes: [.init(DiffMessage.extensionMovedNote(ext.name, from: before.schema, to: ext.schema))]))
            }
        }
        if options.createSchema { steps.head.append(.createSchema(new.name)) }
        let oldExtensions = Set(old.extensions.map(\.name))
        for ext in new.extensions.sorted(by: { $0.name < $1.name }) where options.createSchema || !oldExtensions.contains(ext.name) {
            steps.head.append(.createExtension(ext))
        }
        diffRenames()
        matchRenamedNames()
        let oldTableNames = Set(old.tables.map(\.name))
        createdTables = Set(new.tables.map(\.name).filter { !oldTableNames.contains($0) })
        let newTableNames = Set(new.tables.map(\.name))
        let dropped = old.tables.filter { !newTableNames.contains($0.name) }

        // Column analysis first: enums and constraints depend on which columns are recreated.
        // (`new.tables` is in name order: `Schema.normalizeOrder`.)
        for table in new.tables {
            guard let oldTable = old.table(named: table.name) else { continue }
            analyzeColumns(old: oldTable, new: table)
        }
        enumConverted = enumConvertedColumns()
        diffDroppedTables(dropped)
        for table in new.tables {
            guard let oldTable = old.table(named: table.name) else { continue }
            diffTable(old: oldTable, new: table)
        }
        diffEnums()
        diffSequences(droppedTables: Set(dropped.map(\.name)))
        createNewTables()
        diffRoutines()
        if old.comment != new.comment { steps.comments.insert(.setComment(.schema, new.comment), at: 0) }
    }

    // MARK: Renames

    mutating func diffRenames() {
        for (newName, oldName) in hints.enums.sorted(by: { $0.key < $1.key }) {
            steps.renames.append(.renameEnum(from: oldName, to: newName))
        }
        for (newName, oldName) in hints.sequences.sorted(by: { $0.key < $1.key }) {
            steps.renames.append(.renameSequence(from: oldName, to: newName))
        }
        for (identity, oldName) in hints.routines.sorted(by: { $0.key < $1.key }) {
            var before = identity
            before.name = oldName
            if let routine = original.routine(before) { steps.renames.append(.renameRoutine(routine, to: identity.name)) }
        }
        for (newName, oldName) in hints.tables.sorted(by: { $0.key < $1.key }) {
            steps.renames.append(.renameTable(from: oldName, to: newName))
        }
        for (table, renames) in hints.columns.sorted(by: { $0.key < $1.key }) {
            // Columns in declared order, so the script reads like the YAML.
            let order = new.table(named: table)?.columns.map(\.name) ?? []
            for (newName, oldName) in renames.sorted(by: {
                (order.firstIndex(of: $0.key) ?? 0, $0.key) < (order.firstIndex(of: $1.key) ?? 0, $1.key)
            }) {
                steps.renames.append(.renameColumn(table: table, from: oldName, to: newName))
            }
        }
        // PostgreSQL keeps an identity sequence's name when its table or column is renamed.
        for table in new.tables where hints.tables[table.name] != nil || hints.columns[table.name] != nil {
            let oldTable = hints.tables[table.name] ?? table.name
            for column in table.columns where column.identity != nil {
                let oldColumn = hints.columns[table.name]?[column.name] ?? column.name
                guard original.table(named: oldTable)?.column(named: oldColumn)?.identity != nil,
                    (oldTable, oldColumn) != (table.name, column.name)
                else { continue }
                steps.renames.append(
                    .renameIdentitySequence(
                        table: table.name, column: column.name,
                        to: DefaultNames.makeObjectName(table.name, column.name, label: "seq")))
            }
        }
    }

    // MARK: Tables created and dropped

    /// Adds `foreignKey` in the phase where what it references exists: after the indexes when
    /// its referenced columns are unique only through a unique index.
    mutating func addForeignKey(_ foreignKey: ForeignKey, on table: String) {
        if referencesUniqueIndexOnly(foreignKey) {
            steps.addForeignKeysOnIndexes.append(.addForeignKey(table: table, foreignKey))
            // An up script builds concurrent indexes after its transaction, too late for the key.
            let target = foreignKey.referencedTable
            let keys = Set(foreignKey.referencedColumns.map { IndexElement.Key.column($0) })
            let builtConcurrently = new.table(named: target)?.indexes.first { index in
                guard index.concurrently == true, index.unique, index.predicate == nil, Set(index.elements.map(\.key)) == keys
                else { return false }
                guard let before = old.table(named: target)?.indexes.first(where: { $0.name == index.name }) else {
                    return true
                }
                return indexIsDropped(before, table: target)
            }
            if options.checkIntent, let index = builtConcurrently {
                diagnostics.append(
                    .error(
                        DiffMessage.foreignKeyBeforeIndex(foreignKey.name, table: table, index: index.name),
                        at: index.origin.location, notes: [.init(DiffMessage.foreignKeyBeforeIndexNote(index.name))]))
            }
        } else {
            steps.addForeignKeys.append(.addForeignKey(table: table, foreignKey))
        }
    }

    /// Whether `foreignKey`'s referenced columns are neither the primary key nor a unique
    /// constraint (not deferrable) of the target in `new`, so a unique index must back it
    /// (PostgreSQL accepts one).
    func referencesUniqueIndexOnly(_ foreignKey: ForeignKey) -> Bool {
        guard let target = new.table(named: foreignKey.referencedTable) else { return false }
        let key = foreignKey.referencedColumns
        let matches = { (columns: [String]) in columns.count == key.count && Set(columns) == Set(key) }
        if let primaryKey = target.primaryKey, matches(primaryKey.columns), !primaryKey.deferrability.deferrable {
            return false
        }
        return !target.uniqueConstraints.contains { matches($0.columns) && !$0.deferrability.deferrable }
    }

    mutating func createNewTables() {
        let tables = new.tables.filter { createdTables.contains($0.name) }
        let order = creationOrder(of: tables)
        for name in order {
            guard var table = new.table(named: name) else { continue }
            let split = inlineForeignKeys(of: table, order: order)
            let indexes = table.indexes
            table.foreignKeys = split.inline.filter { !referencesUniqueIndexOnly($0) }
            table.indexes = []
            steps.createTables.append(.createTable(table))
            for foreignKey in split.deferred + split.inline.filter(referencesUniqueIndexOnly) {
                addForeignKey(foreignKey, on: name)
            }
            for index in indexes { steps.createIndexes.append(.createIndex(table: name, index)) }
            if let comment = table.comment { steps.comments.append(.setComment(.table(name), comment)) }
            for column in table.columns {
                if let comment = column.comment {
                    steps.comments.append(.setComment(.column(table: name, column: column.name), comment))
                }
            }
            for index in indexes {
                if let comment = index.comment { steps.comments.append(.setComment(.index(index.name), comment)) }
            }
        }
    }

    mutating func diffDroppedTables(_ dropped: [Table]) {
        let order = creationOrder(of: dropped)
        for name in order.reversed() {
            guard let table = old.table(named: name) else { continue }
            // A foreign key that closed a cycle must go before either table can.
            for foreignKey in inlineForeignKeys(of: table, order: order).deferred
            where order.contains(foreignKey.referencedTable) {
                steps.dropForeignKeys.append(
                    .dropConstraint(
                        table: name, name: foreignKey.name, kind: .foreignKey(referencedTable: foreignKey.referencedTable)))
            }
            steps.dropTables.append(.dropTable(name))
        }
    }

    // MARK: Columns

    /// Decides which columns are dropped, added, or dropped and added again.
    mutating func analyzeColumns(old oldTable: Table, new table: Table) {
        var recreated: Set<String> = []
        var removed: Set<String> = []
        for column in oldTable.columns {
            guard let newColumn = table.column(named: column.name) else {
                removed.insert(column.name)
                continue
            }
            if needsRecreation(old: column, new: newColumn) { recreated.insert(column.name) }
        }
        // PostgreSQL cannot change the type of a column a generated column reads ("cannot alter
        // type of a column used by a generated column"), whether declared or by converting it to
        // a recreated enum: such generated columns are dropped and added again around the
        // change; their values are computed anew, nothing is lost.
        let recreatedEnums = Set(
            new.enums.filter { after in
                old.enumType(named: after.name).map { mustRecreate(before: $0, after: after) } ?? false
            }.map(\.name))
        let retyped = oldTable.columns.filter { column in
            guard let after = table.column(named: column.name), !recreated.contains(column.name) else { return false }
            return column.type != after.type || column.collation != after.collation
                || (after.type.schema == new.name && recreatedEnums.contains(after.type.name))
        }.map(\.name)
        if !retyped.isEmpty {
            for column in table.columns {
                guard let generated = column.generated, oldTable.column(named: column.name)?.generated != nil,
                    retyped.contains(where: { mentions(generated.expression, identifier: $0) })
                else { continue }
                recreated.insert(column.name)
            }
        }
        recreatedColumns[table.name] = recreated
        removedColumns[table.name] = removed
    }

    /// A generated column cannot change kind in place: plain → generated, virtual → plain and
    /// stored ↔ virtual are a drop and an add (only stored → plain has `DROP EXPRESSION`).
    func needsRecreation(old: Column, new: Column) -> Bool {
        switch (old.generated, new.generated) {
        case (nil, nil): return false
        case (nil, .some): return true
        case (.some(let generated), nil): return !generated.stored
        case (.some(let before), .some(let after)): return before.stored != after.stored
        }
    }

    /// Whether something declared over `columns` or `expressions` depends on a column dropped
    /// (for good or to be added again) in `table`.
    func dependsOnDroppedColumn(table: String, columns: [String], expressions: [String]) -> Bool {
        let gone = recreatedColumns[table, default: []].union(removedColumns[table, default: []])
        if gone.isEmpty { return false }
        if columns.contains(where: gone.contains) { return true }
        return expressions.contains { expression in gone.contains { mentions(expression, identifier: $0) } }
    }

    /// Whether one of `expressions` (a check, an index predicate or index expressions) mentions a
    /// column of `table` converted to a recreated enum type. PostgreSQL rebuilds such a check or
    /// index during the conversion with its constants still typed as the renamed old enum, and
    /// fails (`operator does not exist: <enum> = <enum>_old`), so it is dropped before the
    /// conversion and created again after it. A plain column reference is rebuilt fine.
    func mentionsEnumConvertedColumn(table: String, expressions: [String]) -> Bool {
        let converted = enumConverted[table, default: []]
        if converted.isEmpty { return false }
        return expressions.contains { expression in converted.contains { mentions(expression, identifier: $0) } }
    }
}
