/// What a construct needs of the server: a PostgreSQL major version, or a version of an extension.
public enum RequiredVersion: Hashable, Sendable {
    case postgres(Int)
    case `extension`(name: String, version: ExtensionVersion)

    /// `PostgreSQL 15`, `pgvector 0.7`.
    public var description: String {
        switch self {
        case .postgres(let major): "PostgreSQL \(major)"
        case .extension(let name, let version): "\(ExtensionNames.display(name)) \(version)"
        }
    }
}

/// How messages name an extension: pgvector's extension is `vector`.
public enum ExtensionNames {
    public static func display(_ name: String) -> String { name == "vector" ? "pgvector" : name }
}

/// A construct strata emits (or finds in a script) that not every supported server accepts, with the
/// oldest version that does (SPEC §3.2; PG-DDL.md §8 and §1.3). One table for compile, which
/// records and checks them, and for apply and the release script, which scan the scripts of
/// revisions compiled before requirements were recorded: `RequirementScanner` recognizes each.
public struct VersionedConstruct: Hashable, Sendable {
    /// How messages and `chain.json` name it.
    public let name: String
    public let needs: RequiredVersion

    init(_ name: String, _ needs: RequiredVersion) {
        self.name = name
        self.needs = needs
    }

    /// The extension version it needs (nil for a PostgreSQL requirement).
    var extensionVersion: ExtensionVersion? {
        if case .extension(_, let version) = needs { return version }
        return nil
    }

    /// A requirement a hand-written script declares (`-- strata:requires vector 0.7`).
    public init(declaredBy name: String, _ needs: RequiredVersion) {
        self.init(name, needs)
    }

    static func pgvector(_ version: String) -> RequiredVersion {
        .extension(name: "vector", version: ExtensionVersion(version)!)
    }

    // PostgreSQL.
    public static let createOrReplaceTrigger = VersionedConstruct("CREATE OR REPLACE TRIGGER", .postgres(14))
    public static let nullsNotDistinct = VersionedConstruct("NULLS NOT DISTINCT", .postgres(15))
    public static let securityInvoker = VersionedConstruct("security_invoker view", .postgres(15))
    public static let unicodeCollation = VersionedConstruct("collation unicode", .postgres(16))
    public static let setExpression = VersionedConstruct("ALTER COLUMN ... SET EXPRESSION", .postgres(17))
    public static let builtinCUTF8 = VersionedConstruct("collation pg_c_utf8", .postgres(17))
    public static let virtualGenerated = VersionedConstruct("virtual generated column", .postgres(18))
    public static let builtinUnicodeFast = VersionedConstruct("collation pg_unicode_fast", .postgres(18))
    public static let uuidv7 = VersionedConstruct("uuidv7()", .postgres(18))
    public static let uuidv4 = VersionedConstruct("uuidv4()", .postgres(18))

    // pgvector.
    public static let hnsw = VersionedConstruct("hnsw index", pgvector("0.5"))
    public static let halfvec = VersionedConstruct("halfvec", pgvector("0.7"))
    public static let sparsevec = VersionedConstruct("sparsevec", pgvector("0.7"))
    public static let bitOpclass = VersionedConstruct("bit operator class", pgvector("0.7"))
    public static let vectorL1 = VersionedConstruct("vector_l1_ops", pgvector("0.7"))
    public static let l1Distance = VersionedConstruct("<+> (L1 distance)", pgvector("0.7"))
    public static let bitDistance = VersionedConstruct("bit distance operator", pgvector("0.7"))
    public static let binaryQuantize = VersionedConstruct("binary_quantize()", pgvector("0.7"))
    public static let subvector = VersionedConstruct("subvector()", pgvector("0.7"))

    /// Every construct of the table, oldest requirement first within each kind.
    public static let all: [VersionedConstruct] = [
        createOrReplaceTrigger, nullsNotDistinct, securityInvoker, unicodeCollation, setExpression, builtinCUTF8,
        virtualGenerated, builtinUnicodeFast, uuidv7, uuidv4, hnsw, halfvec, sparsevec, bitOpclass, vectorL1,
        l1Distance, bitDistance, binaryQuantize, subvector,
    ]
}
