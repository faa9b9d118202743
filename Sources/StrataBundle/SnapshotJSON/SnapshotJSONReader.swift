public import StrataCore

extension SnapshotJSON {
    /// Reads a snapshot as the synthesized `Decodable` conformances would (keys in any order,
    /// unknown keys ignored, a missing or null optional is nil), several times faster; the error
    /// names `file`.
    public static func decode(_ bytes: [UInt8], file: String) throws(BundleError) -> Schema {
        var reader = JSONPullReader(bytes)
        do {
            let schema = try reader.schema()
            try reader.finish()
            return schema
        } catch {
            throw .malformedJSON(file: file, reason: error.description)
        }
    }
}

/// The snapshot reader: the snapshot's types, field by field, in the layout `SnapshotJSONWriter`
/// writes (tables and what they hold in `SnapshotJSONReader+Tables.swift`).
extension JSONPullReader {
    mutating func schema() throws(JSONReadError) -> Schema {
        var name: String?
        var versionTable: String?
        var comment: String?
        var extensions: [Extension]?
        var enums: [EnumType]?
        var sequences: [SequenceDefinition]?
        var tables: [Table]?
        var routines: [Routine] = []
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "versionTable": versionTable = try reader.string()
            case "comment": comment = try reader.optionalString()
            case "extensions":
                extensions = try reader.list { reader throws(JSONReadError) in try reader.extensionDeclaration() }
            case "enums": enums = try reader.list { reader throws(JSONReadError) in try reader.enumType() }
            case "sequences": sequences = try reader.list { reader throws(JSONReadError) in try reader.sequence() }
            case "tables": tables = try reader.list { reader throws(JSONReadError) in try reader.table() }
            case "routines": routines = try reader.list { reader throws(JSONReadError) in try reader.routine() }
            default: try reader.skipValue()
            }
        }
        var schema = Schema(
            name: try required(name, "name"), versionTable: try required(versionTable, "versionTable"),
            comment: comment, extensions: try required(extensions, "extensions"), enums: try required(enums, "enums"),
            sequences: try required(sequences, "sequences"), tables: try required(tables, "tables"))
        schema.routines = routines
        return schema
    }

    /// nil for `null`, else the value `read` reads.
    mutating func optional<Value>(_ read: (inout JSONPullReader) throws(JSONReadError) -> Value)
        throws(JSONReadError) -> Value?
    {
        if try null() { return nil }
        return try read(&self)
    }

    mutating func optionalString() throws(JSONReadError) -> String? {
        try optional { reader throws(JSONReadError) in try reader.string() }
    }

    mutating func optionalInteger() throws(JSONReadError) -> Int64? {
        try optional { reader throws(JSONReadError) in try reader.integer() }
    }

    /// A string-backed enum case, with Foundation's complaint for an unknown raw value.
    mutating func rawValue<Value: RawRepresentable>(_ type: Value.Type) throws(JSONReadError) -> Value
    where Value.RawValue == String {
        let text = try string()
        guard let value = Value(rawValue: text) else {
            throw JSONReadError(reason: "Cannot initialize \(Value.self) from invalid String value \(text)")
        }
        return value
    }

    // MARK: - Schema-level objects

    mutating func extensionDeclaration() throws(JSONReadError) -> Extension {
        var name: String?
        var schema: String?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "schema": schema = try reader.string()
            default: try reader.skipValue()
            }
        }
        return Extension(name: try required(name, "name"), schema: try required(schema, "schema"))
    }

    mutating func enumType() throws(JSONReadError) -> EnumType {
        var name: String?
        var values: [String]?
        var comment: String?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "values": values = try reader.strings()
            case "comment": comment = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        return EnumType(name: try required(name, "name"), values: try required(values, "values"), comment: comment)
    }

    mutating func sequence() throws(JSONReadError) -> SequenceDefinition {
        var name: String?
        var dataType: String?
        var ownedBy: ColumnReference?
        var comment: String?
        var options = SequenceOptionsFields()
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "dataType": dataType = try reader.optionalString()
            case "comment": comment = try reader.optionalString()
            case "ownedBy": ownedBy = try reader.optional { reader throws(JSONReadError) in try reader.columnReference() }
            default: try options.read(key, from: &reader)
            }
        }
        return SequenceDefinition(
            name: try required(name, "name"), dataType: dataType, options: try options.value(), ownedBy: ownedBy,
            comment: comment)
    }

    mutating func columnReference() throws(JSONReadError) -> ColumnReference {
        var table: String?
        var column: String?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "table": table = try reader.string()
            case "column": column = try reader.string()
            default: try reader.skipValue()
            }
        }
        return ColumnReference(table: try required(table, "table"), column: try required(column, "column"))
    }
}

/// The `SequenceOptions` entries of a flat sequence or identity object, gathered as they come.
struct SequenceOptionsFields {
    var options = SequenceOptions()
    var cycle: Bool?

    /// Reads `key`'s value if it is an option; skips it otherwise.
    mutating func read(_ key: String, from reader: inout JSONPullReader) throws(JSONReadError) {
        switch key {
        case "start": options.start = try reader.optionalInteger()
        case "increment": options.increment = try reader.optionalInteger()
        case "minValue": options.minValue = try reader.optionalInteger()
        case "maxValue": options.maxValue = try reader.optionalInteger()
        case "cache": options.cache = try reader.optionalInteger()
        case "cycle": cycle = try reader.bool()
        default: try reader.skipValue()
        }
    }

    func value() throws(JSONReadError) -> SequenceOptions {
        var options = options
        options.cycle = try required(cycle, "cycle")
        return options
    }
}

/// Decoding of a required field that was absent.
func required<Value>(_ value: Value?, _ key: String) throws(JSONReadError) -> Value {
    guard let value else { throw JSONReadError(reason: "missing key '\(key)'") }
    return value
}
