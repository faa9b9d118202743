import Testing

@testable import StrataCore

/// What a new user tripped on (issue 21 item 5): the root cause first, one answer for another
/// database's type spelling, an extension's type written qualified.
@Suite struct NewcomerDiagnosticsTests {
    @Test func aMisspelledColumnsKeyIsTheOnlyError() {
        let marked = MarkedText(settingsBlock + "tables:\n  t:\n    1️⃣colums:\n      id: bigint\n")
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.message.hasPrefix("unknown key `colums` in table `t`") == true)
        #expect(diagnostics.first?.location == marked.location("1️⃣"))
        #expect(diagnostics.first?.notes == [Diagnostic.Note("did you mean `columns`?")])
        // With no key near `columns`, the table still needs them.
        let (_, missing) = load(settingsBlock + "tables:\n  t:\n    comment: x\n")
        #expect(missing.map(\.message) == ["table `t` needs `columns`"])
    }

    @Test func anotherDatabasesSpellingSuggestsOneType() {
        let (_, diagnostics) = load(settingsBlock + "tables:\n  t:\n    columns:\n      id: int64\n")
        #expect(diagnostics.first?.notes == [Diagnostic.Note("did you mean `bigint`?")])
    }

    @Test func anExtensionsTypeIsWrittenQualifiedWithItsExtensionEntry() {
        let (_, undeclared) = load(settingsBlock + "tables:\n  t:\n    columns:\n      email: citext\n")
        #expect(
            undeclared.first?.message
                == "column `t.email`: unknown type `citext`: `citext` comes from the `citext` extension; write "
                + "`public.citext` and add `citext` to `extensions:` of the `schema` block")
        #expect(undeclared.first?.notes == [Diagnostic.Note("did you mean `public.citext`?")])

        let declared = "schema:\n  name: app\n  extensions: [{ name: citext, schema: ext }]\n"
        let (_, unqualified) = load(declared + "tables:\n  t:\n    columns:\n      email: citext\n")
        #expect(unqualified.first?.notes == [Diagnostic.Note("did you mean `ext.citext`?")])
        let (schema, none) = load(declared + "tables:\n  t:\n    columns:\n      email: ext.citext\n")
        #expect(none.isEmpty, "\(none)")
        #expect(schema?.tables.first?.columns.first?.type.name == "citext")
    }
}
