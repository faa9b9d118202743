/// Decodes one composed YAML file into a `SchemaFile`, reporting unknown keys (with "did you
/// mean") and wrong YAML types. It checks shapes only; names and references are `buildModel`'s.
struct SchemaDecoder {
    var reader = NodeReader()
    /// Set when the file's top level is not a mapping: nothing in it can be trusted.
    var rootIsInvalid = false

    static let topLevelKeys = ["schema", "enums", "sequences", "tables", "functions"]
    static let schemaKeys = ["name", "extensions", "version_table", "comment", "online", "postgres"]
    static let extensionKeys = ["name", "schema", "version"]
    static let enumKeys = ["values", "comment", "renamed_from"]
    static let sequenceKeys = ["as", "start", "increment", "min", "max", "cache", "cycle", "owned_by", "comment", "renamed_from"]

    /// Decodes `root`; the diagnostics land in `reader.diagnostics`. `streamedTables` are the
    /// root's `tables` entries already decoded while composing (the root then holds an empty
    /// mapping for them).
    mutating func decode(_ root: YAMLNode, path: String, streamedTables: StreamedTables? = nil) -> SchemaFile {
        var file = SchemaFile(path: path)
        guard case .mapping = root.content else {
            reader.diagnostics.error(LoadMessage.topLevel(found: root.kindDescription), at: root.location)
            rootIsInvalid = true
            return file
        }
        guard let fields = reader.fields(root, "the top level of a schema file", allowed: Self.topLevelKeys) else { return file }
        if let node = fields["schema"] { file.settings = decodeSettings(node, keyLocation: fields.keyLocation("schema")!) }
        if let node = fields["enums"], !isNull(node) {
            for pair in reader.mapping(node, "`enums`") ?? [] {
                if let decl = decodeEnum(pair) { file.enums.append(decl) }
            }
        }
        if let node = fields["sequences"], !isNull(node) {
            for pair in reader.mapping(node, "`sequences`") ?? [] {
                if let decl = decodeSequence(pair) { file.sequences.append(decl) }
            }
        }
        if let node = fields["functions"], !isNull(node) {
            for pair in reader.mapping(node, "`functions`") ?? [] { file.routines += decodeRoutines(pair) }
        }
        if let streamedTables {
            file.tables = streamedTables.tables
            reader.diagnostics.merge(streamedTables.diagnostics)
        } else if let node = fields["tables"], !isNull(node) {
            for pair in reader.mapping(node, "`tables`") ?? [] {
                if let decl = decodeTable(pair) { file.tables.append(decl) }
            }
        }
        return file
    }

    /// A plain `null`, `~` or empty value.
    func isNull(_ node: YAMLNode) -> Bool { node.scalar?.isNull == true }

    /// The name a mapping key gives to its entry.
    func name(_ pair: YAMLNode.Pair) -> Located<String> {
        Located(pair.key.scalar?.value ?? "", at: pair.key.location)
    }

    /// The `schema:` block; `extensions` entries are a name or `{ name, schema }`.
    mutating func decodeSettings(_ node: YAMLNode, keyLocation: SourceLocation) -> SchemaSettingsDecl {
        var settings = SchemaSettingsDecl(location: keyLocation)
        guard let fields = reader.fields(node, "`schema`", allowed: Self.schemaKeys) else { return settings }
        if let value = fields["name"] {
            settings.name = reader.locatedString(value, "`schema.name`")
        } else {
            reader.diagnostics.error(LoadMessage.schemaNeedsName, at: keyLocation)
        }
        if let value = fields["version_table"] { settings.versionTable = reader.locatedString(value, "`schema.version_table`") }
        if let value = fields["comment"], !isNull(value) { settings.comment = reader.string(value, "`schema.comment`") }
        if let value = fields["online"] { settings.online = reader.bool(value, "`schema.online`") ?? true }
        if let value = fields["postgres"] { settings.postgres = decodePostgresVersion(value) }
        if let value = fields["extensions"], !isNull(value) {
            for item in reader.list(value, "`schema.extensions`") ?? [] {
                if let scalar = item.scalar, !scalar.isNull {
                    settings.extensions.append(ExtensionDecl(name: Located(scalar.value, at: item.location)))
                    continue
                }
                guard let ext = reader.fields(item, "an extension", allowed: Self.extensionKeys) else { continue }
                guard let nameNode = ext["name"] else {
                    reader.diagnostics.error(LoadMessage.extensionNeedsName, at: item.location)
                    continue
                }
                guard let extName = reader.locatedString(nameNode, "the extension's `name`") else { continue }
                let schema = ext["schema"].flatMap { reader.locatedString($0, "the extension's `schema`") }
                let version = ext["version"].flatMap { decodeExtensionVersion($0, of: extName.value) }
                settings.extensions.append(ExtensionDecl(name: extName, schema: schema, version: version))
            }
        }
        return settings
    }

