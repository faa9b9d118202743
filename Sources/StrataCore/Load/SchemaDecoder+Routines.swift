/// Decoding of `functions:`: name → a mapping, or a list of mappings (overloads).
extension SchemaDecoder {
    static let routineKeys = [
        "kind", "args", "returns", "language", "volatility", "strict", "security", "parallel", "set", "comment",
        "body", "atomic", "renamed_from",
    ]
    static let argumentKeys = ["name", "type", "default", "mode"]
    static let returnsKeys = ["table", "setof"]
    static let returnColumnKeys = ["name", "type"]

    /// Every routine declared under one name: one for a mapping, one per item for a list.
    mutating func decodeRoutines(_ pair: YAMLNode.Pair) -> [RoutineDecl] {
        let routineName = name(pair)
        if case .sequence(let items) = pair.value.content {
            return items.enumerated().compactMap { position, item in
                decodeRoutine(item, name: routineName, what: "overload \(position + 1) of function `\(routineName.value)`")
            }
        }
        return decodeRoutine(pair.value, name: routineName, what: "function `\(routineName.value)`").map { [$0] } ?? []
    }

    mutating func decodeRoutine(_ node: YAMLNode, name routineName: Located<String>, what: String) -> RoutineDecl? {
        guard let fields = reader.fields(node, what + " (a mapping, or a list of mappings for overloads)", allowed: Self.routineKeys)
        else { return nil }
        var decl = RoutineDecl(name: routineName, location: node.location)
        if let value = fields["kind"] {
            decl.kind = reader.choice(value, "`kind` of \(what)", [("function", Routine.Kind.function), ("procedure", .procedure)])
        }
        if let value = fields["args"], !isNull(value) {
            for item in reader.list(value, "`args` of \(what)") ?? [] {
                if let argument = decodeArgument(item, what) { decl.arguments.append(argument) }
            }
        }
        if let value = fields["returns"], !isNull(value) { decl.returns = decodeReturns(value, what) }
        if let value = fields["language"] { decl.language = reader.locatedString(value, "`language` of \(what)") }
        if let value = fields["volatility"] {
            decl.volatility = reader.choice(
                value, "`volatility` of \(what)",
                [("volatile", Routine.Volatility.volatile), ("stable", .stable), ("immutable", .immutable)])
        }
        if let value = fields["strict"] { decl.strict = reader.bool(value, "`strict` of \(what)") }
        if let value = fields["security"] {
            decl.security = reader.choice(
                value, "`security` of \(what)", [("invoker", Routine.Security.invoker), ("definer", .definer)])
        }
        if let value = fields["parallel"] {
            decl.parallel = reader.choice(
                value, "`parallel` of \(what)",
                [("unsafe", Routine.Parallel.unsafe), ("restricted", .restricted), ("safe", .safe)])
        }
        if let value = fields["set"], !isNull(value) {
            for setting in reader.mapping(value, "`set` of \(what) (setting → value)") ?? [] {
                let settingName = name(setting)
                guard let text = reader.string(setting.value, "the value of `set.\(settingName.value)` of \(what)") else { continue }
                decl.settings.append((settingName, Located(text, at: setting.value.location)))
            }
        }
        if let value = fields["comment"], !isNull(value) { decl.comment = reader.string(value, "`comment` of \(what)") }
        if let value = fields["renamed_from"] { decl.renamedFrom = reader.string(value, "`renamed_from` of \(what)") }
        if let value = fields["body"] { decl.body = reader.locatedString(value, "`body` of \(what)") }
        if let value = fields["atomic"] {
            decl.atomicBody = reader.locatedString(value, "`atomic` of \(what) (the statements of a BEGIN ATOMIC body)")
        }
        if fields["body"] == nil && fields["atomic"] == nil {
            reader.diagnostics.error(
                "\(what) needs a `body` (its source, stored verbatim) or `atomic` (a BEGIN ATOMIC body)", at: routineName.location)
        } else if let atomic = fields["atomic"], fields["body"] != nil {
            reader.diagnostics.error("\(what) has both `body` and `atomic`; keep one", at: atomic.location)
        }
        return decl
    }

