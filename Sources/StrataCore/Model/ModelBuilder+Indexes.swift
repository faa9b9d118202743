/// Indexes: keys, names, access-method capabilities and storage parameters.
extension ModelBuilder {
    /// One index: keys checked against the table, opclasses qualified, default name chosen,
    /// storage parameters and pgvector limits validated.
    mutating func buildIndex(_ declared: IndexDecl, table: Table) -> Index? {
        let method = declared.method?.value ?? .btree
        let label = declared.name.map { "index `\($0.value)`" } ?? "an index of table `\(table.name)`"
        var valid = true
        if declared.elements.isEmpty {
            diagnostics.error(ModelMessage.indexWithoutKeys(label), at: declared.location)
            return nil
        }
        var elements: [IndexElement] = []
        var keyNames: [String] = []
        for element in declared.elements {
            switch element.key {
            case .column(let name):
                guard let column = table.column(named: name) else {
                    missingColumn(Located(name, at: element.location), in: table, what: label)
                    valid = false
                    continue
                }
                if column.generated?.stored == false {
                    diagnostics.error(
                        ModelMessage.indexOnVirtualColumn(label, column: name), at: element.location)
                }
                keyNames.append(name)
            case .expression(let sql):
                keyNames.append(ExpressionName.figure(sql) ?? "expr")
            }
            elements.append(
                IndexElement(
                    element.key, opclass: element.opclass.map { qualifyOpclass($0.value) }, collation: element.collation,
                    order: element.order, nulls: element.nulls))
        }
        for column in declared.include where table.column(named: column.value) == nil {
            missingColumn(column, in: table, what: "`include` of \(label)")
            valid = false
        }
        if declared.unique && method != .btree {
            diagnostics.error(
                ModelMessage.uniqueNotBtree(label, method: method.rawValue),
                at: declared.method?.location ?? declared.location)
        }
        checkMethodCapabilities(declared, method: method, label: label)
        checkStorageParameters(declared, method: method, label: label)
        if valid { checkVectorKeys(declared, method: method, table: table, label: label) }
        guard valid else { return nil }
        let name =
            declared.name?.value
            ?? chooseRelationName(
                table.name, DefaultNames.nameAddition(DefaultNames.indexColumnNames(keyNames + declared.include.map(\.value))),
                label: "idx", isConstraint: false)
        return Index(
            name: name, unique: declared.unique, method: method, elements: elements,
            include: declared.include.map(\.value),
            storageParameters: declared.storageParameters.map(\.value),
            predicate: declared.predicate, nullsNotDistinct: declared.nullsNotDistinct,
            concurrently: declared.concurrently, comment: declared.comment, origin: Origin(location: declared.location))
    }

    /// What each access method can do (`pg_am` capabilities: amcanmulticol, amcaninclude, amcanorder).
    mutating func checkMethodCapabilities(_ declared: IndexDecl, method: Index.Method, label: String) {
        let location = declared.method?.location ?? declared.location
        if declared.elements.count > 1 && [.hash, .hnsw, .ivfflat].contains(method) {
            diagnostics.error(
                ModelMessage.oneKeyOnly(label, keys: declared.elements.count, method: method.rawValue),
                at: location, notes: [Diagnostic.Note(ModelMessage.oneIndexPerKeyNote)])
        }
        if let first = declared.include.first, ![.btree, .gist].contains(method) {
            diagnostics.error(
                ModelMessage.includeUnsupported(label, method: method.rawValue), at: first.location)
        }
        if method != .btree {
            for element in declared.elements where element.order != nil || element.nulls != nil {
                diagnostics.error(
                    ModelMessage.orderUnsupported(label, method: method.rawValue), at: element.location)
            }
        }
    }

    /// pgvector's operator classes live in the extension's schema; `schema.name` is kept as written.
    func qualifyOpclass(_ text: String) -> QualifiedName {
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 { return QualifiedName(schema: parts[0], name: parts[1]) }
        if PGVector.allOpclasses.contains(text), let schema = context.extensionSchemas["vector"] {
            return QualifiedName(schema: schema, name: text)
        }
        return QualifiedName(name: text)
    }

    /// Storage parameters known per access method, with their integer ranges where pgvector
    /// and PostgreSQL check them.
    static let storageParameters: [Index.Method: [String]] = [
        .hnsw: ["m", "ef_construction"],
        .ivfflat: ["lists"],
        .btree: ["fillfactor", "deduplicate_items"],
        .hash: ["fillfactor"],
        .gist: ["fillfactor", "buffering"],
        .gin: ["fastupdate", "gin_pending_list_limit"],
        .brin: ["pages_per_range", "autosummarize"],
    ]

    static let parameterRanges: [String: ClosedRange<Int>] = [
        "m": 2...100, "ef_construction": 4...1000, "lists": 1...32768, "fillfactor": 10...100,
        "pages_per_range": 1...131072, "gin_pending_list_limit": 64...2_147_483_647,
    ]

    /// `with` keys must belong to the method and be in range; hnsw also needs ef_construction ≥ 2·m.
    mutating func checkStorageParameters(_ declared: IndexDecl, method: Index.Method, label: String) {
        let allowed = Self.storageParameters[method] ?? []
        var values: [String: Int] = [:]
        for parameter in declared.storageParameters {
            let key = parameter.value.key
            guard allowed.contains(key) else {
                var notes: [Diagnostic.Note] = []
                if let note = Suggestion.note(for: key, in: allowed) { notes.append(note) }
                if let owner = Self.storageParameters.keys.sorted(by: { $0.rawValue < $1.rawValue })
                    .first(where: { Self.storageParameters[$0]!.contains(key) })
                {
                    notes.append(Diagnostic.Note(ModelMessage.parameterOfOtherMethodNote(key, method: owner.rawValue)))
                }
                diagnostics.error(
                    ModelMessage.unknownStorageParameter(key, of: label, method: method.rawValue, allowed: allowed),
                    at: parameter.location, notes: notes)
                continue
            }
            guard let range = Self.parameterRanges[key] else { continue }
            guard let value = Int(parameter.value.value) else {
                diagnostics.error(
                    ModelMessage.storageParameterNotANumber(key, of: label, found: parameter.value.value),
                    at: parameter.location)
                continue
            }
            guard range.contains(value) else {
                diagnostics.error(
                    ModelMessage.storageParameterOutOfRange(key, of: label, value: value, range: range),
                    at: parameter.location)
                continue
            }
            values[key] = value
        }
        if method == .hnsw, let ef = values["ef_construction"] {
            let m = values["m"] ?? 16
            if ef < 2 * m {
                let location = declared.storageParameters.first { $0.value.key == "ef_construction" }!.location
                diagnostics.error(
                    ModelMessage.efConstructionTooLow(label, ef: ef, m: m, mDefaulted: values["m"] == nil),
                    at: location, notes: [Diagnostic.Note(ModelMessage.efConstructionNote(ef: ef, m: m))])
            }
        }
    }
}
