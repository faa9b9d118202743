import Foundation
import StrataCore
import Testing
@testable import StrataBundle

/// The snapshot writer and reader name every field by hand; they must agree with the Codable
/// conformances (and so with Foundation and every snapshot written before them).
@Suite struct SnapshotJSONTests {
    /// A schema that sets every field a snapshot can hold, several of them to awkward values.
    static var everyField: Schema {
        var identityOptions = SequenceOptions(start: 10, increment: -2, minValue: -100, maxValue: 1000, cache: 5)
        identityOptions.cycle = true
        let columns = [
            Column(
                name: "id", type: ColumnType(name: "bigint"), nullable: false,
                identity: Identity(kind: .byDefault, options: identityOptions), comment: "the \"key\"\n"),
            Column(
                name: "Mixed Case", type: ColumnType(schema: "s", name: "mood", modifiers: [], isArray: true),
                defaultExpression: "'happy'::s.mood", collation: "C"),
            Column(name: "n", type: ColumnType(name: "numeric", modifiers: [10, 2])),
            Column(
                name: "g", type: ColumnType(name: "integer"), nullable: true,
                generated: GeneratedColumn(expression: "n * 2", stored: false)),
            Column(name: "e", type: ColumnType(schema: "public", name: "vector", modifiers: [3])),
        ]
        let table = Table(
            name: "things", comment: "tab\there / slash é 🙂 \u{01}",
            columns: columns,
            primaryKey: PrimaryKey(name: "things_pkey", columns: ["id"], deferrability: Deferrability(deferrable: true)),
            uniqueConstraints: [
                UniqueConstraint(
                    name: "things_n_key", columns: ["n", "g"], nullsNotDistinct: true,
                    deferrability: Deferrability(deferrable: true, initiallyDeferred: true))
            ],
            checks: [CheckConstraint(name: "things_n_check", expression: "n > 0")],
            foreignKeys: [
                ForeignKey(
                    name: "things_g_fkey", columns: ["g"], referencedTable: "others", referencedColumns: ["id"],
                    onDelete: .setNull, onUpdate: .cascade, match: .full)
            ],
            indexes: [
                Index(
                    name: "things_e_idx", method: .hnsw,
                    elements: [IndexElement(.column("e"), opclass: QualifiedName(schema: "public", name: "vector_l2_ops"))],
                    storageParameters: [StorageParameter(key: "m", value: "16"), StorageParameter(key: "ef_construction", value: "64")],
                    concurrently: true),
                Index(
                    name: "things_expr_idx", unique: true,
                    elements: [
                        IndexElement(.expression("lower(\"Mixed Case\"::text)"), collation: "C", order: .desc, nulls: .first),
                        IndexElement(.column("n"), opclass: QualifiedName(name: "numeric_ops"), order: .asc, nulls: .last),
                    ],
                    include: ["g"], predicate: "n IS NOT NULL", nullsNotDistinct: true, concurrently: false,
                    comment: "expression index"),
            ])
        return Schema(
            name: "s", versionTable: "versions", comment: "everything",
            extensions: [Extension(name: "vector")],
            enums: [EnumType(name: "mood", values: ["happy", "sad"], comment: "moods"), EnumType(name: "empty", values: [])],
            sequences: [
                SequenceDefinition(
                    name: "counter", dataType: "integer",
                    options: SequenceOptions(start: 1, increment: 1, minValue: 1, maxValue: Int64.max, cache: 20, cycle: true),
                    ownedBy: ColumnReference(table: "things", column: "n"), comment: "counts"),
                SequenceDefinition(name: "plain", options: SequenceOptions(minValue: Int64.min)),
            ],
            tables: [table, Table(name: "empty")], routines: Self.routines)
    }

