@testable import StrataCore

/// Small schemas built in Swift, shaped the way the loader builds them (names spelled out,
/// lists sorted), for the diff and emit tests.
enum Fixtures {
    static let schemaName = "negentropy"

    static func type(_ name: String, _ modifiers: Int...) -> ColumnType {
        ColumnType(name: name, modifiers: modifiers)
    }

    static func vector(_ dimensions: Int) -> ColumnType {
        ColumnType(schema: "public", name: "vector", modifiers: [dimensions])
    }

    static func enumType(_ name: String) -> ColumnType {
        ColumnType(schema: schemaName, name: name)
    }

    static let uuid = type("uuid")
    static let text = type("text")
    static let bigint = type("bigint")

    static func schema(
        tables: [Table] = [], enums: [EnumType] = [], sequences: [SequenceDefinition] = [],
        extensions: [Extension] = [Extension(name: "vector")]
    ) -> Schema {
        var schema = Schema(name: schemaName, extensions: extensions, enums: enums, sequences: sequences, tables: tables)
        schema.normalizeOrder()
        return schema
    }

    static func table(
        _ name: String, _ columns: [Column], primaryKey: [String]? = ["id"], foreignKeys: [ForeignKey] = [],
        indexes: [Index] = [], renamedFrom: String? = nil
    ) -> Table {
        Table(
            name: name, columns: columns,
            primaryKey: primaryKey.map { PrimaryKey(name: "\(name)_pkey", columns: $0) },
            foreignKeys: foreignKeys, indexes: indexes, origin: Origin(renamedFrom: renamedFrom))
    }

    static func column(
        _ name: String, _ type: ColumnType, nullable: Bool = true, default defaultExpression: String? = nil,
        renamedFrom: String? = nil, using: String? = nil, line: Int? = nil
    ) -> Column {
        Column(
            name: name, type: type, nullable: nullable, defaultExpression: defaultExpression,
            origin: Origin(
                location: line.map { SourceLocation(file: "schema/t.yaml", line: $0, column: 5) },
                renamedFrom: renamedFrom, using: using))
    }

    static func id() -> Column { column("id", uuid, nullable: false, default: "gen_random_uuid()") }

    static func foreignKey(_ table: String, _ column: String, to target: String) -> ForeignKey {
        ForeignKey(name: "\(table)_\(column)_fkey", columns: [column], referencedTable: target, referencedColumns: ["id"])
    }

    /// A memories table referencing threads, with a vector index.
    static func memories(extra: [Column] = []) -> Table {
        table(
            "memories",
            [
                id(), column("thread_id", uuid), column("content", text, nullable: false),
                column("embedding", vector(3)),
            ] + extra,
            foreignKeys: [foreignKey("memories", "thread_id", to: "threads")],
            indexes: [
                Index(
                    name: "ix_memories_embedding", method: .hnsw,
                    elements: [IndexElement(.column("embedding"), opclass: QualifiedName(schema: "public", name: "vector_cosine_ops"))],
                    storageParameters: [StorageParameter(key: "m", value: "16")])
            ])
    }

    static func threads() -> Table {
        table("threads", [id(), column("title", text)])
    }
}

/// Compiles `new` on top of `old` (nil: the first revision) and returns the outcome.
func compile(_ new: Schema, over old: Schema?, allowDestructive: Bool = false) -> (CompileOutcome, [Diagnostic]) {
    let request = CompileRequest(
        files: [], parent: old.map { ParentRevision(id: "0001_init", snapshot: $0) },
        revisionID: old == nil ? "0001_init" : "0002_next", message: "test", allowDestructive: allowDestructive)
    return compileRevision(request, schema: new)
}

extension CompileOutcome {
    var compiled: CompiledRevision? {
        if case .revision(let revision) = self { return revision }
        return nil
    }
}
