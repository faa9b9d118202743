/// Collects what the statements of a revision need, statement by statement, each use attributed
/// to the YAML location of the object the statement comes from. It scans the SQL the emitter
/// writes (`RequirementScanner`), so what compile records is what a scan of the script finds.
struct RequirementCollector {
    let sql: SQLNames
    /// The declared schema, with the locations of its objects.
    let schema: Schema
    /// The schema directory as file paths start with (`schema/`), left out of recorded locations so
    /// they do not depend on where compile ran.
    let sourceRoot: String
    private(set) var uses: [(construct: VersionedConstruct, location: SourceLocation?)] = []

    init(schema: Schema, sourceRoot: String) {
        self.sql = SQLNames(schema: schema.name)
        self.schema = schema
        self.sourceRoot = sourceRoot
    }

    /// Recorded form of `uses`: `file:line`, relative to the schema directory.
    var requirements: VersionRequirements {
        VersionRequirements(uses.map { ($0.construct, $0.location.map(recordedLocation)) })
    }

    func recordedLocation(_ location: SourceLocation) -> String {
        let file = location.file.hasPrefix(sourceRoot) ? String(location.file.dropFirst(sourceRoot.count)) : location.file
        return "\(file):\(location.line)"
    }

    mutating func scan(_ text: String, at location: SourceLocation?) {
        for construct in RequirementScanner.constructs(in: text) { uses.append((construct, location)) }
    }

    /// Everything a table declares, as `CREATE TABLE` and `CREATE INDEX` would write it.
    mutating func add(table: Table) {
        let fallback = table.origin.location
        for column in table.columns { scan(sql.columnDefinition(column), at: column.origin.location ?? fallback) }
        if let key = table.primaryKey { scan(sql.primaryKey(key), at: key.origin.location ?? fallback) }
        for key in table.uniqueConstraints { scan(sql.unique(key), at: key.origin.location ?? fallback) }
        for check in table.checks { scan(sql.check(check), at: check.origin.location ?? fallback) }
        for key in table.foreignKeys { scan(sql.foreignKey(key), at: key.origin.location ?? fallback) }
        for index in table.indexes { scan(sql.createIndex(table: table.name, index), at: index.origin.location ?? fallback) }
    }

    /// The statements of one change.
    mutating func add(change: Change) {
        if case .createTable(let table) = change {
            // Per column and constraint, for their own locations; the table's indexes come as changes.
            var withoutIndexes = table
            withoutIndexes.indexes = []
            add(table: withoutIndexes)
            return
        }
        let text = renderChange(change, schema: schema.name).map { $0.lines.joined(separator: "\n") }.joined(separator: "\n")
        scan(text, at: location(of: change))
    }

    /// Where the YAML declares what `change` creates or alters.
    func location(of change: Change) -> SourceLocation? {
        switch change {
        case .addColumn(let table, let column):
            return column.origin.location ?? tableLocation(table)
        case .createIndex(let table, let index):
            return index.origin.location ?? tableLocation(table)
        case .addUnique(let table, let key):
            return key.origin.location ?? tableLocation(table)
        case .addPrimaryKey(let table, let key):
            return key.origin.location ?? tableLocation(table)
        case .addCheck(let table, let check), .addCheckNotValid(let table, let check):
            return check.origin.location ?? tableLocation(table)
        case .addForeignKey(let table, let key), .addForeignKeyNotValid(let table, let key):
            return key.origin.location ?? tableLocation(table)
        case .alterColumnType(let typeChange):
            return columnLocation(typeChange.table, typeChange.column)
        case .setGeneratedExpression(let table, let column, _), .setDefault(let table, let column, _),
            .addIdentity(let table, let column, _), .alterIdentity(let table, let column, _, _):
            return columnLocation(table, column)
        default:
            return nil
        }
    }

    func tableLocation(_ name: String) -> SourceLocation? { schema.table(named: name)?.origin.location }

    func columnLocation(_ table: String, _ column: String) -> SourceLocation? {
        schema.table(named: table)?.column(named: column)?.origin.location ?? tableLocation(table)
    }
}
