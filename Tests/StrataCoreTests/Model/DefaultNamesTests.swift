import Testing
@testable import StrataCore

/// PostgreSQL's default names (PG-DDL §5.3), including the server's own examples.
@Suite struct DefaultNamesTests {
    static let longTable = "a_table_with_a_rather_long_name_for_testing_purpose"

    @Test func serverExamples() {
        #expect(
            DefaultNames.makeObjectName(Self.longTable, "a_column_with_a_rather_long_name_for_testing", label: "not_null")
                == "a_table_with_a_rather_long__a_column_with_a_rather_lon_not_null")
        #expect(
            DefaultNames.makeObjectName(Self.longTable, "another_long_column_name_for_testing", label: "key")
                == "a_table_with_a_rather_long_na_another_long_column_name_for__key")
        #expect(
            DefaultNames.makeObjectName(Self.longTable, "fk_col", label: "fkey")
                == "a_table_with_a_rather_long_name_for_testing_purpose_fk_col_fkey")
    }

    @Test func shortNamesAreJoined() {
        #expect(DefaultNames.makeObjectName("memories", nil, label: "pkey") == "memories_pkey")
        #expect(DefaultNames.makeObjectName("memories", "user_id_content", label: "key") == "memories_user_id_content_key")
    }

    @Test func truncationNeverSplitsACharacter() {
        // 40 × "ü" is 80 bytes; the budget leaves 57 bytes for it, clipped back to 56 (28 characters).
        let name = DefaultNames.makeObjectName(String(repeating: "ü", count: 40), "a", label: "idx")
        #expect(name == String(repeating: "ü", count: 28) + "_a_idx")
        #expect(name.utf8.count <= 63)
        #expect(DefaultNames.truncate(String(repeating: "é", count: 40)) == String(repeating: "é", count: 31))
    }

    @Test func collisionsGetANumericSuffix() {
        let taken: Set<String> = ["t_a_idx", "t_a_idx1"]
        #expect(DefaultNames.choose("t", "a", label: "idx") { taken.contains($0) } == "t_a_idx2")
        #expect(DefaultNames.choose("t", "a", label: "key") { $0 == "t_a_key" } == "t_a_key1")
        #expect(DefaultNames.choose("t", nil, label: "check") { $0 == "t_check" } == "t_check1")
        // The suffix goes into the label, so a long name is shortened to make room.
        let long = DefaultNames.choose(Self.longTable, "fk_col", label: "fkey") { $0.hasSuffix("_fkey") }
        #expect(long == "a_table_with_a_rather_long_name_for_testing_purpos_fk_col_fkey1")
    }

    @Test func indexColumnNamesDeduplicate() {
        #expect(DefaultNames.indexColumnNames(["lower", "lower", "a"]) == ["lower", "lower1", "a"])
        #expect(DefaultNames.nameAddition(["a", "b", "c"]) == "a_b_c")
    }

    @Test(arguments: [
        ("(e::halfvec(3000))", "e"), ("(binary_quantize(e)::bit(3000))", "binary_quantize"),
        ("(null::vector(3))", "vector"), ("lower(c)", "lower"), ("(lower(c))", "lower"),
        ("public.binary_quantize(e)", "binary_quantize"), ("CAST(e AS halfvec(3))", "e"),
        ("(embedding::public.halfvec(3072))", "embedding"), ("'x'::text", "text"),
        ("CASE WHEN a THEN 1 ELSE CASE WHEN b THEN 2 END END", "case"), ("ARRAY[a, b]", "array"),
        ("coalesce(a, b)", "coalesce"), ("(t.a)", "a"), ("\"Mixed\"", "Mixed"), ("UPPER(a)", "upper"),
        ("j['k']", "j"), ("(j['k'])", "j"), ("tags[1]::text", "tags"), ("(r).f", "f"), ("(j[a[1]]).f[2]", "f"),
    ])
    func expressionNames(_ expression: String, _ name: String) {
        #expect(ExpressionName.figure(expression) == name)
    }

    @Test(arguments: ["(a+b)", "a || b", "lower(a) || upper(b)", "a::text || b", "1 + 1", "(data->>'key')", "a IS NULL"])
    func operatorExpressionsHaveNoName(_ expression: String) {
        #expect(ExpressionName.figure(expression) == nil)
    }

    @Test func checkNamesFollowTheColumnsReferenced() {
        let columns: Set<String> = ["qty", "a", "b", "status"]
        #expect(SQLLexer.referencedColumns("qty > 0", columns: columns) == ["qty"])
        #expect(SQLLexer.referencedColumns("a > b", columns: columns) == ["a", "b"])
        #expect(SQLLexer.referencedColumns("status IN ('a', 'b')", columns: columns) == ["status"])
        #expect(SQLLexer.referencedColumns("lower(status) <> 'qty'", columns: columns) == ["status"])
    }
}