    /// Functions and procedures with every field set, a body with awkward bytes among them.
    static let routines = [
        Routine(
            name: "search", arguments: [
                RoutineArgument(name: "q", type: ColumnType(schema: "public", name: "vector", modifiers: [3])),
                RoutineArgument(name: nil, type: ColumnType(name: "integer"), mode: .variadic, defaultExpression: "50"),
            ], returns: .table([RoutineColumn(name: "id", type: ColumnType(name: "uuid"))]), language: "plpgsql",
            volatility: .stable, strict: true, security: .definer, parallel: .safe,
            settings: [RoutineSetting(name: "search_path", value: "s, pg_temp")], comment: "finds",
            body: "\n\tBEGIN -- $function$ é\r\n  END;\n"),
        Routine(name: "rows", returns: .setof(ColumnType(schema: "s", name: "things")), language: "sql", body: "SELECT 1"),
        Routine(
            name: "tick", kind: .procedure, arguments: [RoutineArgument(name: "n", type: ColumnType(name: "bigint"), mode: .inout)],
            returns: nil, language: "sql", body: "SELECT n + 1;", atomic: true),
        Routine(name: "one", returns: .type(ColumnType(name: "integer")), language: "sql", body: "SELECT 1"),
    ]

    /// A snapshot written before functions existed has no `routines` key and reads as none.
    @Test func snapshotsWithoutRoutinesReadAsNone() throws {
        var schema = Self.everyField
        schema.routines = []
        let bytes = SnapshotJSON.encode(schema).bytes
        #expect(!String(decoding: bytes, as: UTF8.self).contains("routines"))
        #expect(try SnapshotJSON.decode(bytes, file: "x.json").routines == [])
        #expect(try JSONDecoder().decode(Schema.self, from: Data(bytes)).routines == [])
    }

    @Test func writesTheDeterministicEncodersBytes() throws {
        let schema = Self.everyField
        let written = SnapshotJSON.encode(schema)
        #expect(written.bytes == DeterministicJSON.encode(schema))
        #expect(written.checksum == Checksum.sha256(of: written.bytes))
        #expect(SnapshotJSON.encode(Schema.base(name: "s")).bytes == DeterministicJSON.encode(Schema.base(name: "s")))
    }

    @Test func readsWhatItWrites() throws {
        let schema = Self.everyField
        let bytes = SnapshotJSON.encode(schema).bytes
        #expect(try SnapshotJSON.decode(bytes, file: "x.json") == schema)
        #expect(try JSONDecoder().decode(Schema.self, from: Data(bytes)) == schema)
    }

    /// Every snapshot the repository holds reads as Foundation reads it and is written back
    /// byte for byte.
    @Test func repositorySnapshotsRoundTrip() throws {
        #expect(DeterministicJSONTests.snapshotFiles.count > 10)
        for file in DeterministicJSONTests.snapshotFiles {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let schema = try SnapshotJSON.decode(bytes, file: file)
            #expect(schema == (try JSONDecoder().decode(Schema.self, from: Data(bytes))), "\(file)")
            #expect(SnapshotJSON.encode(schema).bytes == bytes, "\(file)")
        }
    }

    /// Key order, whitespace and unknown keys do not matter; escapes are undone.
    @Test func readsAnyLayout() throws {
        let text = """
            {"tables":[],"sequences":[],"enums":[],"extensions":[{"schema":"public","name":"vector","x":[1,{"y":null}]}],
             "versionTable":"v","name":"a\\u00e9\\ud83d\\ude42\\n\\/","comment":null}
            """
        let schema = try SnapshotJSON.decode(Array(text.utf8), file: "x.json")
        #expect(schema == Schema(name: "aé🙂\n/", versionTable: "v", extensions: [Extension(name: "vector")]))
    }

    @Test func errorsNameThePath() throws {
        #expect(throws: BundleError.malformedJSON(file: "x.json", reason: "expected String at .name")) {
            try SnapshotJSON.decode(Array("{\"name\": 1}".utf8), file: "x.json")
        }
        var bytes = SnapshotJSON.encode(Self.everyField).bytes
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"nullable\" : false,", with: "")
        bytes = Array(text.utf8)
        #expect(throws: BundleError.malformedJSON(file: "x.json", reason: "missing key 'nullable' at .tables[0].columns[0]")) {
            try SnapshotJSON.decode(bytes, file: "x.json")
        }
        #expect(throws: BundleError.self) { try SnapshotJSON.decode(Array("{}  x".utf8), file: "x.json") }
    }
}
