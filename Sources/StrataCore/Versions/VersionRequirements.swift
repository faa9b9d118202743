/// What a revision's up script needs of the server, as `chain.json` records it (SPEC §3.2): the
/// minimum PostgreSQL major version and extension versions, each with every construct that needs
/// it and where that construct was declared. Empty when the script needs nothing beyond what
/// strata supports everywhere.
public struct VersionRequirements: Codable, Hashable, Sendable {
    public var postgres: PostgresRequirement?
    /// In name order.
    public var extensions: [ExtensionRequirement]

    public init(postgres: PostgresRequirement? = nil, extensions: [ExtensionRequirement] = []) {
        self.postgres = postgres
        self.extensions = extensions
    }

    public var isEmpty: Bool { postgres == nil && extensions.isEmpty }

    /// Folds `uses` (in script order; a construct used twice at one place counts once) into the
    /// minimum versions.
    public init(_ uses: [(construct: VersionedConstruct, at: String?)]) {
        self.init()
        var seen: Set<ConstructUse> = []
        for (construct, at) in uses {
            switch construct.needs {
            case .postgres(let major):
                let use = ConstructUse(construct: construct.name, version: String(major), at: at)
                guard seen.insert(use).inserted else { continue }
                var requirement = postgres ?? PostgresRequirement(version: major, needs: [])
                requirement.version = max(requirement.version, major)
                requirement.needs.append(use)
                postgres = requirement
            case .extension(let name, let version):
                let use = ConstructUse(construct: construct.name, version: version.text, at: at)
                guard seen.insert(use).inserted else { continue }
                if let index = extensions.firstIndex(where: { $0.name == name }) {
                    if let current = ExtensionVersion(extensions[index].version), current < version {
                        extensions[index].version = version.text
                    }
                    extensions[index].needs.append(use)
                } else {
                    extensions.append(ExtensionRequirement(name: name, version: version.text, needs: [use]))
                }
            }
        }
        extensions.sort { $0.name < $1.name }
    }

    /// Every use with the version it needs, PostgreSQL's first.
    public var uses: [(needs: RequiredVersion, use: ConstructUse)] {
        var result: [(RequiredVersion, ConstructUse)] = []
        for use in postgres?.needs ?? [] {
            if let major = Int(use.version) { result.append((.postgres(major), use)) }
        }
        for requirement in extensions {
            for use in requirement.needs {
                if let version = ExtensionVersion(use.version) {
                    result.append((.extension(name: requirement.name, version: version), use))
                }
            }
        }
        return result
    }

    /// The fields the chain hash covers, in a fixed order (`ChainHash`).
    public var hashFields: [String] {
        var fields: [String] = []
        func add(_ needs: [ConstructUse]) {
            fields.append(String(needs.count))
            for use in needs { fields += [use.construct, use.version, use.at ?? ""] }
        }
        fields += ["postgres", postgres.map { String($0.version) } ?? ""]
        add(postgres?.needs ?? [])
        for requirement in extensions {
            fields += ["extension", requirement.name, requirement.version]
            add(requirement.needs)
        }
        return fields
    }
}

public struct PostgresRequirement: Codable, Hashable, Sendable {
    /// The major version.
    public var version: Int
    public var needs: [ConstructUse]

    public init(version: Int, needs: [ConstructUse]) {
        self.version = version
        self.needs = needs
    }
}

public struct ExtensionRequirement: Codable, Hashable, Sendable {
    /// The extension's name (`vector`).
    public var name: String
    /// Dotted, compared numerically (`ExtensionVersion`).
    public var version: String
    public var needs: [ConstructUse]

    public init(name: String, version: String, needs: [ConstructUse]) {
        self.name = name
        self.version = version
        self.needs = needs
    }
}

/// One construct that needs a version, and where: `file:line` of the YAML that declared it (its path
/// relative to the schema directory), or of the script statement a scan found it in.
public struct ConstructUse: Codable, Hashable, Sendable {
    public var construct: String
    /// The version it needs (`15`, `0.7`).
    public var version: String
    public var at: String?

    public init(construct: String, version: String, at: String?) {
        self.construct = construct
        self.version = version
        self.at = at
    }

    /// `halfvec (tables/knowledge.yaml:31)`.
    public var described: String { at.map { "\(construct) (\($0))" } ?? construct }
}