    /// `postgres: 16`: a major version strata supports.
    mutating func decodePostgresVersion(_ node: YAMLNode) -> Located<Int>? {
        guard let scalar = node.scalar, let major = Int(scalar.value) else {
            reader.diagnostics.error(
                LoadMessage.expected(
                    "a PostgreSQL major version such as 16", for: "`schema.postgres`",
                    found: node.scalar.map { "`\($0.value)`" } ?? node.kindDescription),
                at: node.location)
            return nil
        }
        guard major >= VersionTargets.oldestPostgres else {
            reader.diagnostics.error(
                LoadMessage.postgresTooOld(major), at: node.location)
            return nil
        }
        return Located(major, at: node.location)
    }

    /// An extension's `version: "0.6.2"`: digits and dots, compared numerically.
    mutating func decodeExtensionVersion(_ node: YAMLNode, of name: String) -> Located<ExtensionVersion>? {
        guard let text = reader.string(node, "the `version` of extension `\(name)`") else { return nil }
        guard let version = ExtensionVersion(text), text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            !text.hasSuffix("."), !text.contains("..")
        else {
            reader.diagnostics.error(
                LoadMessage.expected(
                    "a dotted version such as \"0.6.2\"", for: "the `version` of extension `\(name)`", found: "`\(text)`"),
                at: node.location)
            return nil
        }
        if name == "vector" && version < VersionTargets.oldestPGVector {
            reader.diagnostics.error(
                LoadMessage.pgvectorTooOld(text), at: node.location)
            return nil
        }
        return Located(version, at: node.location)
    }

    /// An enum: a list of labels, or `{ values, comment, renamed_from }`.
    mutating func decodeEnum(_ pair: YAMLNode.Pair) -> EnumDecl? {
        let enumName = name(pair)
        let what = "enum `\(enumName.value)`"
        if case .sequence = pair.value.content {
            return EnumDecl(name: enumName, values: reader.names(pair.value, "the labels of \(what)") ?? [])
        }
        guard let fields = reader.fields(pair.value, what + " (a list of labels, or a mapping)", allowed: Self.enumKeys)
        else { return nil }
        var decl = EnumDecl(name: enumName, values: [])
        if let values = fields["values"] {
            decl.values = reader.names(values, "`values` of \(what)") ?? []
        } else {
            reader.diagnostics.error(LoadMessage.enumNeedsValues(what), at: pair.key.location)
        }
        if let value = fields["comment"], !isNull(value) { decl.comment = reader.string(value, "`comment` of \(what)") }
        if let value = fields["renamed_from"] { decl.renamedFrom = reader.string(value, "`renamed_from` of \(what)") }
        return decl
    }

    /// A sequence and its options; a null value means all defaults.
    mutating func decodeSequence(_ pair: YAMLNode.Pair) -> SequenceDecl? {
        let sequenceName = name(pair)
        let what = "sequence `\(sequenceName.value)`"
        var decl = SequenceDecl(name: sequenceName)
        if isNull(pair.value) { return decl }
        guard let fields = reader.fields(pair.value, what, allowed: Self.sequenceKeys) else { return nil }
        if let value = fields["as"] { decl.dataType = reader.locatedString(value, "`as` of \(what)") }
        decl.options = decodeSequenceOptions(fields) { key in "`\(key)` of \(what)" }
        if let value = fields["owned_by"], !isNull(value) { decl.ownedBy = reader.locatedString(value, "`owned_by` of \(what)") }
        if let value = fields["comment"], !isNull(value) { decl.comment = reader.string(value, "`comment` of \(what)") }
        if let value = fields["renamed_from"] { decl.renamedFrom = reader.string(value, "`renamed_from` of \(what)") }
        return decl
    }

    /// `start`, `increment`, `min`, `max`, `cache` and `cycle`, shared by sequences and identities;
    /// `label` names a key in messages.
    mutating func decodeSequenceOptions(_ fields: Fields, label: (String) -> String) -> SequenceOptions {
        var options = SequenceOptions()
        if let value = fields["start"] { options.start = reader.int64(value, label("start")) }
        if let value = fields["increment"] { options.increment = reader.int64(value, label("increment")) }
        if let value = fields["min"] { options.minValue = reader.int64(value, label("min")) }
        if let value = fields["max"] { options.maxValue = reader.int64(value, label("max")) }
        if let value = fields["cache"] { options.cache = reader.int64(value, label("cache")) }
        if let value = fields["cycle"] { options.cycle = reader.bool(value, label("cycle")) ?? false }
        return options
    }

    static let referentialActions: [(String, ReferentialAction)] = [
        ("no action", .noAction), ("restrict", .restrict), ("cascade", .cascade),
        ("set null", .setNull), ("set default", .setDefault),
    ]
}
