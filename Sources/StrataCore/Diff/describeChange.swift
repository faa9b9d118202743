/// One change in plain words, for script headers and `strata diff`.
func describe(_ change: Change, schema: String) -> String {
    func name(_ object: String) -> String { Identifier.qualified(schema, object) }
    func column(_ table: String, _ column: String) -> String { name(table) + "." + Identifier.quotedIfNeeded(column) }
    func list(_ columns: [String]) -> String { columns.map { Identifier.quotedIfNeeded($0) }.joined(separator: ", ") }
    switch change {
    case .createSchema(let schema):
        return "create schema \(Identifier.quotedIfNeeded(schema))"
    case .createExtension(let ext):
        return "create extension \(ext.name) in schema \(ext.schema)"
    case .renameEnum(let from, let to):
        return "rename enum \(name(from)) to \(Identifier.quotedIfNeeded(to))"
    case .renameTable(let from, let to):
        return "rename table \(name(from)) to \(Identifier.quotedIfNeeded(to))"
    case .renameColumn(let table, let from, let to):
        return "rename column \(column(table, from)) to \(Identifier.quotedIfNeeded(to))"
    case .renameConstraint(let table, let from, let to):
        return "rename constraint \(Identifier.quotedIfNeeded(from)) on \(name(table)) to \(Identifier.quotedIfNeeded(to))"
    case .renameIdentitySequence(let table, let name, let to):
        return "rename the identity sequence of \(column(table, name)) to \(Identifier.quotedIfNeeded(to))"
    case .renameIndex(let from, let to):
        return "rename index \(name(from)) to \(Identifier.quotedIfNeeded(to))"
    case .renameSequence(let from, let to):
        return "rename sequence \(name(from)) to \(Identifier.quotedIfNeeded(to))"
    case .createEnum(let enumType):
        return "create enum \(name(enumType.name)) (\(enumType.values.map(sqlLiteral).joined(separator: ", ")))"
    case .addEnumValue(let enumName, let value, let position):
        var text = "add value \(sqlLiteral(value)) to enum \(name(enumName))"
        switch position {
        case .before(let other): text += " before \(sqlLiteral(other))"
        case .after(let other): text += " after \(sqlLiteral(other))"
        case nil: break
        }
        return text
    case .recreateEnum(let recreation):
        var text = "recreate enum \(name(recreation.name)) as (\(recreation.newValues.map(sqlLiteral).joined(separator: ", ")))"
        let removed = recreation.removedValues
        if !removed.isEmpty { text += ", dropping \(removed.map(sqlLiteral).joined(separator: ", "))" }
        return text
    case .dropEnum(let enumName):
        return "drop enum \(name(enumName))"
    case .createSequence(let sequence):
        return "create sequence \(name(sequence.name))"
    case .alterSequence(_, let sequence):
        return "change the options of sequence \(name(sequence.name))"
    case .setSequenceOwner(let sequence, let owner):
        return "make sequence \(name(sequence)) owned by \(owner.map { column($0.table, $0.column) } ?? "nothing")"
    case .dropSequence(let sequence):
        return "drop sequence \(name(sequence))"
    case .createTable(let table):
        return "create table \(name(table.name))"
    case .dropTable(let table):
        return "drop table \(name(table))"
    case .addColumn(let table, let added):
        // What the column will hold and whether rows need a value, as in `t.c integer NOT NULL DEFAULT 0`.
        var text = "add column \(column(table, added.name)) \(added.type.sql)"
        if let collation = added.collation { text += " COLLATE \(Identifier.quotedIfNeeded(collation))" }
        if !added.nullable { text += " NOT NULL" }
        if let expression = added.defaultExpression { text += " DEFAULT \(expression)" }
        if let generated = added.generated {
            text += " GENERATED ALWAYS AS (\(generated.expression)) \(generated.stored ? "STORED" : "VIRTUAL")"
        }
        if let identity = added.identity {
            text += " GENERATED \(identity.kind == .always ? "ALWAYS" : "BY DEFAULT") AS IDENTITY"
        }
        return text
    case .dropColumn(let table, let dropped):
        return "drop column \(column(table, dropped.name))"
    case .alterColumnType(let typeChange):
        let target = column(typeChange.table, typeChange.column)
        if typeChange.from == typeChange.to {
            return "change the collation of \(target) to \(typeChange.collation.map { Identifier.quotedIfNeeded($0) } ?? "the default")"
        }
        var text = "change the type of \(target) from \(typeChange.from.sql) to \(typeChange.to.sql)"
        if let using = typeChange.using { text += " using \(using)" }
        if let note = zoneConversionNote(typeChange) { text += " (\(note))" }
        return text
    case .setNotNull(let table, let name):
        return "make \(column(table, name)) NOT NULL"
    case .dropNotNull(let table, let name):
        return "make \(column(table, name)) nullable"
    case .setDefault(let table, let name, let expression):
        return "set the default of \(column(table, name)) to \(expression)"
    case .dropDefault(let table, let name):
        return "drop the default of \(column(table, name))"
    case .addIdentity(let table, let name, let identity):
        return "make \(column(table, name)) an identity column (\(identity.kind == .always ? "always" : "by default"))"
    case .alterIdentity(let table, let name, _, _):
        return "change the identity of \(column(table, name))"
    case .dropIdentity(let table, let name):
        return "drop the identity of \(column(table, name))"
    case .continueSequence(let continuation):
        let owner = column(continuation.table, continuation.column)
        var text: String
        switch continuation.sequence {
        case .named(let sequence): text = "continue sequence \(name(sequence)) past the values of \(owner)"
        case .identityOf: text = "continue the identity sequence of \(owner) past its values"
        }
        switch continuation.carriedFrom {
        case .named(let sequence)?: text += " and the position of \(name(sequence))"
        case .identityOf?: text += " and the position of its identity sequence"
        case nil: break
        }
        return text
    case .setGeneratedExpression(let table, let name, let generated):
        return "change the generation expression of \(column(table, name)) to \(generated.expression)"
    case .dropGeneratedExpression(let table, let name):
        return "make \(column(table, name)) a plain column, keeping its values"
    case .addPrimaryKey(let table, let key):
        return "add primary key \(Identifier.quotedIfNeeded(key.name)) on \(name(table)) (\(list(key.columns)))"
    case .addUnique(let table, let key):
        return "add unique constraint \(Identifier.quotedIfNeeded(key.name)) on \(name(table)) (\(list(key.columns)))"
    case .addCheck(let table, let check):
        return "add check constraint \(Identifier.quotedIfNeeded(check.name)) on \(name(table))"
    case .addForeignKey(let table, let key):
        return
            "add foreign key \(Identifier.quotedIfNeeded(key.name)) on \(name(table)) (\(list(key.columns))) referencing \(name(key.referencedTable)) (\(list(key.referencedColumns)))"
    case .dropConstraint(let table, let constraint, let kind):
        let kindName: String
        switch kind {
        case .primaryKey: kindName = "primary key"
        case .unique: kindName = "unique constraint"
        case .check: kindName = "check constraint"
        case .foreignKey: kindName = "foreign key"
        }
        return "drop \(kindName) \(Identifier.quotedIfNeeded(constraint)) on \(name(table))"
    case .createIndex(let table, let index):
        return "create \(index.unique ? "unique " : "")index \(Identifier.quotedIfNeeded(index.name)) on \(name(table))"
            + (index.concurrently == true ? " concurrently" : "")
    case .dropIndex(_, let index):
        return "drop index \(name(index.name))" + (index.concurrently == true ? " concurrently" : "")
    case .addCheckNotValid(let table, let check):
        return "add check constraint \(Identifier.quotedIfNeeded(check.name)) on \(name(table)) NOT VALID (new rows only)"
    case .addForeignKeyNotValid(let table, let key):
        return
            "add foreign key \(Identifier.quotedIfNeeded(key.name)) on \(name(table)) (\(list(key.columns))) referencing \(name(key.referencedTable)) (\(list(key.referencedColumns))) NOT VALID (new rows only)"
    case .validateConstraint(let table, let constraint, _):
        return "validate constraint \(Identifier.quotedIfNeeded(constraint)) on \(name(table))"
    case .setNotNullChecked(let table, let columnName, let check):
        return "make \(column(table, columnName)) NOT NULL (proved by \(Identifier.quotedIfNeeded(check)), no scan)"
    case .dropHelperCheck(let table, let constraint):
        return "drop the helper check \(Identifier.quotedIfNeeded(constraint)) on \(name(table))"
    case .addConstraintUsingIndex(let table, let constraint, let primaryKey, _):
        return "add \(primaryKey ? "primary key" : "unique constraint") \(Identifier.quotedIfNeeded(constraint)) on \(name(table)) using its index"
    case .replaceConstraintUsingIndex(let table, let constraint, let temporary, let primaryKey, _):
        return "replace \(primaryKey ? "primary key" : "unique constraint") \(Identifier.quotedIfNeeded(constraint)) on "
            + "\(name(table)) with the index \(name(temporary)) in one statement (the old one holds until then)"
    case .finishIndexReplacement(_, let temporary, let index):
        return "rename index \(name(temporary)) to \(Identifier.quotedIfNeeded(index)), replacing the old definition"
    case .createRoutine(let routine, let before):
        let object = routine.displayName(schema: schema)
        guard let before else { return "create or take over \(object)" }
        var unchangedBut = before
        unchangedBut.comment = routine.comment
        if unchangedBut == routine { return routine.comment == nil ? "remove the comment on \(object)" : "set the comment on \(object)" }
        return "replace \(object) in place"
    case .renameRoutine(let routine, let newName):
        return "rename \(routine.displayName(schema: schema)) to \(Identifier.quotedIfNeeded(newName))"
    case .dropRoutine(let routine, let recreated):
        if recreated {
            return "drop \(routine.displayName(schema: schema)) to create it again (PostgreSQL cannot replace it in place)"
        }
        return "drop \(routine.displayName(schema: schema))"
    case .setComment(let target, let text):
        let object: String
        switch target {
        case .schema: object = "schema \(Identifier.quotedIfNeeded(schema))"
        case .table(let table): object = "table \(name(table))"
        case .column(let table, let name): object = "column \(column(table, name))"
        case .index(let index): object = "index \(name(index))"
        case .enumType(let enumName): object = "enum \(name(enumName))"
        case .sequence(let sequence): object = "sequence \(name(sequence))"
        }
        return text == nil ? "remove the comment on \(object)" : "set the comment on \(object)"
    }
}
