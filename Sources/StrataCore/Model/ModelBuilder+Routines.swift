/// Functions and procedures: types resolved as in tables, shapes PostgreSQL would refuse
/// reported at compile time, and the lints of SPEC §3.1 as located warnings.
extension ModelBuilder {
    /// Types a routine may take or return that no column can have.
    static let pseudoTypes: Set<String> = [
        "trigger", "event_trigger", "void", "record", "anyelement", "anyarray", "anynonarray", "anyenum", "anyrange",
        "anymultirange", "anycompatible", "anycompatiblearray", "anycompatiblenonarray", "anycompatiblerange",
        "anycompatiblemultirange", "internal", "cstring",
    ]
    /// pgvector's distance operators: a body using them unqualified depends on the caller's path.
    static let vectorOperators = ["<=>", "<->", "<#>", "<+>", "<~>", "<%>"]

    mutating func buildRoutines(_ files: [SchemaFile]) -> [Routine] {
        var result: [Routine] = []
        var seen: [RoutineIdentity: SourceLocation] = [:]
        for file in files {
            for declared in file.routines {
                guard let routine = buildRoutine(declared) else { continue }
                if let first = seen[routine.identity] {
                    duplicate("\(routine.kind.rawValue) `\(routine.identity)`", at: declared.location, first: first)
                    continue
                }
                seen[routine.identity] = declared.location
                lintRoutine(routine, declared)
                result.append(routine)
            }
        }
        return result
    }

    mutating func buildRoutine(_ declared: RoutineDecl) -> Routine? {
        let kind = declared.kind ?? .function
        let what = "\(kind.rawValue) `\(declared.name.value)`"
        checkLength(declared.name, what: "\(kind.rawValue) name")
        var failed = false
        var arguments: [RoutineArgument] = []
        var sawDefault = false
        for argument in declared.arguments {
            guard let type = routineType(argument.type, what: "argument type of \(what)") else {
                failed = true
                continue
            }
            if let name = argument.name { checkLength(name, what: "argument name") }
            let isInput = argument.mode != .out
            if isInput, argument.defaultExpression == nil, sawDefault {
                diagnostics.error(
                    "argument \(argument.name.map { "`\($0.value)` " } ?? "")of \(what) has no `default`, but an earlier one has; PostgreSQL requires every input argument after one with a default to have one too",
                    at: argument.location)
                failed = true
            }
            if argument.defaultExpression != nil {
                if !isInput {
                    diagnostics.error("an OUT argument of \(what) cannot have a `default`", at: argument.defaultExpression!.location)
                    failed = true
                }
                sawDefault = true
            }
            arguments.append(
                RoutineArgument(
                    name: argument.name?.value, type: type, mode: argument.mode,
                    defaultExpression: argument.defaultExpression?.value))
        }
        var returns: RoutineReturn?
        switch declared.returns {
        case nil:
            if kind == .function {
                diagnostics.error(
                    "\(what) needs `returns`: a type (`integer`, `trigger`, `void`), `setof T`, or `{ table: [ { name, type } ] }`",
                    at: declared.name.location)
                failed = true
            }
        case .type(let text)?:
            if let type = routineType(text, what: "return type of \(what)") { returns = .type(type) } else { failed = true }
        case .setof(let text)?:
            if let type = routineType(text, what: "return type of \(what)") { returns = .setof(type) } else { failed = true }
        case .table(let columns, let location)?:
            if columns.isEmpty {
                diagnostics.error("`returns.table` of \(what) lists no columns", at: location)
                failed = true
            }
            var resolved: [RoutineColumn] = []
            for column in columns {
                checkLength(column.name, what: "column name")
                if let type = routineType(column.type, what: "type of column `\(column.name.value)` returned by \(what)") {
                    resolved.append(RoutineColumn(name: column.name.value, type: type))
                } else {
                    failed = true
                }
            }
            if arguments.contains(where: { $0.mode == .out || $0.mode == .inout }) {
                diagnostics.error(
                    "\(what) has OUT or INOUT arguments and `returns: { table: ... }`; PostgreSQL accepts only one of them",
                    at: location)
                failed = true
            }
            returns = .table(resolved)
        }
        if kind == .procedure, declared.returns != nil {
            diagnostics.error(
                "\(what) cannot have `returns`; use OUT or INOUT arguments, or make it a function",
                at: declared.name.location)
            failed = true
        }
        let atomic = declared.atomicBody != nil
        var language = declared.language?.value.lowercased() ?? (atomic ? "sql" : "")
        if language.isEmpty {
            diagnostics.error("\(what) needs `language`: `plpgsql` or `sql`", at: declared.name.location)
            failed = true
            language = "sql"
        } else if language != "plpgsql" && language != "sql" {
            let notes = Suggestion.note(for: language, in: ["plpgsql", "sql"]).map { [$0] } ?? []
            diagnostics.error(
                "unknown value `\(declared.language?.value ?? language)` for `language` of \(what); expected one of `plpgsql`, `sql`",
                at: declared.language?.location, notes: notes)
            failed = true
        } else if atomic && language != "sql" {
            diagnostics.error(
                "\(what) has an `atomic` body, which only `language: sql` takes", at: declared.language?.location)
            failed = true
        }
        var settings: [RoutineSetting] = []
        var settingNames: [String: SourceLocation] = [:]
        for (name, value) in declared.settings {
            let key = name.value.lowercased()
            if let first = settingNames[key] {
                duplicate("setting `\(key)` of \(what)", at: name.location, first: first)
                continue
            }
            settingNames[key] = name.location
            settings.append(RoutineSetting(name: key, value: value.value))
        }
        settings.sort { $0.name < $1.name }
        let body = declared.atomicBody ?? declared.body
        if let body, body.value.allSatisfy(\.isWhitespace) {
            diagnostics.error("the body of \(what) is empty", at: body.location)
            failed = true
        }
        guard !failed, let body else { return nil }
        return Routine(
            name: declared.name.value, kind: kind, arguments: arguments, returns: returns, language: language,
            volatility: declared.volatility ?? .volatile, strict: declared.strict ?? false,
            security: declared.security ?? .invoker, parallel: declared.parallel ?? .unsafe, settings: settings,
            comment: declared.comment, body: body.value, atomic: atomic,
            origin: Origin(location: declared.name.location, renamedFrom: declared.renamedFrom))
    }

