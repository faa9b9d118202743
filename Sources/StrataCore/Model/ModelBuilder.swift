/// Turns the decoded files into one validated `Schema`: resolves types, lifts column-level
/// constraints to table level with PostgreSQL's default names, expands `serial`, and reports
/// every duplicate, dangling reference and pgvector limit it finds.
func buildModel(_ files: [SchemaFile], diagnostics: inout DiagnosticCollector) -> Schema? {
    var builder = ModelBuilder()
    let schema = builder.build(files)
    diagnostics.merge(builder.diagnostics)
    return builder.diagnostics.hasErrors ? nil : schema
}

/// The state of one `buildModel` run.
struct ModelBuilder {
    var diagnostics = DiagnosticCollector()
    var schemaName = ""
    var versionTable = ""
    var context = TypeContext(managedSchema: "")
    /// Names taken in the schema's relation namespace (tables, sequences, indexes), with where.
    var relationNames: [String: SourceLocation?] = [:]
    /// Constraint names taken anywhere in the schema (auto-naming avoids all of them).
    var constraintNames: Set<String> = []
    var sequences: [SequenceDefinition] = []
    var tables: [Table] = []
    /// Sequences whose `owned_by` is checked once all tables are built.
    var pendingOwners: [(sequence: String, owner: Located<String>)] = []
    var pendingForeignKeys: [PendingForeignKey] = []
    /// Columns whose type could not be resolved (already reported); type checks skip them.
    var unresolvedColumns: Set<ColumnReference> = []
    /// The managed schema's enums and their labels, for checking enum defaults.
    var enumLabels: [String: [String]] = [:]
    /// Tables whose mapping or columns could not be read (already reported).
    var unresolvedTables: Set<String> = []
    /// Declared tables by name, for references; the first declaration wins.
    var tableDecls: [String: TableDecl] = [:]
    /// Built tables by name, for references: a linear search per foreign key made a
    /// 10,000-table compile quadratic.
    var tableIndexes: [String: Int] = [:]
    /// The pgvector version the schema block declares the project runs on, for suggestions that
    /// need a newer one.
    var vectorTarget: ExtensionVersion?
    /// Each distinct type spelling parsed once (see `parsedType`).
    var parsedTypes: [String: Result<ParsedColumnType, ColumnTypeError>] = [:]

    /// The whole schema, or nil when the settings block is missing.
    mutating func build(_ files: [SchemaFile]) -> Schema? {
        guard let settings = settings(files) else { return nil }
        schemaName = settings.name?.value ?? ""
        var schema = Schema(name: schemaName, comment: settings.comment)
        schema.online = settings.online
        if let postgres = settings.postgres { schema.targets.postgres = (postgres.value, postgres.location) }
        checkLength(settings.name, what: "schema name")
        if let name = settings.name, name.value.hasPrefix("pg_") || name.value == "information_schema" {
            diagnostics.error(
                ModelMessage.reservedSchemaName(name.value), at: name.location,
                notes: [Diagnostic.Note(ModelMessage.reservedSchemaNameNote)])
        }
        if let versionTable = settings.versionTable {
            checkLength(versionTable, what: "version table name")
            schema.versionTable = versionTable.value
        }
        versionTable = schema.versionTable
        relationNames[versionTable] = .some(settings.versionTable?.location)

        var extensionSchemas: [String: String] = [:]
        var extensionLocations: [String: SourceLocation] = [:]
        for declared in settings.extensions {
            if let first = extensionLocations[declared.name.value] {
                duplicate("extension `\(declared.name.value)`", at: declared.name.location, first: first)
                continue
            }
            extensionLocations[declared.name.value] = declared.name.location
            checkLength(declared.name, what: "extension name")
            let extensionSchema = declared.schema?.value ?? "public"
            extensionSchemas[declared.name.value] = extensionSchema
            schema.extensions.append(Extension(name: declared.name.value, schema: extensionSchema))
            if let version = declared.version {
                schema.targets.extensions[declared.name.value] = (version.value, version.location)
                if declared.name.value == "vector" { vectorTarget = version.value }
            }
        }

        schema.enums = buildEnums(files)
        for enumType in schema.enums { enumLabels[enumType.name] = enumType.values }
        context = TypeContext(
            managedSchema: schemaName, enumNames: Set(schema.enums.map(\.name)), extensionSchemas: extensionSchemas)
        reserveDeclaredNames(files)
        sequences = buildSequences(files)
        for file in files {
            for table in file.tables where tableDecls[table.name.value]?.name.location == table.name.location {
                tableIndexes[table.name.value] = tables.count
                tables.append(buildTable(table))
            }
        }
        validateReferences()
        checkRenamesAreDistinct(tables.map { ($0.name, $0.origin) }) { "table `\($0)`" }
        for table in tables {
            checkRenamesAreDistinct(table.columns.map { ($0.name, $0.origin) }) { "column `\(table.name).\($0)`" }
        }
        checkRenamesAreDistinct(schema.enums.map { ($0.name, $0.origin) }) { "enum `\($0)`" }
        checkRenamesAreDistinct(sequences.map { ($0.name, $0.origin) }) { "sequence `\($0)`" }
        schema.routines = buildRoutines(files)
        schema.sequences = sequences
        schema.tables = tables
        schema.normalizeOrder()
        return schema
    }