    /// `{ name, type, default, mode }`; `type` alone may be written as a plain string.
    mutating func decodeArgument(_ node: YAMLNode, _ what: String) -> RoutineArgumentDecl? {
        if let scalar = node.scalar, !scalar.isNull {
            return RoutineArgumentDecl(location: node.location, type: Located(scalar.value, at: node.location))
        }
        guard let fields = reader.fields(node, "an argument of \(what)", allowed: Self.argumentKeys) else { return nil }
        guard let typeNode = fields["type"], let type = reader.locatedString(typeNode, "the `type` of an argument of \(what)") else {
            if fields["type"] == nil { reader.diagnostics.error("an argument of \(what) needs a `type`", at: node.location) }
            return nil
        }
        var argument = RoutineArgumentDecl(location: node.location, type: type)
        if let value = fields["name"] { argument.name = reader.locatedString(value, "the `name` of an argument of \(what)") }
        if let value = fields["default"], !isNull(value) {
            argument.defaultExpression = reader.expression(value, "the `default` of an argument of \(what)")
        }
        if let value = fields["mode"] {
            argument.mode = reader.choice(
                value, "the `mode` of an argument of \(what)",
                [("in", RoutineArgument.Mode.in), ("out", .out), ("inout", .inout), ("variadic", .variadic)])
                ?? .in
        }
        return argument
    }

    /// A type (`integer`, `trigger`, `setof T`), `{ setof: T }` or `{ table: [ { name, type } ] }`.
    mutating func decodeReturns(_ node: YAMLNode, _ what: String) -> RoutineReturnDecl? {
        if let scalar = node.scalar, !scalar.isNull {
            let words = scalar.value.split(separator: " ", maxSplits: 1)
            if words.count == 2, words[0].lowercased() == "setof" {
                return .setof(Located(String(words[1]), at: node.location))
            }
            return .type(Located(scalar.value, at: node.location))
        }
        guard let fields = reader.fields(node, "`returns` of \(what) (a type, `setof T` or `{ table: [...] }`)", allowed: Self.returnsKeys)
        else { return nil }
        if let value = fields["setof"] {
            return reader.locatedString(value, "`returns.setof` of \(what)").map { .setof($0) }
        }
        guard let value = fields["table"] else {
            reader.diagnostics.error("`returns` of \(what) needs `table` or `setof`", at: node.location)
            return nil
        }
        var columns: [(name: Located<String>, type: Located<String>)] = []
        for item in reader.list(value, "`returns.table` of \(what)") ?? [] {
            guard let column = reader.fields(item, "a `returns.table` column of \(what)", allowed: Self.returnColumnKeys)
            else { continue }
            guard let nameNode = column["name"], let typeNode = column["type"] else {
                reader.diagnostics.error("a `returns.table` column of \(what) needs `name` and `type`", at: item.location)
                continue
            }
            guard let columnName = reader.locatedString(nameNode, "the `name` of a `returns.table` column of \(what)"),
                let type = reader.locatedString(typeNode, "the `type` of a `returns.table` column of \(what)")
            else { continue }
            columns.append((columnName, type))
        }
        return .table(columns, location: value.location)
    }
}

/// A `functions:` entry (one overload), as written.
struct RoutineDecl: Hashable, Sendable {
    var name: Located<String>
    var location: SourceLocation
    var kind: Routine.Kind?
    var arguments: [RoutineArgumentDecl] = []
    var returns: RoutineReturnDecl?
    var language: Located<String>?
    var volatility: Routine.Volatility?
    var strict: Bool?
    var security: Routine.Security?
    var parallel: Routine.Parallel?
    var settings: [(name: Located<String>, value: Located<String>)] = []
    var comment: String?
    var renamedFrom: String?
    var body: Located<String>?
    var atomicBody: Located<String>?

    init(name: Located<String>, location: SourceLocation) {
        self.name = name
        self.location = location
    }

    static func == (lhs: RoutineDecl, rhs: RoutineDecl) -> Bool {
        lhs.name == rhs.name && lhs.location == rhs.location
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(location)
    }
}

struct RoutineArgumentDecl: Hashable, Sendable {
    var location: SourceLocation
    var name: Located<String>?
    var type: Located<String>
    var mode = RoutineArgument.Mode.in
    var defaultExpression: Located<String>?

    init(location: SourceLocation, type: Located<String>) {
        self.location = location
        self.type = type
    }
}

enum RoutineReturnDecl: Hashable, Sendable {
    case type(Located<String>)
    case setof(Located<String>)
    case table([(name: Located<String>, type: Located<String>)], location: SourceLocation)

    static func == (lhs: RoutineReturnDecl, rhs: RoutineReturnDecl) -> Bool {
        switch (lhs, rhs) {
        case (.type(let a), .type(let b)), (.setof(let a), .setof(let b)): return a == b
        case (.table(_, let a), .table(_, let b)): return a == b
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .type(let type), .setof(let type): hasher.combine(type)
        case .table(_, let location): hasher.combine(location)
        }
    }
}
