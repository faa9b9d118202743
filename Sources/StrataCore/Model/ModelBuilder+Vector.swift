/// pgvector checks of hnsw and ivfflat indexes (PG-DDL §1.2–§1.4).
extension ModelBuilder {
    /// The type an index key indexes: the column's, or the type an expression ends its cast with
    /// (`(embedding::halfvec(3072))`); nil when an expression's type cannot be seen.
    func keyType(_ key: IndexElement.Key, in table: Table) -> ColumnType? {
        switch key {
        case .column(let name): return table.column(named: name)?.type
        case .expression(let sql):
            guard let castType = trailingCastType(sql) else { return nil }
            return parseColumnType(castType, in: context)
        }
    }

    /// The text after the last top-level `::` of `sql`, outer parentheses removed first.
    func trailingCastType(_ sql: String) -> String? {
        var text = Substring(sql)
        while text.hasPrefix("("), text.hasSuffix(")"), encloses(text) { text = text.dropFirst().dropLast() }
        var depth = 0
        var quote: Character?
        var lastCast: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "(" || character == "[" {
                depth += 1
            } else if character == ")" || character == "]" {
                depth -= 1
            } else if character == ":", depth == 0, text.index(after: index) < text.endIndex, text[text.index(after: index)] == ":" {
                lastCast = text.index(index, offsetBy: 2)
                index = text.index(after: index)
            }
            index = text.index(after: index)
        }
        return lastCast.map { String(text[$0...]) }
    }

    /// True when the first `(` of `text` closes at its last character.
    func encloses(_ text: Substring) -> Bool {
        var depth = 0
        for (offset, character) in text.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0 { return offset == text.count - 1 }
            }
        }
        return false
    }

    /// pgvector's rules for hnsw and ivfflat keys, and opclass fit for every method.
    mutating func checkVectorKeys(_ declared: IndexDecl, method: Index.Method, table: Table, label: String) {
        for element in declared.elements {
            if case .column(let name) = element.key, unresolvedColumns.contains(ColumnReference(table: table.name, column: name)) {
                continue
            }
            let type = keyType(element.key, in: table)
            let keyText: String
            switch element.key {
            case .column(let name): keyText = "`\(table.name).\(name)`"
            case .expression(let sql): keyText = "expression `\(sql)`"
            }
            let opclassName = element.opclass.map { String($0.value.split(separator: ".").last ?? "") }
            if method == .hnsw || method == .ivfflat {
                guard let type else {
                    diagnostics.error(
                        ModelMessage.vectorKeyTypeUnknown(label, method: method.rawValue, key: keyText),
                        at: element.location)
                    continue
                }
                guard let kind = type.vectorKind else {
                    diagnostics.error(
                        ModelMessage.notAVectorType(label, method: method.rawValue, key: keyText, type: type.sql),
                        at: element.location)
                    continue
                }
                guard checkDimensions(kind: kind, type: type, method: method, element: element, keyText: keyText, label: label)
                else { continue }
                let fitting = PGVector.opclasses(method, kind)
                guard let opclassName else {
                    if method == .hnsw || kind != .vector {
                        diagnostics.error(
                            ModelMessage.opclassRequired(label, method: method.rawValue, kind: kind.rawValue),
                            at: declared.location,
                            notes: [Diagnostic.Note(ModelMessage.opclassRequiredNote(kind: kind.rawValue, fitting: fitting))])
                    }
                    continue
                }
                if !fitting.contains(opclassName) {
                    diagnostics.error(
                        ModelMessage.opclassDoesNotFit(
                            opclassName, key: keyText, type: type.sql, label: label, method: method.rawValue),
                        at: element.opclass!.location,
                        notes: [
                            Diagnostic.Note(
                                ModelMessage.opclassFittingNote(kind: kind.rawValue, method: method.rawValue, fitting: fitting))
                        ])
                }
            } else if let opclassName, PGVector.allOpclasses.contains(opclassName) {
                let kind = type?.vectorKind
                let fitting = kind.map { PGVector.opclasses(method, $0) } ?? []
                if !fitting.contains(opclassName) {
                    diagnostics.error(
                        ModelMessage.opclassUnknown(opclassName, method: method.rawValue, key: keyText, type: type?.sql),
                        at: element.opclass!.location, notes: [Diagnostic.Note(ModelMessage.distanceOpclassNote)])
                }
            }
        }
    }

    /// Dimension limits; false when the key cannot be indexed at all.
    mutating func checkDimensions(
        kind: VectorKind, type: ColumnType, method: Index.Method, element: IndexElementDecl, keyText: String, label: String
    ) -> Bool {
        if kind == .sparsevec && method == .ivfflat {
            diagnostics.error(
                ModelMessage.ivfflatOnSparsevec(label, key: keyText),
                at: element.location, notes: [Diagnostic.Note(ModelMessage.useHNSWForSparsevecNote)])
            return false
        }
        guard let dimensions = type.modifiers.first else {
            diagnostics.error(
                ModelMessage.vectorWithoutDimensions(label, method: method.rawValue, key: keyText, type: type.sql),
                at: element.location, notes: [Diagnostic.Note(ModelMessage.declareDimensionsNote(kind: kind.rawValue))])
            return false
        }
        guard let limit = PGVector.indexDimensionLimit(kind), dimensions > limit else { return true }
        var notes: [Diagnostic.Note] = []
        let column: String
        if case .column(let name) = element.key { column = name } else { column = "embedding" }
        let distance = element.opclass.flatMap { opclass -> String? in
            ["l2", "ip", "cosine", "l1"].first { opclass.value.hasSuffix("_\($0)_ops") }
        } ?? "cosine"
        // Qualified like the column's type, so the suggested expression does not depend on search_path.
        let halfvec = (type.schema.map { $0 + "." } ?? "") + "halfvec(\(dimensions))"
        if let declared = vectorTarget, let needed = VersionedConstruct.halfvec.extensionVersion, declared < needed {
            // Both ways out below need pgvector 0.7; the project declares it runs on less.
            notes.append(Diagnostic.Note(ModelMessage.reduceDimensionsForOldPGVectorNote(limit: limit, declared: "\(declared)")))
        } else if kind == .vector && dimensions <= 4000 {
            notes.append(
                Diagnostic.Note(
                    ModelMessage.halfvecCastNote(dimensions: dimensions, column: column, halfvec: halfvec, distance: distance)))
        } else if kind == .vector || kind == .halfvec {
            notes.append(Diagnostic.Note(ModelMessage.binaryQuantizeNote(column: column, dimensions: dimensions)))
        } else {
            notes.append(Diagnostic.Note(ModelMessage.reduceDimensionsNote))
        }
        diagnostics.error(
            ModelMessage.tooManyDimensions(
                label, method: method.rawValue, key: keyText, type: type.sql, limit: limit, kind: kind.rawValue),
            at: element.location, notes: notes)
        return false
    }
}