    /// Exactly one file carries `schema:`.
    mutating func settings(_ files: [SchemaFile]) -> SchemaSettingsDecl? {
        let carriers = files.compactMap(\.settings)
        guard let first = carriers.first else {
            diagnostics.error(
                ModelMessage.noSchemaBlock,
                at: files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) },
                notes: [Diagnostic.Note(ModelMessage.noSchemaBlockNote)])
            return nil
        }
        for extra in carriers.dropFirst() {
            diagnostics.error(
                ModelMessage.secondSchemaBlock, at: extra.location,
                notes: [Diagnostic.Note(ModelMessage.firstDeclaredHere, at: first.location)])
        }
        guard first.name != nil else { return nil }
        return first
    }

    /// One old name can become only one new name: two objects declaring the same `renamed_from`
    /// are an error citing both.
    mutating func checkRenamesAreDistinct(_ objects: [(name: String, origin: Origin)], describe: (String) -> String) {
        var first: [String: (name: String, location: SourceLocation?)] = [:]
        for (name, origin) in objects {
            guard let from = origin.renamedFrom, from != name else { continue }
            guard let earlier = first[from] else {
                first[from] = (name, origin.location)
                continue
            }
            diagnostics.error(
                ModelMessage.renamedTwice(describe(name), describe(earlier.name), from: from),
                at: origin.location, notes: [Diagnostic.Note(ModelMessage.declaredHere(earlier.name), at: earlier.location)])
        }
    }

    /// "x is declared twice", citing the first declaration.
    mutating func duplicate(_ what: String, at location: SourceLocation, first: SourceLocation?) {
        diagnostics.error(
            ModelMessage.declaredTwice(what), at: location,
            notes: first.map { [Diagnostic.Note(ModelMessage.firstDeclaredHere, at: $0)] } ?? [])
    }

    /// A declared identifier longer than 63 bytes is an error, never a silent truncation.
    mutating func checkLength(_ name: Located<String>?, what: String) {
        guard let name else { return }
        let bytes = name.value.utf8.count
        if name.value.isEmpty {
            diagnostics.error(ModelMessage.empty(what), at: name.location)
        } else if bytes > Identifier.maxBytes {
            // A name is truncated; an enum label is refused ("Labels must be 63 bytes or less").
            diagnostics.error(
                ModelMessage.tooLong(what, name.value, bytes: bytes), at: name.location,
                notes: [Diagnostic.Note(ModelMessage.tooLongNote(what, name.value))])
        }
    }

    /// Enums in file order; duplicate names and labels are reported.
    mutating func buildEnums(_ files: [SchemaFile]) -> [EnumType] {
        var result: [EnumType] = []
        var seen: [String: SourceLocation] = [:]
        for file in files {
            for declared in file.enums {
                if let first = seen[declared.name.value] {
                    duplicate("enum `\(declared.name.value)`", at: declared.name.location, first: first)
                    continue
                }
                seen[declared.name.value] = declared.name.location
                checkLength(declared.name, what: "enum name")
                var labels: [String: SourceLocation] = [:]
                for label in declared.values {
                    if let first = labels[label.value] {
                        duplicate("label `\(label.value)` of enum `\(declared.name.value)`", at: label.location, first: first)
                    }
                    labels[label.value] = label.location
                    checkLength(label, what: "enum label")
                }
                result.append(
                    EnumType(
                        name: declared.name.value, values: declared.values.map(\.value), comment: declared.comment,
                        origin: Origin(location: declared.name.location, renamedFrom: declared.renamedFrom)))
            }
        }
        return result
    }

    /// Registers every explicitly named table, sequence, index and constraint before any
    /// default name is chosen, so defaults step around them as PostgreSQL's would.
    mutating func reserveDeclaredNames(_ files: [SchemaFile]) {
        var typeNames: [String: SourceLocation] = [:]
        for file in files {
            for declared in file.enums { typeNames[declared.name.value] = typeNames[declared.name.value] ?? declared.name.location }
        }
        for file in files {
            for sequence in file.sequences { reserveRelation(sequence.name, what: "sequence") }
            for table in file.tables {
                if let first = tableDecls[table.name.value] {
                    duplicate("table `\(table.name.value)`", at: table.name.location, first: first.name.location)
                    continue
                }
                if let enumLocation = typeNames[table.name.value] {
                    diagnostics.error(
                        ModelMessage.tableNamedLikeEnum(table.name.value),
                        at: table.name.location, notes: [Diagnostic.Note(ModelMessage.enumDeclaredHere, at: enumLocation)])
                }
                tableDecls[table.name.value] = table
                reserveRelation(table.name, what: "table")  // checks the length too
                if let name = table.primaryKey?.name { reserveRelation(name, what: "primary key"); constraintNames.insert(name.value) }
                for unique in table.unique {
                    if let name = unique.name { reserveRelation(name, what: "unique constraint"); constraintNames.insert(name.value) }
                }
                for index in table.indexes {
                    if let name = index.name { reserveRelation(name, what: "index") }
                }
                var tableConstraints: [String: SourceLocation] = [:]
                // Key names are checked in the relation namespace above; here they only block
                // a check or foreign key of the same table from reusing them.
                for name in [table.primaryKey?.name].compactMap({ $0 }) + table.unique.compactMap(\.name) {
                    tableConstraints[name.value] = tableConstraints[name.value] ?? name.location
                }
                let constraintDecls = table.checks.compactMap(\.name) + table.foreignKeys.compactMap(\.name)
                for name in constraintDecls {
                    checkLength(name, what: "constraint name")
                    if let first = tableConstraints[name.value] {
                        duplicate("constraint `\(name.value)` of table `\(table.name.value)`", at: name.location, first: first)
                    }
                    tableConstraints[name.value] = name.location
                    constraintNames.insert(name.value)
                }
            }
        }
    }

    /// Tables, sequences, indexes and the indexes behind keys share one namespace per schema.
    mutating func reserveRelation(_ name: Located<String>, what: String) {
        if name.value == versionTable {
            diagnostics.error(
                ModelMessage.versionTableName(what, name.value), at: name.location,
                notes: [Diagnostic.Note(ModelMessage.versionTableNameNote)])
            return
        }
        if let first = relationNames[name.value] {
            diagnostics.error(
                ModelMessage.relationNameTaken(what, name.value, schema: schemaName), at: name.location,
                notes: (first.map { [Diagnostic.Note(ModelMessage.firstDeclaredHere, at: $0)] } ?? []) + [
                    Diagnostic.Note(ModelMessage.relationNamespaceNote)
                ])
            return
        }
        checkLength(name, what: "\(what) name")
        relationNames[name.value] = .some(name.location)
    }

    /// Picks PostgreSQL's default relation name (`<t>_<c>_idx`, `_seq`, `_pkey`, `_key`) and takes it.
    mutating func chooseRelationName(_ name1: String, _ name2: String?, label: String, isConstraint: Bool) -> String {
        let relations = relationNames
        let constraints = constraintNames
        let name = DefaultNames.choose(name1, name2, label: label) {
            relations[$0] != nil || (isConstraint && constraints.contains($0))
        }
        relationNames[name] = .some(nil)
        if isConstraint { constraintNames.insert(name) }
        return name
    }

    /// Picks PostgreSQL's default constraint name (`_fkey`, `_check`) and takes it.
    mutating func chooseConstraintName(_ name1: String, _ name2: String?, label: String) -> String {
        let constraints = constraintNames
        let name = DefaultNames.choose(name1, name2, label: label) { constraints.contains($0) }
        constraintNames.insert(name)
        return name
    }

    /// Declared sequences; `owned_by` targets are checked after the tables.
    mutating func buildSequences(_ files: [SchemaFile]) -> [SequenceDefinition] {
        var result: [SequenceDefinition] = []
        var seen: Set<String> = []
        for file in files {
            for declared in file.sequences where seen.insert(declared.name.value).inserted {
                var dataType: String?
                if let written = declared.dataType {
                    let parsed = parseColumnType(written.value, in: context)?.sql
                    switch parsed {
                    case "smallint", "integer", "bigint": dataType = parsed
                    default:
                        diagnostics.error(
                            ModelMessage.sequenceType(declared.name.value, found: written.value), at: written.location)
                    }
                }
                checkSequenceOptions(
                    declared.options, dataType: dataType ?? "bigint", what: "sequence `\(declared.name.value)`", at: declared.name.location)
                var ownedBy: ColumnReference?
                if let owner = declared.ownedBy {
                    let parts = owner.value.split(separator: ".", maxSplits: 1).map(String.init)
                    if parts.count == 2 {
                        ownedBy = ColumnReference(table: parts[0], column: parts[1])
                        pendingOwners.append((declared.name.value, owner))
                    } else {
                        diagnostics.error(
                            ModelMessage.sequenceOwner(declared.name.value, found: owner.value), at: owner.location)
                    }
                }
                result.append(
                    SequenceDefinition(
                        name: declared.name.value, dataType: dataType, options: declared.options, ownedBy: ownedBy, comment: declared.comment,
                        origin: Origin(location: declared.name.location, renamedFrom: declared.renamedFrom)))
            }
        }
        return result
    }
}
