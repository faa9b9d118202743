import StrataBundle
import StrataCore

/// Enum values the prefix of the pending revision added: `ALTER TYPE ... ADD VALUE` runs alone
/// before its revision's transaction, so when that transaction fails (a `statement_timeout`, a
/// conflict) the value stays while the version table still says the revision before. Drift then
/// sees one more label than the snapshot it compares with; this says where it came from.
struct PendingPrefixEnumValues {
    /// The revision after the one the database is at.
    let pending: ChainEntry
    /// Enum types (unqualified, in the managed schema) its prefix adds values to.
    let types: Set<String>
    /// The enums of its snapshot, by name.
    let declaredAfter: [String: EnumType]

    /// Nil when there is no pending revision, it runs whole in its transaction, or its prefix adds
    /// no enum value (the prefix is the run of `-- strata:no-transaction` statements first).
    init?(_ context: BundleContext, position: Int) {
        guard position < context.chain.count else { return nil }
        let pending = context.chain[position]
        guard !pending.transactional,
              var stream = try? StatementStream(context: context, file: pending.up.file)
        else { return nil }
        var types: Set<String> = []
        while let statement = try? stream.nextStatement(), statement.isNonTransactional {
            if let type = Self.enumAddingValue(statement.text, schema: context.schema) { types.insert(type) }
        }
        guard !types.isEmpty, let snapshot = try? context.bundle.snapshot(of: pending) else { return nil }
        self.pending = pending
        self.types = types
        self.declaredAfter = Dictionary(snapshot.enums.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `ALTER TYPE [schema.]name ADD VALUE ...` → name, when the type is in `schema` (or unqualified).
    static func enumAddingValue(_ text: String, schema: String) -> String? {
        var tokens = Array(SQLLexer(text).prefix(12))[...]
        func take(_ keyword: String) -> Bool {
            guard tokens.first?.isKeyword(keyword) == true else { return false }
            tokens.removeFirst()
            return true
        }
        guard take("alter"), take("type"), var name = tokens.popFirst()?.identifier else { return nil }
        if tokens.first == .punctuation(".") {
            tokens.removeFirst()
            guard name == schema, let unqualified = tokens.popFirst()?.identifier else { return nil }
            name = unqualified
        }
        guard take("add"), take("value") else { return nil }
        return name
    }

    /// Notes the `labels` differences of enums whose extra live values are exactly values the
    /// pending revision declares and its prefix adds.
    func annotate(_ differences: inout [DriftDifference], declared: Schema, live: Schema) {
        for position in differences.indices where differences[position].aspect == "labels" {
            let object = differences[position].object
            let prefix = "enum \(declared.name)."
            guard object.hasPrefix(prefix) else { continue }
            let name = String(object.dropFirst(prefix.count))
            guard types.contains(name),
                  let before = declared.enums.first(where: { $0.name == name }),
                  let now = live.enums.first(where: { $0.name == name }),
                  let after = declaredAfter[name]
            else { continue }
            let added = now.values.filter { !before.values.contains($0) }
            guard !added.isEmpty, before.values.allSatisfy(now.values.contains), added.allSatisfy(after.values.contains)
            else { continue }
            let values = added.map { "'\($0)'" }.joined(separator: ", ")
            differences[position].note =
                "\(values) added by the prefix of the pending revision \(pending.id) (ALTER TYPE ... ADD VALUE runs "
                + "before its transaction and stays when that transaction rolls back); applying \(pending.id) finishes it"
        }
    }
}
