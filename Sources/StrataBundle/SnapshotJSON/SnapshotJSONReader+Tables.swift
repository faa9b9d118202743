import StrataCore

/// Tables, columns, constraints and indexes of a snapshot (see `SnapshotJSONReader`).
extension JSONPullReader {
    mutating func table() throws(JSONReadError) -> Table {
        var name: String?
        var columns: [Column]?
        var uniqueConstraints: [UniqueConstraint]?
        var checks: [CheckConstraint]?
        var foreignKeys: [ForeignKey]?
        var indexes: [Index]?
        var table = Table(name: "")
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "comment": table.comment = try reader.optionalString()
            case "columns": columns = try reader.list { reader throws(JSONReadError) in try reader.column() }
            case "primaryKey":
                table.primaryKey = try reader.optional { reader throws(JSONReadError) in try reader.primaryKey() }
            case "uniqueConstraints":
                uniqueConstraints = try reader.list { reader throws(JSONReadError) in try reader.uniqueConstraint() }
            case "checks": checks = try reader.list { reader throws(JSONReadError) in try reader.checkConstraint() }
            case "foreignKeys": foreignKeys = try reader.list { reader throws(JSONReadError) in try reader.foreignKey() }
            case "indexes": indexes = try reader.list { reader throws(JSONReadError) in try reader.index() }
            default: try reader.skipValue()
            }
        }
        table.name = try required(name, "name")
        table.columns = try required(columns, "columns")
        table.uniqueConstraints = try required(uniqueConstraints, "uniqueConstraints")
        table.checks = try required(checks, "checks")
        table.foreignKeys = try required(foreignKeys, "foreignKeys")
        table.indexes = try required(indexes, "indexes")
        return table
    }

    mutating func column() throws(JSONReadError) -> Column {
        var name: String?
        var type: ColumnType?
        var nullable: Bool?
        var column = Column(name: "", type: ColumnType(name: ""))
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "type": type = try reader.columnType()
            case "nullable": nullable = try reader.bool()
            case "defaultExpression": column.defaultExpression = try reader.optionalString()
            case "identity": column.identity = try reader.optional { reader throws(JSONReadError) in try reader.identity() }
            case "generated":
                column.generated = try reader.optional { reader throws(JSONReadError) in try reader.generatedColumn() }
            case "collation": column.collation = try reader.optionalString()
            case "comment": column.comment = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        column.name = try required(name, "name")
        column.type = try required(type, "type")
        column.nullable = try required(nullable, "nullable")
        return column
    }

    mutating func columnType() throws(JSONReadError) -> ColumnType {
        var schema: String?
        var name: String?
        var modifiers: [Int]?
        var isArray: Bool?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "schema": schema = try reader.optionalString()
            case "name": name = try reader.string()
            case "modifiers":
                modifiers = try reader.list { reader throws(JSONReadError) in
                    let value = try reader.integer()
                    guard let small = Int(exactly: value) else { throw JSONReadError(reason: "number out of range") }
                    return small
                }
            case "isArray": isArray = try reader.bool()
            default: try reader.skipValue()
            }
        }
        return ColumnType(
            schema: schema, name: try required(name, "name"), modifiers: try required(modifiers, "modifiers"),
            isArray: try required(isArray, "isArray"))
    }

    mutating func identity() throws(JSONReadError) -> Identity {
        var kind: Identity.Kind?
        var options = SequenceOptionsFields()
        try object { reader, key throws(JSONReadError) in
            if key == "kind" {
                kind = try reader.rawValue(Identity.Kind.self)
            } else {
                try options.read(key, from: &reader)
            }
        }
        return Identity(kind: try required(kind, "kind"), options: try options.value())
    }

    mutating func generatedColumn() throws(JSONReadError) -> GeneratedColumn {
        var expression: String?
        var stored: Bool?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "expression": expression = try reader.string()
            case "stored": stored = try reader.bool()
            default: try reader.skipValue()
            }
        }
        return GeneratedColumn(expression: try required(expression, "expression"), stored: try required(stored, "stored"))
    }

    // MARK: - Constraints

    mutating func primaryKey() throws(JSONReadError) -> PrimaryKey {
        var name: String?
        var columns: [String]?
        var deferrability: Deferrability?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "columns": columns = try reader.strings()
            case "deferrability": deferrability = try reader.deferrability()
            default: try reader.skipValue()
            }
        }
        return PrimaryKey(
            name: try required(name, "name"), columns: try required(columns, "columns"),
            deferrability: try required(deferrability, "deferrability"))
    }

    mutating func uniqueConstraint() throws(JSONReadError) -> UniqueConstraint {
        var name: String?
        var columns: [String]?
        var nullsNotDistinct: Bool?
        var deferrability: Deferrability?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "columns": columns = try reader.strings()
            case "nullsNotDistinct": nullsNotDistinct = try reader.bool()
            case "deferrability": deferrability = try reader.deferrability()
            default: try reader.skipValue()
            }
        }
        return UniqueConstraint(
            name: try required(name, "name"), columns: try required(columns, "columns"),
            nullsNotDistinct: try required(nullsNotDistinct, "nullsNotDistinct"),
            deferrability: try required(deferrability, "deferrability"))
    }

    mutating func checkConstraint() throws(JSONReadError) -> CheckConstraint {
        var name: String?
        var expression: String?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "expression": expression = try reader.string()
            default: try reader.skipValue()
            }
        }
        return CheckConstraint(name: try required(name, "name"), expression: try required(expression, "expression"))
    }

    mutating func foreignKey() throws(JSONReadError) -> ForeignKey {
        var name: String?
        var columns: [String]?
        var referencedTable: String?
        var referencedColumns: [String]?
        var onDelete: ReferentialAction?
        var onUpdate: ReferentialAction?
        var match: ForeignKey.Match?
        var deferrability: Deferrability?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "columns": columns = try reader.strings()
            case "referencedTable": referencedTable = try reader.string()
            case "referencedColumns": referencedColumns = try reader.strings()
            case "onDelete": onDelete = try reader.rawValue(ReferentialAction.self)
            case "onUpdate": onUpdate = try reader.rawValue(ReferentialAction.self)
            case "match": match = try reader.rawValue(ForeignKey.Match.self)
            case "deferrability": deferrability = try reader.deferrability()
            default: try reader.skipValue()
            }
        }
        return ForeignKey(
            name: try required(name, "name"), columns: try required(columns, "columns"),
            referencedTable: try required(referencedTable, "referencedTable"),
            referencedColumns: try required(referencedColumns, "referencedColumns"),
            onDelete: try required(onDelete, "onDelete"), onUpdate: try required(onUpdate, "onUpdate"),
            match: try required(match, "match"), deferrability: try required(deferrability, "deferrability"))
    }

    mutating func deferrability() throws(JSONReadError) -> Deferrability {
        var deferrable: Bool?
        var initiallyDeferred: Bool?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "deferrable": deferrable = try reader.bool()
            case "initiallyDeferred": initiallyDeferred = try reader.bool()
            default: try reader.skipValue()
            }
        }
        return Deferrability(
            deferrable: try required(deferrable, "deferrable"),
            initiallyDeferred: try required(initiallyDeferred, "initiallyDeferred"))
    }

    // MARK: - Indexes

    mutating func index() throws(JSONReadError) -> Index {
        var name: String?
        var unique: Bool?
        var method: Index.Method?
        var elements: [IndexElement]?
        var include: [String]?
        var storageParameters: [StorageParameter]?
        var nullsNotDistinct: Bool?
        var index = Index(name: "", elements: [])
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "unique": unique = try reader.bool()
            case "method": method = try reader.rawValue(Index.Method.self)
            case "elements": elements = try reader.list { reader throws(JSONReadError) in try reader.indexElement() }
            case "include": include = try reader.strings()
            case "storageParameters":
                storageParameters = try reader.list { reader throws(JSONReadError) in try reader.storageParameter() }
            case "predicate": index.predicate = try reader.optionalString()
            case "nullsNotDistinct": nullsNotDistinct = try reader.bool()
            case "concurrently": index.concurrently = try reader.optional { reader throws(JSONReadError) in try reader.bool() }
            case "comment": index.comment = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        index.name = try required(name, "name")
        index.unique = try required(unique, "unique")
        index.method = try required(method, "method")
        index.elements = try required(elements, "elements")
        index.include = try required(include, "include")
        index.storageParameters = try required(storageParameters, "storageParameters")
        index.nullsNotDistinct = try required(nullsNotDistinct, "nullsNotDistinct")
        return index
    }

    mutating func indexElement() throws(JSONReadError) -> IndexElement {
        var elementKey: IndexElement.Key?
        var element = IndexElement(.column(""))
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "key": elementKey = try reader.indexKey()
            case "opclass": element.opclass = try reader.optional { reader throws(JSONReadError) in try reader.qualifiedName() }
            case "collation": element.collation = try reader.optionalString()
            case "order":
                element.order = try reader.optional { reader throws(JSONReadError) in
                    try reader.rawValue(IndexElement.Order.self)
                }
            case "nulls":
                element.nulls = try reader.optional { reader throws(JSONReadError) in
                    try reader.rawValue(IndexElement.Nulls.self)
                }
            default: try reader.skipValue()
            }
        }
        element.key = try required(elementKey, "key")
        return element
    }

    /// Synthesized `Codable` of an enum with a payload: `{"column": {"_0": "name"}}`.
    mutating func indexKey() throws(JSONReadError) -> IndexElement.Key {
        var result: IndexElement.Key?
        try object { reader, key throws(JSONReadError) in
            guard result == nil else { throw JSONReadError(reason: "more than one case of IndexElement.Key") }
            var payload: String?
            let read = { (reader: inout JSONPullReader) throws(JSONReadError) in
                try reader.object { reader, key throws(JSONReadError) in
                    if key == "_0" { payload = try reader.string() } else { try reader.skipValue() }
                }
            }
            switch key {
            case "column":
                try read(&reader)
                result = .column(try required(payload, "_0"))
            case "expression":
                try read(&reader)
                result = .expression(try required(payload, "_0"))
            default:
                throw JSONReadError(reason: "unknown case '\(key)' of IndexElement.Key")
            }
        }
        return try required(result, "column")
    }

    mutating func qualifiedName() throws(JSONReadError) -> QualifiedName {
        var schema: String?
        var name: String?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "schema": schema = try reader.optionalString()
            case "name": name = try reader.string()
            default: try reader.skipValue()
            }
        }
        return QualifiedName(schema: schema, name: try required(name, "name"))
    }

    mutating func storageParameter() throws(JSONReadError) -> StorageParameter {
        var key: String?
        var value: String?
        try object { reader, entry throws(JSONReadError) in
            switch entry {
            case "key": key = try reader.string()
            case "value": value = try reader.string()
            default: try reader.skipValue()
            }
        }
        return StorageParameter(key: try required(key, "key"), value: try required(value, "value"))
    }
}
