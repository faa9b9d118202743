import Testing
@testable import StrataCore

@Suite struct DiffSchemasTests {
    typealias F = Fixtures

    @Test func firstRevisionCreatesSchemaExtensionTablesInDependencyOrderThenIndexes() {
        let new = F.schema(tables: [F.memories(), F.threads()])
        let diff = diffSchemas(
            from: .base(name: F.schemaName), to: new, hints: RenameHints(), options: DiffOptions(createSchema: true))
        var memories = F.memories()
        memories.indexes = []
        #expect(diff.diagnostics.isEmpty)
        #expect(
            diff.changes == [
                .createSchema("negentropy"), .createExtension(Extension(name: "vector")),
                .createTable(F.threads()), .createTable(memories),
                .createIndex(table: "memories", F.memories().indexes[0]),
            ])
        #expect(diff.createdTables == ["memories", "threads"])
    }

    @Test func foreignKeyCycleIsBrokenByAddingOneKeyAfterBothTables() {
        var a = F.table("a", [F.id(), F.column("b_id", F.uuid)], foreignKeys: [F.foreignKey("a", "b_id", to: "b")])
        let b = F.table("b", [F.id(), F.column("a_id", F.uuid)], foreignKeys: [F.foreignKey("b", "a_id", to: "a")])
        let diff = diffSchemas(from: F.schema(), to: F.schema(tables: [a, b]))
        let deferred = a.foreignKeys[0]
        a.foreignKeys = []
        #expect(
            diff.changes == [
                .createTable(a), .createTable(b), .addForeignKey(table: "a", deferred),
            ])
        // The down script drops the cycle's deferred key first, then the tables, referencing first.
        let down = diffSchemas(from: F.schema(tables: [a, b]).withForeignKey(deferred, on: "a"), to: F.schema())
        #expect(
            down.changes == [
                .dropConstraint(table: "a", name: "a_b_id_fkey", kind: .foreignKey(referencedTable: "b")),
                .dropTable("b"), .dropTable("a"),
            ])
    }

    @Test func renameHintRenamesInsteadOfDroppingAndTheDownRenamesBack() {
        let old = F.schema(tables: [F.threads()])
        let renamed = F.table("threads", [F.id(), F.column("subject", F.text, renamedFrom: "title")])
        let new = F.schema(tables: [renamed])
        let diff = diffSchemas(from: old, to: new)
        #expect(diff.diagnostics.isEmpty)
        #expect(diff.changes == [.renameColumn(table: "threads", from: "title", to: "subject")])
        let hints = RenameHints.declared(from: old, to: new).inverted(old: old, new: new)
        let down = diffSchemas(from: new, to: old, hints: hints, options: DiffOptions(checkIntent: false))
        #expect(down.changes == [.renameColumn(table: "threads", from: "subject", to: "title")])
    }

    @Test func staleRenameHintIsIgnoredOnceTheRenameIsCompiled() {
        let renamed = F.schema(tables: [F.table("threads", [F.id(), F.column("subject", F.text, renamedFrom: "title")])])
        #expect(diffSchemas(from: renamed, to: renamed).changes.isEmpty)
    }

    @Test func renamedTableKeepsForeignKeysThatPointAtIt() {
        let old = F.schema(tables: [F.memories(), F.threads()])
        let conversations = F.table("conversations", [F.id(), F.column("title", F.text)], renamedFrom: "threads")
        var memories = F.memories()
        memories.foreignKeys[0].referencedTable = "conversations"
        let diff = diffSchemas(from: old, to: F.schema(tables: [memories, conversations]))
        // The primary key's derived name follows the table: renamed, not rebuilt.
        #expect(
            diff.changes == [
                .renameTable(from: "threads", to: "conversations"),
                .renameConstraint(table: "conversations", from: "threads_pkey", to: "conversations_pkey"),
            ])
    }

    @Test func vanishedAndNewColumnOfTheSameTypeAsksWhetherItIsARename() {
        let old = F.schema(tables: [F.threads()])
        let new = F.schema(tables: [F.table("threads", [F.id(), F.column("subject", F.text, line: 7)])])
        let diff = diffSchemas(from: old, to: new)
        #expect(
            diff.diagnostics == [
                .error(
                    "column `threads.subject` is new and column `title` of the same type (text) is gone: is this a rename?",
                    at: SourceLocation(file: "schema/t.yaml", line: 7, column: 5),
                    notes: [
                        .init("if it is, declare it on column `subject`:  renamed_from: title"),
                        .init(
                            "if it is not, compile with --allow-destructive: `title` is dropped (its data is lost) and `subject` added"),
                    ])
            ])
    }

    @Test func typeChangeCarriesTheDeclaredUsingAndTheDownCastsBack() {
        let old = F.schema(tables: [F.table("t", [F.id(), F.column("n", F.text)])])
        let new = F.schema(tables: [F.table("t", [F.id(), F.column("n", F.bigint, using: "length(n)")])])
        let diff = diffSchemas(from: old, to: new)
        let change = ColumnTypeChange(table: "t", column: "n", from: F.text, to: F.bigint, using: "length(n)")
        #expect(diff.changes == [.alterColumnType(change)])
        let down = diffSchemas(
            from: new, to: old, hints: RenameHints.declared(from: old, to: new).inverted(old: old, new: new),
            options: DiffOptions(checkIntent: false))
        #expect(
            down.changes == [
                .alterColumnType(ColumnTypeChange(table: "t", column: "n", from: F.bigint, to: F.text, using: "n::text"))
            ])
    }

    @Test func vectorDimensionChangeWithoutUsingIsRefused() {
        let old = F.schema(tables: [F.table("t", [F.id(), F.column("e", F.vector(768))])])
        let new = F.schema(tables: [F.table("t", [F.id(), F.column("e", F.vector(1536), line: 4)])])
        let diff = diffSchemas(from: old, to: new)
        #expect(diff.diagnostics.count == 1)
        #expect(diff.diagnostics.first?.message.hasPrefix("cannot change the dimension of column 't.e' from 768 to 1536") == true)
        #expect(diff.diagnostics.first?.notes.first?.message.hasSuffix("using: NULL") == true)
        let withUsing = F.schema(tables: [F.table("t", [F.id(), F.column("e", F.vector(1536), using: "NULL")])])
        #expect(diffSchemas(from: old, to: withUsing).diagnostics.isEmpty)
    }

    @Test func enumValueAddedInTheMiddleKeepsItsPosition() {
        let old = F.schema(enums: [EnumType(name: "kind", values: ["a", "c"])])
        let new = F.schema(enums: [EnumType(name: "kind", values: ["a", "b", "c", "d"])])
        #expect(
            diffSchemas(from: old, to: new).changes == [
                .addEnumValue(enumName: "kind", value: "b", position: .after("a")),
                .addEnumValue(enumName: "kind", value: "d", position: .after("c")),
            ])
        // Two labels in front: the first goes before the first existing label, the second after
        // the first (`BEFORE 'y'` would name a label that does not exist yet).
        let front = F.schema(enums: [EnumType(name: "kind", values: ["x", "y", "a", "c"])])
        #expect(
            diffSchemas(from: old, to: front).changes == [
                .addEnumValue(enumName: "kind", value: "x", position: .before("a")),
                .addEnumValue(enumName: "kind", value: "y", position: .after("x")),
            ])
    }

    @Test func enumValueRemovedRecreatesTheTypeAndConvertsItsColumns() {
        let column = F.column("k", F.enumType("kind"), nullable: false, default: "'a'")
        let old = F.schema(tables: [F.table("t", [F.id(), column])], enums: [EnumType(name: "kind", values: ["a", "b"])])
        let new = F.schema(tables: [F.table("t", [F.id(), column])], enums: [EnumType(name: "kind", values: ["a"])])
        let recreation = EnumRecreation(
            name: "kind", temporaryName: "kind_old", oldValues: ["a", "b"], newValues: ["a"],
            columns: [EnumColumnUse(table: "t", column: "k", isArray: false, hadDefault: true, defaultExpression: "'a'")])
        #expect(diffSchemas(from: old, to: new).changes == [.recreateEnum(recreation), .dropEnum("kind_old")])
    }

    @Test func enumRecreationRebuildsTheChecksAndIndexesThatMentionTheColumn() {
        var table = F.table("t", [F.id(), F.column("k", F.enumType("kind"), nullable: false), F.column("n", F.bigint)])
        let partial = Index(name: "ix_t_n_a", unique: true, elements: [IndexElement(.column("n"))], predicate: "k = 'a'")
        let expression = Index(name: "ix_t_k_text", elements: [IndexElement(.expression("(k::text)"))])
        let plain = Index(name: "ix_t_k", elements: [IndexElement(.column("k"))])
        let unrelated = Index(name: "ix_t_n", elements: [IndexElement(.column("n"))], predicate: "n > 0")
        let check = CheckConstraint(name: "t_k_check", expression: "k <> 'b' OR n > 0")
        let otherCheck = CheckConstraint(name: "t_n_check", expression: "n >= 0")
        table.indexes = [partial, expression, plain, unrelated]
        table.checks = [check, otherCheck]
        let before = F.schema(tables: [table], enums: [EnumType(name: "kind", values: ["a", "b", "c"])])
        let after = F.schema(tables: [table], enums: [EnumType(name: "kind", values: ["a", "b"])])
        let recreation = EnumRecreation(
            name: "kind", temporaryName: "kind_old", oldValues: ["a", "b", "c"], newValues: ["a", "b"],
            columns: [EnumColumnUse(table: "t", column: "k", isArray: false, hadDefault: false, defaultExpression: nil)])
        let ordered = before.table(named: "t")?.indexes ?? []
        let rebuilt = ordered.filter { $0.name == partial.name || $0.name == expression.name }
        #expect(rebuilt.count == 2)
        let expected: [Change] =
            rebuilt.map { .dropIndex(table: "t", $0) } + [.dropConstraint(table: "t", name: check.name, kind: .check)]
            + [.recreateEnum(recreation), .addCheck(table: "t", check)] + rebuilt.map { .createIndex(table: "t", $0) }
            + [.dropEnum("kind_old")]
        #expect(diffSchemas(from: before, to: after).changes == expected)

        // Adding the label back needs no conversion: nothing is rebuilt.
        #expect(
            diffSchemas(from: after, to: before).changes == [
                .addEnumValue(enumName: "kind", value: "c", position: .after("b"))
            ])
    }

    @Test func enumRecreationDropsAndAddsTheGeneratedColumnsThatReadTheColumn() {
        let label = Column(name: "label", type: F.text, generated: GeneratedColumn(expression: "k::text"))
        let table = F.table("t", [F.id(), F.column("k", F.enumType("kind")), label])
        let before = F.schema(tables: [table], enums: [EnumType(name: "kind", values: ["a", "b", "c"])])
        let after = F.schema(tables: [table], enums: [EnumType(name: "kind", values: ["a", "c"])])
        let recreation = EnumRecreation(
            name: "kind", temporaryName: "kind_old", oldValues: ["a", "b", "c"], newValues: ["a", "c"],
            columns: [EnumColumnUse(table: "t", column: "k", isArray: false, hadDefault: false, defaultExpression: nil)])
        // PostgreSQL cannot convert a column a generated column reads.
        #expect(
            diffSchemas(from: before, to: after).changes == [
                .dropColumn(table: "t", column: label), .recreateEnum(recreation), .addColumn(table: "t", column: label),
                .dropEnum("kind_old"),
            ])
    }

    @Test func generatedColumnIsAddedAgainAfterTheTypeChangeItReadsWhereverItIsDeclared() {
        let label = Column(name: "label", type: F.text, generated: GeneratedColumn(expression: "c::text"))
        func schema(_ type: ColumnType) -> Schema { F.schema(tables: [F.table("t", [F.id(), label, F.column("c", type)])]) }
        #expect(
            diffSchemas(from: schema(F.bigint), to: schema(F.text)).changes == [
                .dropColumn(table: "t", column: label),
                .alterColumnType(
                    ColumnTypeChange(table: "t", column: "c", from: F.bigint, to: F.text, collation: nil, oldCollation: nil)),
                .addColumn(table: "t", column: label),
            ])
    }

    @Test func aForeignKeyOnAUniqueIndexWaitsForTheIndexAndIsRebuiltWithIt() {
        func schema(nullsNotDistinct: Bool) -> Schema {
            let unique = Index(
                name: "t_a_uidx", unique: true, elements: [IndexElement(.column("a"))], nullsNotDistinct: nullsNotDistinct)
            let key = ForeignKey(name: "u_a_fkey", columns: ["a"], referencedTable: "t", referencedColumns: ["a"])
            return F.schema(tables: [
                F.table("t", [F.id(), F.column("a", F.text)], indexes: [unique]),
                F.table("u", [F.id(), F.column("a", F.text)], foreignKeys: [key]),
            ])
        }
        let before = schema(nullsNotDistinct: false)
        let after = schema(nullsNotDistinct: true)
        var referencing = before.table(named: "u")!
        let key = referencing.foreignKeys[0]
        referencing.foreignKeys = []
        var referenced = before.table(named: "t")!
        referenced.indexes = []
        // No unique constraint backs t(a): the key can only follow the index.
        #expect(
            diffSchemas(from: F.schema(), to: before).changes == [
                .createTable(referenced), .createTable(referencing),
                .createIndex(table: "t", before.table(named: "t")!.indexes[0]), .addForeignKey(table: "u", key),
            ])
        // PostgreSQL refuses to drop an index a foreign key depends on.
        #expect(
            diffSchemas(from: before, to: after).changes == [
                .dropConstraint(table: "u", name: "u_a_fkey", kind: .foreignKey(referencedTable: "t")),
                .dropIndex(table: "t", before.table(named: "t")!.indexes[0]),
                .createIndex(table: "t", after.table(named: "t")!.indexes[0]), .addForeignKey(table: "u", key),
            ])
    }

    @Test func aForeignKeyCannotWaitForAUniqueIndexBuiltConcurrently() {
        let unique = Index(name: "t_a_uidx", unique: true, elements: [IndexElement(.column("a"))], concurrently: true)
        let key = ForeignKey(name: "u_a_fkey", columns: ["a"], referencedTable: "t", referencedColumns: ["a"])
        let schema = F.schema(tables: [
            F.table("t", [F.id(), F.column("a", F.text)], indexes: [unique]),
            F.table("u", [F.id(), F.column("a", F.text)], foreignKeys: [key]),
        ])
        #expect(
            diffSchemas(from: F.schema(), to: schema).diagnostics.map(\.message) == [
                "foreign key `u_a_fkey` of table `u` needs unique index `t_a_uidx`, which this revision builds concurrently, after the key would be added"
            ])
        // Once the index exists, the key can be added.
        var indexOnly = schema
        indexOnly.tables = indexOnly.tables.map { table in
            var table = table
            table.foreignKeys = []
            return table
        }
        #expect(diffSchemas(from: indexOnly, to: schema).diagnostics.isEmpty)
    }

    @Test func changingOnlyConcurrentlyChangesNothing() {
        var table = F.memories()
        let old = F.schema(tables: [table, F.threads()])
        table.indexes[0].concurrently = true
        #expect(diffSchemas(from: old, to: F.schema(tables: [table, F.threads()])).changes.isEmpty)
    }

    @Test func storageParametersKeepTheirOrderAndReorderingChangesNothing() throws {
        var table = F.memories()
        table.indexes[0].storageParameters = [
            StorageParameter(key: "m", value: "16"), StorageParameter(key: "ef_construction", value: "64"),
        ]
        let old = F.schema(tables: [table, F.threads()])
        let created = diffSchemas(from: F.schema(), to: old)
        let sql = emitUp(created, schema: F.schemaName, revisionID: "0001_init", parentID: nil, message: "init").text
        #expect(sql.contains("WITH (m = 16, ef_construction = 64)"))
        table.indexes[0].storageParameters.reverse()
        #expect(diffSchemas(from: old, to: F.schema(tables: [table, F.threads()])).changes.isEmpty)
    }

    @Test func changedIndexIsDroppedThenRecreated() {
        var table = F.memories()
        let old = F.schema(tables: [table, F.threads()])
        let before = table.indexes[0]
        table.indexes[0].storageParameters = [StorageParameter(key: "m", value: "32")]
        #expect(
            diffSchemas(from: old, to: F.schema(tables: [table, F.threads()])).changes == [
                .dropIndex(table: "memories", before), .createIndex(table: "memories", table.indexes[0]),
            ])
    }

    @Test func droppedTableGoesAfterTheForeignKeysPointingAtIt() {
        let old = F.schema(tables: [F.memories(), F.threads()])
        var memories = F.memories()
        memories.foreignKeys = []
        memories.columns.removeAll { $0.name == "thread_id" }
        let diff = diffSchemas(from: old, to: F.schema(tables: [memories]))
        #expect(
            diff.changes == [
                .dropConstraint(table: "memories", name: "memories_thread_id_fkey", kind: .foreignKey(referencedTable: "threads")),
                .dropTable("threads"),
                .dropColumn(table: "memories", column: F.column("thread_id", F.uuid)),
            ])
    }

    @Test func foreignKeyIsDroppedAroundATypeChangeIntoAnotherFamily() {
        func schema(_ type: ColumnType) -> Schema {
            F.schema(tables: [
                F.table("parent", [F.column("id", type, nullable: false)]),
                F.table(
                    "child", [F.column("id", F.uuid, nullable: false), F.column("parent_id", type)],
                    foreignKeys: [F.foreignKey("child", "parent_id", to: "parent")]),
            ])
        }
        func retype(_ table: String, _ column: String) -> Change {
            .alterColumnType(
                ColumnTypeChange(table: table, column: column, from: F.bigint, to: F.text, collation: nil, oldCollation: nil))
        }
        let foreignKey = F.foreignKey("child", "parent_id", to: "parent")
        // PostgreSQL re-adds the key after each ALTER COLUMN TYPE and refuses bigint against text.
        // Within a family (integer to bigint) it keeps the key, so the diff does too.
        #expect(
            diffSchemas(from: schema(F.type("integer")), to: schema(F.bigint)).changes.filter {
                if case .alterColumnType = $0 { return false }
                return true
            }.isEmpty)
        #expect(
            diffSchemas(from: schema(F.bigint), to: schema(F.text)).changes == [
                .dropConstraint(table: "child", name: "child_parent_id_fkey", kind: .foreignKey(referencedTable: "parent")),
                retype("child", "parent_id"), retype("parent", "id"),
                .addForeignKey(table: "child", foreignKey),
            ])
    }

    @Test func renamingTheManagedSchemaIsAnError() {
        var new = F.schema()
        new.name = "other"
        let diff = diffSchemas(from: F.schema(), to: new)
        #expect(diff.changes.isEmpty)
        #expect(diff.diagnostics.map(\.message) == [
            "the managed schema cannot be renamed: the previous revision manages `negentropy`, the YAML declares `other`"
        ])
    }
}

extension Schema {
    fileprivate func withForeignKey(_ key: ForeignKey, on table: String) -> Schema {
        var schema = self
        if let index = schema.tables.firstIndex(where: { $0.name == table }) { schema.tables[index].foreignKeys.append(key) }
        return schema
    }
}

@Suite struct ExtensionDiffTests {
    @Test func laterExtensionIsCreatedAndMovingOneIsAnError() {
        let old = Fixtures.schema(extensions: [])
        let new = Fixtures.schema(extensions: [Extension(name: "vector")])
        #expect(diffSchemas(from: old, to: new).changes == [.createExtension(Extension(name: "vector"))])
        #expect(diffSchemas(from: new, to: old).changes.isEmpty)
        let moved = Fixtures.schema(extensions: [Extension(name: "vector", schema: "extensions")])
        #expect(diffSchemas(from: new, to: moved).diagnostics.count == 1)
    }
}
