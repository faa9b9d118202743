/// `schema: { postgres: 16, extensions: [ { name: vector, version: "0.6.2" } ] }`: the oldest
/// versions the project must run on (SPEC §3.2). Compile refuses, located, any construct they
/// lack. How the schema is compiled, not what it is: left out of snapshots and out of equality,
/// like `Origin`.
public struct VersionTargets: Hashable, Sendable {
    /// The PostgreSQL major version, where `postgres:` is written.
    public var postgres: (major: Int, location: SourceLocation?)?
    /// Per extension name, its version and where it is written.
    public var extensions: [String: (version: ExtensionVersion, location: SourceLocation?)] = [:]

    public init() {}

    public var isEmpty: Bool { postgres == nil && extensions.isEmpty }

    /// The declared version `needs` is compared with and where it is written, or nil when the
    /// project declares none for it.
    func target(for needs: RequiredVersion) -> (text: String, location: SourceLocation?)? {
        switch needs {
        case .postgres:
            return postgres.map { ("postgres: \($0.major)", $0.location) }
        case .extension(let name, _):
            return extensions[name].map { ("version \"\($0.version)\" of extension \(name)", $0.location) }
        }
    }

    /// True when the declared versions accept `needs` (or declare nothing for it).
    func accepts(_ needs: RequiredVersion) -> Bool {
        switch needs {
        case .postgres(let major):
            return postgres.map { $0.major >= major } ?? true
        case .extension(let name, let version):
            return extensions[name].map { $0.version >= version } ?? true
        }
    }

    public static func == (lhs: VersionTargets, rhs: VersionTargets) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    /// The oldest PostgreSQL major version strata supports (its version table uses `UNIQUE NULLS
    /// NOT DISTINCT`), and the oldest pgvector (the first with hnsw).
    public static let oldestPostgres = 15
    public static let oldestPGVector = ExtensionVersion("0.5")!
}

/// Compile's check of the declared versions: every construct the schema declares, and every
/// statement the revision emits, against `schema.targets`.
func checkVersionTargets(
    of schema: Schema, changes: [Change], alreadyReported: inout Set<String>
) -> [Diagnostic] {
    let targets = schema.targets
    guard !targets.isEmpty else { return [] }
    var collector = RequirementCollector(schema: schema, sourceRoot: "")
    for table in schema.tables { collector.add(table: table) }
    for change in changes { collector.add(change: change) }
    var diagnostics: [Diagnostic] = []
    for (construct, location) in collector.uses where !targets.accepts(construct.needs) {
        guard let target = targets.target(for: construct.needs) else { continue }
        let key = "\(construct.name)@\(location?.description ?? "")"
        guard alreadyReported.insert(key).inserted else { continue }
        diagnostics.append(
            .error(
                "\(construct.name) needs \(construct.needs.description), older than the schema block's \(target.text) allows",
                at: location,
                notes: [
                    Diagnostic.Note(
                        "the project declares it must run on \(target.text); remove this construct, or raise the declared version",
                        at: target.location)
                ]))
    }
    return diagnostics
}
