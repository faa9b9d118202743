/// The whole declared state of the managed schema: what YAML says, and what a snapshot records.
///
/// Collections are kept sorted by name (tables, enums, sequences, extensions) so that equal
/// schemas encode to equal bytes; columns keep their declared order.
public struct Schema: Codable, Hashable, Sendable {
    /// The managed PostgreSQL schema, e.g. `negentropy`.
    public var name: String
    /// The bookkeeping table `apply` maintains, always inside the managed schema.
    public var versionTable: String
    public var comment: String?
    public var extensions: [Extension]
    public var enums: [EnumType]
    public var sequences: [SequenceDefinition]
    public var tables: [Table]
    /// Functions and procedures, in identity order. Snapshots written before they existed have
    /// none, and a schema without any writes no key, so those snapshots stay byte for byte.
    public var routines: [Routine] = []
    /// Build indexes and validate constraints on existing tables without blocking writes (the
    /// online patterns of SPEC §6); `online: false` in the `schema:` block keeps one transaction.
    /// How the schema is migrated, not what it is: not part of a snapshot.
    public var online = true
    /// `postgres:` and the extensions' `version:` in the `schema:` block: the oldest versions the
    /// project must run on. Not part of a snapshot either.
    public var targets = VersionTargets()

    enum CodingKeys: String, CodingKey {
        case name, versionTable, comment, extensions, enums, sequences, tables, routines
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            versionTable: try container.decode(String.self, forKey: .versionTable),
            comment: try container.decodeIfPresent(String.self, forKey: .comment),
            extensions: try container.decode([Extension].self, forKey: .extensions),
            enums: try container.decode([EnumType].self, forKey: .enums),
            sequences: try container.decode([SequenceDefinition].self, forKey: .sequences),
            tables: try container.decode([Table].self, forKey: .tables))
        routines = try container.decodeIfPresent([Routine].self, forKey: .routines) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(versionTable, forKey: .versionTable)
        try container.encodeIfPresent(comment, forKey: .comment)
        try container.encode(extensions, forKey: .extensions)
        try container.encode(enums, forKey: .enums)
        try container.encode(sequences, forKey: .sequences)
        try container.encode(tables, forKey: .tables)
        if !routines.isEmpty { try container.encode(routines, forKey: .routines) }
    }

    public init(
        name: String, versionTable: String = "strata_version", comment: String? = nil,
        extensions: [Extension] = [], enums: [EnumType] = [], sequences: [SequenceDefinition] = [], tables: [Table] = [],
        routines: [Routine] = []
    ) {
        self.routines = routines
        self.name = name
        self.versionTable = versionTable
        self.comment = comment
        self.extensions = extensions
        self.enums = enums
        self.sequences = sequences
        self.tables = tables
    }

    /// `base`: the managed schema holding nothing but the version table.
    public static func base(name: String, versionTable: String = "strata_version") -> Schema {
        Schema(name: name, versionTable: versionTable)
    }

    // Lookups compare names in place (`tables[index].name`) instead of iterating copies of whole
    // elements: the differ calls them per table, and copying every Table made a 5,000-table
    // compile spend a quarter of its time in memmove.
    ///
    /// `tables` is normally in name order (`normalizeOrder`), so a binary search finds a table in
    /// O(log n); a miss falls back to a scan, which keeps the answer right for a list that is
    /// not sorted (a schema being built or edited).
    public func table(named name: String) -> Table? {
        tableIndex(named: name).map { tables[$0] }
    }

    public func tableIndex(named name: String) -> Int? {
        var low = tables.startIndex
        var high = tables.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if tables[middle].name < name { low = middle + 1 } else { high = middle }
        }
        if low < tables.endIndex && tables[low].name == name { return low }
        for index in tables.indices where tables[index].name == name { return index }
        return nil
    }

    /// The type of `table.column`, looked up in place: `table(named:)?.column(named:)` copies the
    /// whole table, and the differ asks this for every foreign key of every table.
    public func columnType(table: String, column: String) -> ColumnType? {
        guard let index = tableIndex(named: table) else { return nil }
        for position in tables[index].columns.indices where tables[index].columns[position].name == column {
            return tables[index].columns[position].type
        }
        return nil
    }

    public func enumType(named name: String) -> EnumType? {
        for index in enums.indices where enums[index].name == name { return enums[index] }
        return nil
    }

    public func routine(_ identity: RoutineIdentity) -> Routine? {
        routines.first { $0.identity == identity }
    }

    public func sequence(named name: String) -> SequenceDefinition? {
        for index in sequences.indices where sequences[index].name == name { return sequences[index] }
        return nil
    }

    /// Puts every name-keyed collection in its canonical order.
    public mutating func normalizeOrder() {
        extensions.sortByName()
        enums.sortByName()
        sequences.sortByName()
        tables.sortByName()
        if !routines.indices.dropFirst().allSatisfy({ routines[$0 - 1].identity < routines[$0].identity }) {
            routines.sort { $0.identity < $1.identity }
        }
        for index in tables.indices where !tables[index].isInNormalOrder { tables[index].normalizeOrder() }
    }
}