    /// A routine's argument or result type: a pseudo-type, a managed table's row type, or any
    /// column type (qualified as in tables).
    mutating func routineType(_ text: Located<String>, what: String) -> ColumnType? {
        let trimmed = foldWhitespace(text.value)
        if Self.pseudoTypes.contains(trimmed.lowercased()) { return ColumnType(name: trimmed.lowercased()) }
        if tableDecls[trimmed] != nil { return ColumnType(schema: schemaName, name: trimmed) }
        switch parsedType(trimmed) {
        case .success(let parsed):
            if parsed.isSerial {
                diagnostics.error("\(what): `\(trimmed)` is not a type but a column shorthand; use integer or bigint", at: text.location)
                return nil
            }
            return parsed.type
        case .failure(let error):
            var notes: [Diagnostic.Note] = []
            if !error.suggestions.isEmpty {
                notes.append(Diagnostic.Note("did you mean " + error.suggestions.map { "`\($0)`" }.joined(separator: " or ") + "?"))
            }
            diagnostics.error("\(what): \(error.message)", at: text.location, notes: notes)
            return nil
        }
    }

    /// The warnings of SPEC §3.1 for one routine.
    mutating func lintRoutine(_ routine: Routine, _ declared: RoutineDecl) {
        let what = "\(routine.kind.rawValue) `\(routine.identity)`"
        let pinned = routine.settings.contains { $0.name == "search_path" }
        if routine.security == .definer && !pinned {
            diagnostics.emit(
                .warning(
                    "\(what) is `security: definer` without a pinned search_path: a caller can put its own objects first on the path and run them with the owner's rights",
                    at: declared.name.location,
                    notes: [.init("add `set: { search_path: \"\(schemaName), pg_temp\" }` (pg_temp last)")]))
        }
        if !pinned && !routine.atomic {
            var unqualified: [String] = []
            if context.extensionSchemas["vector"] != nil {
                for type in VectorKind.allCases where type != .bit && mentionsUnqualified(routine.body, type.rawValue) {
                    unqualified.append("`\(type.rawValue)`")
                }
                for op in Self.vectorOperators where routine.body.contains(op) { unqualified.append("`\(op)`") }
            }
            for table in tableDecls.keys.sorted() where mentionsUnqualified(routine.body, table) {
                unqualified.append("table `\(table)`")
            }
            if !unqualified.isEmpty {
                diagnostics.emit(
                    .warning(
                        "the body of \(what) uses \(unqualified.joined(separator: ", ")) unqualified with no pinned search_path: the names resolve at call time, from the caller's path",
                        at: (declared.body ?? declared.atomicBody)?.location ?? declared.name.location,
                        notes: [.init("add `set: { search_path: \"\(schemaName), public, pg_temp\" }`, or qualify the names")]))
            }
        }
        for (argument, written) in zip(routine.arguments, declared.arguments) where !argument.type.modifiers.isEmpty {
            diagnostics.emit(
                .warning(
                    "the type `\(written.type.value)` of an argument of \(what) has a modifier, which PostgreSQL drops: the argument is `\(argument.type.withoutModifiers.sql)`",
                    at: written.type.location))
        }
    }

    /// Whether `text` names `name` other than after a `.` (a qualifier), read with the SQL lexer:
    /// a string literal or a comment does not count.
    func mentionsUnqualified(_ text: String, _ name: String) -> Bool {
        let folded = name.lowercased()
        var previous: SQLToken?
        for token in SQLLexer(text) {
            if token.identifier?.lowercased() == folded, previous != .punctuation(".") { return true }
            previous = token
        }
        return false
    }
}
