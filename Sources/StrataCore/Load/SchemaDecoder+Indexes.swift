/// Decoding of `indexes:` entries.
extension SchemaDecoder {
    static let methods: [(String, Index.Method)] = Index.Method.allCases.map { ($0.rawValue, $0) }
    static let orders: [(String, IndexElement.Order)] = [("asc", .asc), ("desc", .desc)]
    static let nullsOrders: [(String, IndexElement.Nulls)] = [("first", .first), ("last", .last)]

    /// One `indexes:` entry; keys and opclasses are checked against the table later.
    mutating func decodeIndex(_ node: YAMLNode, _ table: @autoclosure () -> String) -> IndexDecl? {
        func what() -> String { "an index of \(table())" }
        guard let fields = reader.fields(node, what(), allowed: Self.indexKeys) else { return nil }
        var index = IndexDecl(location: node.location, elements: [])
        if let value = fields["name"] { index.name = reader.locatedString(value, "`name` of \(what())") }
        if let value = fields["columns"] {
            let items: [YAMLNode]
            if value.scalar != nil { items = [value] } else { items = reader.list(value, "`columns` of \(what())") ?? [] }
            for item in items {
                if let element = decodeIndexElement(item, what()) { index.elements.append(element) }
            }
        }
        if let value = fields["expression"], let expression = reader.expression(value, "`expression` of \(what())") {
            index.elements.append(IndexElementDecl(location: value.location, key: .expression(expression.value)))
        }
        if fields["columns"] == nil && fields["expression"] == nil {
            reader.diagnostics.error(LoadMessage.needs(what(), "`columns` or `expression`"), at: node.location)
        }
        if let value = fields["method"] {
            index.method = reader.choice(value, "`method` of \(what())", Self.methods).map { Located($0, at: value.location) }
        }
        if let value = fields["opclass"], !isNull(value) { decodeIndexOpclass(value, into: &index, what()) }
        if let value = fields["with"], !isNull(value) {
            for pair in reader.mapping(value, "`with` of \(what())") ?? [] {
                guard let parameterValue = reader.string(pair.value, "`with.\(pair.key.scalar!.value)` of \(what())") else {
                    continue
                }
                index.storageParameters.append(
                    Located(StorageParameter(key: pair.key.scalar!.value, value: parameterValue), at: pair.key.location))
            }
        }
        if let value = fields["where"] { index.predicate = reader.expression(value, "`where` of \(what())")?.value }
        if let value = fields["include"], !isNull(value) { index.include = reader.names(value, "`include` of \(what())") ?? [] }
        if let value = fields["unique"] { index.unique = reader.bool(value, "`unique` of \(what())") ?? false }
        if let value = fields["nulls_not_distinct"] {
            index.nullsNotDistinct = reader.bool(value, "`nulls_not_distinct` of \(what())") ?? false
        }
        if let value = fields["concurrently"] { index.concurrently = reader.bool(value, "`concurrently` of \(what())") }
        if let value = fields["comment"], !isNull(value) { index.comment = reader.string(value, "`comment` of \(what())") }
        return index
    }

    /// An entry of `columns`: a name, or `{ column | expression, opclass, collation, order, nulls }`.
    mutating func decodeIndexElement(_ node: YAMLNode, _ what: @autoclosure () -> String) -> IndexElementDecl? {
        if node.scalar != nil {
            guard let name = reader.string(node, "an entry of `columns` of \(what())") else { return nil }
            return IndexElementDecl(location: node.location, key: .column(name))
        }
        guard let fields = reader.fields(node, "an entry of `columns` of \(what())", allowed: Self.indexElementKeys)
        else { return nil }
        var key: IndexElement.Key?
        switch (fields["column"], fields["expression"]) {
        case (let column?, nil):
            key = reader.string(column, "`column` of an index entry").map { .column($0) }
        case (nil, let expression?):
            key = reader.expression(expression, "`expression` of an index entry").map { .expression($0.value) }
        case (.some, .some):
            reader.diagnostics.error(LoadMessage.indexEntryHasBoth, at: node.location)
        case (nil, nil):
            reader.diagnostics.error(LoadMessage.indexEntryNeedsOne, at: node.location)
        }
        guard let key else { return nil }
        var element = IndexElementDecl(location: node.location, key: key)
        if let value = fields["opclass"], !isNull(value) { element.opclass = reader.locatedString(value, "`opclass` of an index entry") }
        if let value = fields["collation"], !isNull(value) { element.collation = reader.string(value, "`collation` of an index entry") }
        if let value = fields["order"] { element.order = reader.choice(value, "`order` of an index entry", Self.orders) }
        if let value = fields["nulls"] { element.nulls = reader.choice(value, "`nulls` of an index entry", Self.nullsOrders) }
        return element
    }

    /// `opclass: x` (for a one-key index) or `opclass: { column: x }`.
    mutating func decodeIndexOpclass(_ node: YAMLNode, into index: inout IndexDecl, _ what: @autoclosure () -> String) {
        if let scalar = node.scalar {
            guard index.elements.count == 1 else {
                reader.diagnostics.error(
                    LoadMessage.ambiguousOpclass(what(), keys: index.elements.count), at: node.location)
                return
            }
            if index.elements[0].opclass == nil { index.elements[0].opclass = Located(scalar.value, at: node.location) }
            return
        }
        for pair in reader.mapping(node, "`opclass` of \(what()) (one name, or column → opclass)") ?? [] {
            let column = pair.key.scalar!.value
            guard let opclass = reader.locatedString(pair.value, "the opclass of `\(column)`") else { continue }
            guard let position = index.elements.firstIndex(where: { $0.key == .column(column) }) else {
                let columns = index.elements.compactMap { element -> String? in
                    if case .column(let name) = element.key { return name }
                    return nil
                }
                let notes = Suggestion.note(for: column, in: columns).map { [$0] } ?? []
                reader.diagnostics.error(
                    LoadMessage.opclassForNonKey(column, of: what()), at: pair.key.location, notes: notes)
                continue
            }
            index.elements[position].opclass = opclass
        }
    }
}
