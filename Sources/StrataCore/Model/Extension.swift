/// `CREATE EXTENSION IF NOT EXISTS name WITH SCHEMA schema`. Never dropped by strata.
public struct Extension: Codable, Hashable, Sendable {
    public var name: String
    /// Where its types and operator classes live (`public` for pgvector by default).
    public var schema: String

    public init(name: String, schema: String = "public") {
        self.name = name
        self.schema = schema
    }
}
