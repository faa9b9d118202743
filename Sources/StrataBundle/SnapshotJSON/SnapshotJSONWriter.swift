internal import Crypto
internal import Foundation
public import StrataCore

/// Writes a snapshot: exactly the bytes `DeterministicJSON.encode` gives for the schema (so
/// Foundation's, see `DeterministicJSONTests`), written field by field instead of through the
/// synthesized `Encodable` conformances, and hashed while they are written.
///
/// Each type's keys are listed here in `.sortedKeys` order (case-insensitive), and a field that
/// is nil is left out as synthesized `encodeIfPresent` does. A field added to a model type must be
/// added here and to `SnapshotJSONReader`; `SnapshotJSONTests` compares both paths on a schema
/// that sets every field.
public enum SnapshotJSON {
    /// The snapshot's bytes (ending in a newline) and their `Checksum.sha256`.
    public static func encode(_ schema: Schema) -> (bytes: [UInt8], checksum: String) {
        // A generous estimate (a table of ten columns and three indexes takes about 4 KiB): pages
        // reserved but never written cost no memory, while growing a buffer of hundreds of
        // megabytes copies it and briefly holds it twice.
        var writer = SnapshotJSONWriter(capacity: schema.tables.count * 16384 + 65536)
        writer.write(schema)
        return writer.finish()
    }

    /// Writes the snapshot of `schema` into `transaction` as `name` a megabyte at a time, and
    /// returns its `Checksum.sha256`. Memory stays flat whatever the schema's size.
    static func write(_ schema: Schema, into transaction: inout BundleTransaction, name: String) throws(BundleError)
        -> String
    {
        var checksum = ""
        try transaction.write(name) { append in
            withoutActuallyEscaping(append) { append in
                var writer = SnapshotJSONWriter(capacity: 2 * piece, output: append)
                writer.write(schema)
                checksum = writer.finish().checksum
            }
        }
        return checksum
    }

    /// How many bytes `write(_:into:name:)` gathers before handing them to the file.
    static let piece = 1 << 20
}

struct SnapshotJSONWriter {
    private var text: PrettyJSONText
    private var hasher = SHA256()
    /// How much of `text` the hasher has seen: it is fed after each table, while the bytes are
    /// still in cache, instead of in a second pass over the whole file.
    private var hashed = 0
    /// Where finished text goes, a piece at a time, when it is not kept (`SnapshotJSON.write(_:into:name:)`).
    private let output: ((UnsafeRawBufferPointer) -> Void)?

    init(capacity: Int, output: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        text = PrettyJSONText(reservingCapacity: capacity)
        self.output = output
    }

    /// The checksum equals `Checksum.sha256` of the bytes without normalizing them: the text
    /// starts with `{` (no byte order mark) and a carriage return only ever appears escaped.
    /// With an `output`, everything has gone to it and `bytes` is empty.
    mutating func finish() -> (bytes: [UInt8], checksum: String) {
        text.newline()
        hashPending()
        handOut(atLeast: 0)
        return (text.bytes, Checksum.prefix + Checksum.hex(hasher.finalize()))
    }

