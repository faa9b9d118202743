/// A sequence of the managed schema, declared under `sequences:` or implied by `serial`.
public struct SequenceDefinition: Hashable, Sendable {
    public var name: String
    /// `smallint`, `integer` or `bigint`; nil means PostgreSQL's default (`bigint`).
    public var dataType: String?
    public var options: SequenceOptions
    public var ownedBy: ColumnReference?
    public var comment: String?
    public var origin = Origin()

    public init(
        name: String, dataType: String? = nil, options: SequenceOptions = SequenceOptions(),
        ownedBy: ColumnReference? = nil, comment: String? = nil, origin: Origin = Origin()
    ) {
        self.name = name
        self.dataType = dataType
        self.options = options
        self.ownedBy = ownedBy
        self.comment = comment
        self.origin = origin
    }
}

// A snapshot records the options beside the name, as `CREATE SEQUENCE` writes them: one flat object.
extension SequenceDefinition: Codable {
    enum CodingKeys: String, CodingKey { case name, dataType, ownedBy, comment }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            dataType: try container.decodeIfPresent(String.self, forKey: .dataType),
            options: try SequenceOptions(from: decoder),
            ownedBy: try container.decodeIfPresent(ColumnReference.self, forKey: .ownedBy),
            comment: try container.decodeIfPresent(String.self, forKey: .comment))
    }

    public func encode(to encoder: any Encoder) throws {
        try options.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(dataType, forKey: .dataType)
        try container.encodeIfPresent(ownedBy, forKey: .ownedBy)
        try container.encodeIfPresent(comment, forKey: .comment)
    }
}

/// `table.column` inside the managed schema.
public struct ColumnReference: Codable, Hashable, Sendable {
    public var table: String
    public var column: String

    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}
