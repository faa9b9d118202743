import Testing
@testable import StrataCore

/// Every alias row of PG-DDL §2.2: written spelling → `format_type()` spelling.
@Suite struct TypeNormalizationTests {
    static let context = TypeContext(
        managedSchema: "negentropy", enumNames: ["memory_kind"], extensionSchemas: ["vector": "public"])

    static let rows: [(String, String)] = [
        ("int", "integer"), ("int4", "integer"), ("integer", "integer"), ("pg_catalog.int4", "integer"),
        ("INTEGER", "integer"), ("serial", "integer"),
        ("bigint", "bigint"), ("int8", "bigint"), ("bigserial", "bigint"),
        ("smallint", "smallint"), ("int2", "smallint"), ("smallserial", "smallint"),
        ("varchar", "character varying"), ("character varying", "character varying"),
        ("varchar(10)", "character varying(10)"), ("character varying(10)", "character varying(10)"),
        ("\"varchar\"(5)", "character varying(5)"),
        ("char", "character(1)"), ("character", "character(1)"), ("char(5)", "character(5)"),
        ("character(5)", "character(5)"), ("bpchar", "bpchar"), ("text", "text"),
        ("timestamptz", "timestamp with time zone"), ("timestamp with time zone", "timestamp with time zone"),
        ("timestamp", "timestamp without time zone"),
        ("timestamp(3)", "timestamp(3) without time zone"), ("timestamptz(0)", "timestamp(0) with time zone"),
        ("timestamp(6)", "timestamp(6) without time zone"),
        ("timestamp(3) with time zone", "timestamp(3) with time zone"),
        ("time", "time without time zone"), ("timetz", "time with time zone"),
        ("time(2) with time zone", "time(2) with time zone"),
        ("numeric", "numeric"), ("decimal", "numeric"), ("numeric(10,2)", "numeric(10,2)"),
        ("decimal(10,2)", "numeric(10,2)"), ("dec(5,1)", "numeric(5,1)"), ("numeric(10)", "numeric(10,0)"),
        ("float", "double precision"), ("float8", "double precision"), ("double precision", "double precision"),
        ("float(25)", "double precision"), ("float(53)", "double precision"),
        ("real", "real"), ("float4", "real"), ("float(1)", "real"), ("float(24)", "real"),
        ("bool", "boolean"), ("boolean", "boolean"),
        ("interval", "interval"), ("interval day to second", "interval day to second"), ("interval(3)", "interval(3)"),
        ("bit", "bit(1)"), ("bit(64)", "bit(64)"), ("bit varying(8)", "bit varying(8)"), ("varbit", "bit varying"),
        ("int[]", "integer[]"), ("integer[][]", "integer[]"), ("int4[3]", "integer[]"),
        ("varchar(5)[]", "character varying(5)[]"), ("character varying(255)[]", "character varying(255)[]"),
        ("json", "json"), ("jsonb", "jsonb"), ("uuid", "uuid"), ("bytea", "bytea"), ("date", "date"),
        ("inet", "inet"), ("cidr", "cidr"), ("macaddr", "macaddr"), ("money", "money"), ("xml", "xml"),
        ("tsvector", "tsvector"), ("oid", "oid"), ("regclass", "regclass"), ("name", "name"),
        ("tstzrange", "tstzrange"), ("int4range", "int4range"),
        ("vector(3)", "public.vector(3)"), ("public.vector(3)", "public.vector(3)"), ("public.vector", "public.vector"),
        ("public.halfvec(3072)", "public.halfvec(3072)"), ("sparsevec(30522)", "public.sparsevec(30522)"),
        ("public.vector(3)[]", "public.vector(3)[]"),
        ("memory_kind", "negentropy.memory_kind"), ("negentropy.memory_kind", "negentropy.memory_kind"),
        ("memory_kind[]", "negentropy.memory_kind[]"),
        ("public.plugin_visibility", "public.plugin_visibility"),
    ]

    @Test(arguments: rows) func normalizes(_ written: String, _ printed: String) throws {
        let type = try #require(parseColumnType(written, in: Self.context))
        #expect(type.sql == printed)
        // format_type()'s output parses back to the same type.
        #expect(parseColumnType(printed, in: Self.context) == type)
    }

    @Test func aliasesCompareEqual() {
        #expect(parseColumnType("int", in: Self.context) == parseColumnType("int4", in: Self.context))
        #expect(parseColumnType("timestamp(6)", in: Self.context) != parseColumnType("timestamp", in: Self.context))
    }

    @Test func serialIsFlagged() throws {
        guard case .success(let parsed) = parseColumnTypeDetailed("bigserial", in: Self.context) else {
            Issue.record("bigserial did not parse")
            return
        }
        #expect(parsed.isSerial)
        #expect(parsed.type == ColumnType(name: "bigint"))
    }

    @Test func unknownTypesSuggestTheClosest() {
        guard case .failure(let error) = parseColumnTypeDetailed("tiemstamptz", in: Self.context) else {
            Issue.record("tiemstamptz parsed")
            return
        }
        #expect(error.message == "unknown type `tiemstamptz`")
        #expect(error.suggestions.first == "timestamptz")
        guard case .failure(let enumError) = parseColumnTypeDetailed("memory_kinds", in: Self.context) else { return }
        #expect(enumError.suggestions.contains("memory_kind"))
    }

    @Test func otherDatabasesSpellingsAreSuggested() {
        guard case .failure(let error) = parseColumnTypeDetailed("datetime", in: Self.context) else {
            Issue.record("datetime parsed")
            return
        }
        #expect(error.suggestions.first == "timestamptz")
    }

    @Test(arguments: ["vector(0)", "vector(16001)", "halfvec(20000)", "varchar(0)", "numeric(0)", "text(3)", "uuid(1)",
                      "timestamp(7)", "float(54)", "\"char\"", "nosuchtype", "int(", ""])
    func rejects(_ written: String) {
        #expect(parseColumnType(written, in: Self.context) == nil)
    }

    @Test func vectorTypesNeedTheExtension() {
        let bare = TypeContext(managedSchema: "app")
        guard case .failure(let error) = parseColumnTypeDetailed("vector(3)", in: bare) else {
            Issue.record("vector parsed without the extension")
            return
        }
        #expect(error.message.contains("`vector` extension is not declared"))
        #expect(parseColumnType("bit(3)", in: bare) == ColumnType(name: "bit", modifiers: [3]))
        #expect(parseColumnType("sparsevec(1000000000)", in: Self.context) != nil)
    }
}
