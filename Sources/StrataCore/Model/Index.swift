/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table USING method (...)`.
public struct Index: Codable, Hashable, Sendable {
    public enum Method: String, Codable, Hashable, Sendable, CaseIterable {
        case btree, hash, gin, gist, brin, hnsw, ivfflat
    }

    /// Defaults to `<table>_<cols>_idx` (`<table>_expr_idx` for expressions).
    public var name: String
    public var unique: Bool
    public var method: Method
    public var elements: [IndexElement]
    public var include: [String]
    /// Storage parameters in declared order (`m`, `ef_construction`, `lists`, `fillfactor`, ...),
    /// as PostgreSQL keeps them in `reloptions`.
    public var storageParameters: [StorageParameter]
    /// The partial-index predicate, verbatim.
    public var predicate: String?
    public var nullsNotDistinct: Bool
    /// Build with `CREATE INDEX CONCURRENTLY`, outside a transaction: true always, false never
    /// (one transaction), nil when the table already exists and the schema is online (the
    /// default). How it is built, not what it is: the differ ignores a change of this flag alone.
    public var concurrently: Bool?
    public var comment: String?
    public var origin = Origin()

    enum CodingKeys: String, CodingKey {
        case name, unique, method, elements, include, storageParameters, predicate, nullsNotDistinct,
            concurrently, comment
    }

    public init(
        name: String, unique: Bool = false, method: Method = .btree, elements: [IndexElement],
        include: [String] = [], storageParameters: [StorageParameter] = [], predicate: String? = nil,
        nullsNotDistinct: Bool = false, concurrently: Bool? = nil, comment: String? = nil,
        origin: Origin = Origin()
    ) {
        self.name = name
        self.unique = unique
        self.method = method
        self.elements = elements
        self.include = include
        self.storageParameters = storageParameters
        self.predicate = predicate
        self.nullsNotDistinct = nullsNotDistinct
        self.concurrently = concurrently
        self.comment = comment
        self.origin = origin
    }

    /// What the index is, without how it is built, its comment or the order of its storage
    /// parameters: two indexes whose definitions are equal need no rebuild between them.
    var definition: Index {
        var index = self
        index.concurrently = nil
        index.comment = nil
        index.storageParameters.sort { $0.key < $1.key }
        return index
    }
}

/// One key of an index: a column or an expression, with its options.
public struct IndexElement: Codable, Hashable, Sendable {
    public enum Key: Codable, Hashable, Sendable {
        case column(String)
        case expression(String)
    }

    public enum Order: String, Codable, Hashable, Sendable { case asc, desc }
    public enum Nulls: String, Codable, Hashable, Sendable { case first, last }

    public var key: Key
    /// Qualified with the extension's schema for pgvector operator classes.
    public var opclass: QualifiedName?
    public var collation: String?
    public var order: Order?
    public var nulls: Nulls?

    public init(
        _ key: Key, opclass: QualifiedName? = nil, collation: String? = nil, order: Order? = nil, nulls: Nulls? = nil
    ) {
        self.key = key
        self.opclass = opclass
        self.collation = collation
        self.order = order
        self.nulls = nulls
    }
}

/// `WITH (key = value)`; values are kept as written (`16`, `64`, `on`).
public struct StorageParameter: Codable, Hashable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
