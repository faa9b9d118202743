/// Enums and sequences.
extension SchemaDiffer {
    mutating func diffEnums() {
        for enumType in new.enums {
            guard let before = old.enumType(named: enumType.name) else {
                steps.enums.append(.createEnum(enumType))
                if let comment = enumType.comment { steps.comments.append(.setComment(.enumType(enumType.name), comment)) }
                continue
            }
            var recreated = false
            if before.values != enumType.values {
                if !mustRecreate(before: before, after: enumType) {
                    // Only additions, old labels in their old order: ADD VALUE keeps every row.
                    // Each label goes after its predecessor, added just before if new; the first
                    // goes before the first label that exists already.
                    let firstExisting = enumType.values.first(where: before.values.contains)
                    for (position, value) in enumType.values.enumerated() where !before.values.contains(value) {
                        let place: EnumValuePosition? =
                            position > 0 ? .after(enumType.values[position - 1]) : firstExisting.map { .before($0) }
                        steps.enums.append(.addEnumValue(enumName: enumType.name, value: value, position: place))
                    }
                } else {
                    recreated = true
                    let recreation = recreation(of: enumType, before: before)
                    steps.enums.append(.recreateEnum(recreation))
                    // Dropped last: a column converted from it to another type later in the
                    // script still holds the old type until then.
                    steps.dropTypes.insert(.dropEnum(recreation.temporaryName), at: 0)
                }
            }
            if recreated ? enumType.comment != nil : before.comment != enumType.comment {
                steps.comments.append(.setComment(.enumType(enumType.name), enumType.comment))
            }
        }
        for enumType in old.enums where new.enumType(named: enumType.name) == nil {
            steps.dropTypes.append(.dropEnum(enumType.name))
        }
    }

    /// Whether going from `before` to `after` needs the enum recreated: `ADD VALUE` only appends or
    /// inserts labels, it cannot remove or reorder them.
    func mustRecreate(before: EnumType, after: EnumType) -> Bool {
        before.values != after.values && after.values.filter(before.values.contains) != before.values
    }

    /// Per surviving table, the columns converted in place to a recreated enum type (see
    /// `recreation(of:before:)`). Computed before the tables are compared: the checks and indexes
    /// that mention these columns are dropped before the conversion and created again after it.
    func enumConvertedColumns() -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for enumType in new.enums {
            guard let before = old.enumType(named: enumType.name), mustRecreate(before: before, after: enumType)
            else { continue }
            for use in columnUses(of: enumType.name) { result[use.table, default: []].insert(use.column) }
        }
        return result
    }

    /// The columns of surviving tables that hold the enum `name` before and after (and are not
    /// dropped and added again), in table then column order.
    func columnUses(of name: String) -> [EnumColumnUse] {
        var uses: [EnumColumnUse] = []
        for table in new.tables.sorted(by: { $0.name < $1.name }) where !createdTables.contains(table.name) {
            guard let oldTable = old.table(named: table.name) else { continue }
            for column in table.columns where column.type.schema == new.name && column.type.name == name {
                guard let oldColumn = oldTable.column(named: column.name), oldColumn.type == column.type,
                    !recreatedColumns[table.name, default: []].contains(column.name)
                else { continue }
                uses.append(
                    EnumColumnUse(
                        table: table.name, column: column.name, isArray: column.type.isArray,
                        hadDefault: oldColumn.defaultExpression != nil, defaultExpression: column.defaultExpression))
            }
        }
        return uses
    }

    /// The columns of surviving tables that hold `enumType` before and after, and a free name for
    /// the old type while they are converted.
    func recreation(of enumType: EnumType, before: EnumType) -> EnumRecreation {
        let uses = columnUses(of: enumType.name)
        let taken = Set(old.enums.map(\.name) + new.enums.map(\.name))
        var suffix = "_old"
        var counter = 1
        func candidate() -> String { truncatedIdentifier(enumType.name, suffix: suffix) }
        while taken.contains(candidate()) {
            counter += 1
            suffix = "_old\(counter)"
        }
        return EnumRecreation(
            name: enumType.name, temporaryName: candidate(), oldValues: before.values, newValues: enumType.values,
            columns: uses)
    }

    mutating func diffSequences(droppedTables: Set<String>) {
        func options(_ sequence: SequenceDefinition) -> SequenceDefinition {
            var sequence = sequence
            sequence.ownedBy = nil
            sequence.comment = nil
            return sequence
        }
        for sequence in new.sequences {
            if let before = old.sequence(named: sequence.name) {
                if options(before) != options(sequence) {
                    steps.sequences.append(.alterSequence(from: before, to: sequence))
                }
                if before.ownedBy != sequence.ownedBy {
                    steps.owners.append(.setSequenceOwner(sequence: sequence.name, owner: sequence.ownedBy))
                }
                if before.comment != sequence.comment {
                    steps.comments.append(.setComment(.sequence(sequence.name), sequence.comment))
                }
            } else {
                if !madeSequences.contains(sequence.name) { steps.sequences.append(.createSequence(sequence)) }
                if let owner = sequence.ownedBy {
                    steps.owners.append(.setSequenceOwner(sequence: sequence.name, owner: owner))
                }
                if let comment = sequence.comment { steps.comments.append(.setComment(.sequence(sequence.name), comment)) }
            }
        }
        for sequence in old.sequences where new.sequence(named: sequence.name) == nil && !carriedSequences.contains(sequence.name) {
            // PostgreSQL drops an owned sequence with its table or column.
            if let owner = sequence.ownedBy {
                let gone =
                    removedColumns[owner.table, default: []].union(recreatedColumns[owner.table, default: []])
                if droppedTables.contains(owner.table) || gone.contains(owner.column) { continue }
            }
            steps.dropTypes.append(.dropSequence(sequence.name))
        }
    }
}

/// `name + suffix`, with `name` shortened (on a character boundary) so the result fits in 63 bytes.
func truncatedIdentifier(_ name: String, suffix: String) -> String {
    var base = name
    while base.utf8.count + suffix.utf8.count > Identifier.maxBytes, !base.isEmpty { base.removeLast() }
    return base + suffix
}
