/// `CREATE TYPE schema.name AS ENUM (...)`; labels in declared order.
public struct EnumType: Codable, Hashable, Sendable {
    public var name: String
    public var values: [String]
    public var comment: String?
    public var origin = Origin()

    enum CodingKeys: String, CodingKey { case name, values, comment }

    public init(name: String, values: [String], comment: String? = nil, origin: Origin = Origin()) {
        self.name = name
        self.values = values
        self.comment = comment
        self.origin = origin
    }
}
