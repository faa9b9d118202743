import StrataBundle
import StrataCore

/// `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] [schema.]table`: the index a
/// concurrent build creates, so a retry can drop the INVALID index a failed build left behind.
/// nil for any other statement, or when the index has no name (PostgreSQL picks one).
public struct ConcurrentIndexBuild: Hashable, Sendable {
    /// The schema of the table (an index always lives beside its table); nil when unqualified.
    public var schema: String?
    public var name: String
    /// The table the index is built on, as written.
    public var table: String

    public init?(statement text: String) {
        var tokens = Array(SQLLexer(text).prefix(16))[...]
        func take(_ keyword: String) -> Bool {
            guard tokens.first?.isKeyword(keyword) == true else { return false }
            tokens.removeFirst()
            return true
        }
        guard take("create") else { return nil }
        _ = take("unique")
        guard take("index"), take("concurrently") else { return nil }
        if tokens.first?.isKeyword("if") == true {
            guard take("if"), take("not"), take("exists") else { return nil }
        }
        guard let first = tokens.first, !first.isKeyword("on"), let name = first.identifier else { return nil }
        tokens.removeFirst()
        guard take("on") else { return nil }
        _ = take("only")
        guard let tablePart = tokens.popFirst()?.identifier else { return nil }
        if tokens.first == .punctuation("."), tokens.count >= 2 {
            self.schema = tablePart
            tokens.removeFirst()
            guard let table = tokens.popFirst()?.identifier else { return nil }
            self.table = table
        } else {
            self.schema = nil
            self.table = tablePart
        }
        self.name = name
    }
}