    /// Hashes what was written since the last call and, past a piece, hands it to `output`.
    private mutating func hashPending() {
        text.bytes.withUnsafeBufferPointer { all in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[hashed...])))
        }
        hashed = text.bytes.count
        handOut(atLeast: SnapshotJSON.piece)
    }

    private mutating func handOut(atLeast minimum: Int) {
        guard let output, text.bytes.count >= minimum, !text.bytes.isEmpty else { return }
        text.bytes.withUnsafeBytes { output($0) }
        text.removeAll()
        hashed = 0
    }

    mutating func write(_ schema: Schema) {
        text.beginObject()
        optionalString("comment", schema.comment)
        array("enums", schema.enums) { $0.write($1) }
        array("extensions", schema.extensions) { $0.write($1) }
        text.key("name")
        text.string(schema.name)
        // No key without routines: snapshots of schemas without any stay byte for byte.
        if !schema.routines.isEmpty { array("routines", schema.routines) { $0.write($1) } }
        array("sequences", schema.sequences) { $0.write($1) }
        array("tables", schema.tables) { writer, table in
            writer.write(table)
            writer.hashPending()
        }
        text.key("versionTable")
        text.string(schema.versionTable)
        text.endObject()
    }

    // MARK: - Schema-level objects

    private mutating func write(_ enumType: EnumType) {
        text.beginObject()
        optionalString("comment", enumType.comment)
        text.key("name")
        text.string(enumType.name)
        strings("values", enumType.values)
        text.endObject()
    }

    private mutating func write(_ item: Extension) {
        text.beginObject()
        text.key("name")
        text.string(item.name)
        text.key("schema")
        text.string(item.schema)
        text.endObject()
    }

    /// Flat: the options beside the name, as `SequenceDefinition`'s own `Codable` has it.
    private mutating func write(_ sequence: SequenceDefinition) {
        let options = sequence.options
        text.beginObject()
        optionalInteger("cache", options.cache)
        optionalString("comment", sequence.comment)
        text.key("cycle")
        text.bool(options.cycle)
        optionalString("dataType", sequence.dataType)
        optionalInteger("increment", options.increment)
        optionalInteger("maxValue", options.maxValue)
        optionalInteger("minValue", options.minValue)
        text.key("name")
        text.string(sequence.name)
        if let ownedBy = sequence.ownedBy {
            text.key("ownedBy")
            text.beginObject()
            text.key("column")
            text.string(ownedBy.column)
            text.key("table")
            text.string(ownedBy.table)
            text.endObject()
        }
        optionalInteger("start", options.start)
        text.endObject()
    }

    private mutating func write(_ routine: Routine) {
        text.beginObject()
        array("arguments", routine.arguments) { writer, argument in
            writer.text.beginObject()
            writer.optionalString("defaultExpression", argument.defaultExpression)
            writer.text.key("mode")
            writer.text.string(argument.mode.rawValue)
            writer.optionalString("name", argument.name)
            writer.text.key("type")
            writer.write(argument.type)
            writer.text.endObject()
        }
        text.key("atomic")
        text.bool(routine.atomic)
        text.key("body")
        text.string(routine.body)
        optionalString("comment", routine.comment)
        text.key("kind")
        text.string(routine.kind.rawValue)
        text.key("language")
        text.string(routine.language)
        text.key("name")
        text.string(routine.name)
        text.key("parallel")
        text.string(routine.parallel.rawValue)
        if let returns = routine.returns {
            text.key("returns")
            text.beginObject()
            switch returns {
            case .setof(let type):
                text.key("setof")
                write(type)
            case .table(let columns):
                array("table", columns) { writer, column in
                    writer.text.beginObject()
                    writer.text.key("name")
                    writer.text.string(column.name)
                    writer.text.key("type")
                    writer.write(column.type)
                    writer.text.endObject()
                }
            case .type(let type):
                text.key("type")
                write(type)
            }
            text.endObject()
        }
        text.key("security")
        text.string(routine.security.rawValue)
        pairs("settings", routine.settings.map { ($0.name, $0.value) }, first: "name")
        text.key("strict")
        text.bool(routine.strict)
        text.key("volatility")
        text.string(routine.volatility.rawValue)
        text.endObject()
    }

    // MARK: - Tables

    private mutating func write(_ table: Table) {
        text.beginObject()
        array("checks", table.checks) { $0.write($1) }
        array("columns", table.columns) { $0.write($1) }
        optionalString("comment", table.comment)
        array("foreignKeys", table.foreignKeys) { $0.write($1) }
        array("indexes", table.indexes) { $0.write($1) }
        text.key("name")
        text.string(table.name)
        if let primaryKey = table.primaryKey {
            text.key("primaryKey")
            write(primaryKey)
        }
        array("uniqueConstraints", table.uniqueConstraints) { $0.write($1) }
        text.endObject()
    }

    private mutating func write(_ column: Column) {
        text.beginObject()
        optionalString("collation", column.collation)
        optionalString("comment", column.comment)
        optionalString("defaultExpression", column.defaultExpression)
        if let generated = column.generated {
            text.key("generated")
            text.beginObject()
            text.key("expression")
            text.string(generated.expression)
            text.key("stored")
            text.bool(generated.stored)
            text.endObject()
        }
        if let identity = column.identity {
            text.key("identity")
            write(identity)
        }
        text.key("name")
        text.string(column.name)
        text.key("nullable")
        text.bool(column.nullable)
        text.key("type")
        write(column.type)
        text.endObject()
    }

    /// Flat: the sequence options beside the kind, as `Identity`'s own `Codable` has it.
    private mutating func write(_ identity: Identity) {
        let options = identity.options
        text.beginObject()
        optionalInteger("cache", options.cache)
        text.key("cycle")
        text.bool(options.cycle)
        optionalInteger("increment", options.increment)
        text.key("kind")
        text.string(identity.kind.rawValue)
        optionalInteger("maxValue", options.maxValue)
        optionalInteger("minValue", options.minValue)
        optionalInteger("start", options.start)
        text.endObject()
    }

    private mutating func write(_ type: ColumnType) {
        text.beginObject()
        text.key("isArray")
        text.bool(type.isArray)
        text.key("modifiers")
        text.beginArray()
        for modifier in type.modifiers {
            text.element()
            text.integer(Int64(modifier))
        }
        text.endArray()
        text.key("name")
        text.string(type.name)
        optionalString("schema", type.schema)
        text.endObject()
    }

    // MARK: - Constraints

    private mutating func write(_ check: CheckConstraint) {
        text.beginObject()
        text.key("expression")
        text.string(check.expression)
        text.key("name")
        text.string(check.name)
        text.endObject()
    }

    private mutating func write(_ primaryKey: PrimaryKey) {
        text.beginObject()
        strings("columns", primaryKey.columns)
        write(primaryKey.deferrability)
        text.key("name")
        text.string(primaryKey.name)
        text.endObject()
    }

    private mutating func write(_ unique: UniqueConstraint) {
        text.beginObject()
        strings("columns", unique.columns)
        write(unique.deferrability)
        text.key("name")
        text.string(unique.name)
        text.key("nullsNotDistinct")
        text.bool(unique.nullsNotDistinct)
        text.endObject()
    }

    private mutating func write(_ foreignKey: ForeignKey) {
        text.beginObject()
        strings("columns", foreignKey.columns)
        write(foreignKey.deferrability)
        text.key("match")
        text.string(foreignKey.match.rawValue)
        text.key("name")
        text.string(foreignKey.name)
        text.key("onDelete")
        text.string(foreignKey.onDelete.rawValue)
        text.key("onUpdate")
        text.string(foreignKey.onUpdate.rawValue)
        strings("referencedColumns", foreignKey.referencedColumns)
        text.key("referencedTable")
        text.string(foreignKey.referencedTable)
        text.endObject()
    }

    /// The `deferrability` entry.
    private mutating func write(_ deferrability: Deferrability) {
        text.key("deferrability")
        text.beginObject()
        text.key("deferrable")
        text.bool(deferrability.deferrable)
        text.key("initiallyDeferred")
        text.bool(deferrability.initiallyDeferred)
        text.endObject()
    }

    // MARK: - Indexes

    private mutating func write(_ index: Index) {
        text.beginObject()
        optionalString("comment", index.comment)
        if let concurrently = index.concurrently {
            text.key("concurrently")
            text.bool(concurrently)
        }
        array("elements", index.elements) { $0.write($1) }
        strings("include", index.include)
        text.key("method")
        text.string(index.method.rawValue)
        text.key("name")
        text.string(index.name)
        text.key("nullsNotDistinct")
        text.bool(index.nullsNotDistinct)
        optionalString("predicate", index.predicate)
        pairs("storageParameters", index.storageParameters.map { ($0.key, $0.value) }, first: "key")
        text.key("unique")
        text.bool(index.unique)
        text.endObject()
    }

    private mutating func write(_ element: IndexElement) {
        text.beginObject()
        optionalString("collation", element.collation)
        // Synthesized `Codable` of an enum with a payload: `{"column": {"_0": "name"}}`.
        text.key("key")
        text.beginObject()
        switch element.key {
        case .column(let name):
            text.key("column")
            payload(name)
        case .expression(let expression):
            text.key("expression")
            payload(expression)
        }
        text.endObject()
        optionalString("nulls", element.nulls?.rawValue)
        if let opclass = element.opclass {
            text.key("opclass")
            text.beginObject()
            text.key("name")
            text.string(opclass.name)
            optionalString("schema", opclass.schema)
            text.endObject()
        }
        optionalString("order", element.order?.rawValue)
        text.endObject()
    }

    private mutating func payload(_ value: String) {
        text.beginObject()
        text.key("_0")
        text.string(value)
        text.endObject()
    }

    // MARK: - Fields

    private mutating func optionalString(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        text.key(key)
        text.string(value)
    }

    private mutating func optionalInteger(_ key: StaticString, _ value: Int64?) {
        guard let value else { return }
        text.key(key)
        text.integer(value)
    }

    private mutating func strings(_ key: StaticString, _ values: [String]) {
        text.key(key)
        text.beginArray()
        for value in values {
            text.element()
            text.string(value)
        }
        text.endArray()
    }

    /// An array of two-member objects, `{ first: ..., "value": ... }`, in the order given (the
    /// declared order, which the snapshot keeps).
    private mutating func pairs(_ key: StaticString, _ values: [(String, String)], first: StaticString) {
        array(key, values) { writer, pair in
            writer.text.beginObject()
            writer.text.key(first)
            writer.text.string(pair.0)
            writer.text.key("value")
            writer.text.string(pair.1)
            writer.text.endObject()
        }
    }

    private mutating func array<Element>(
        _ key: StaticString, _ values: [Element], _ writeElement: (inout SnapshotJSONWriter, Element) -> Void
    ) {
        text.key(key)
        text.beginArray()
        for value in values {
            text.element()
            writeElement(&self, value)
        }
        text.endArray()
    }
}
