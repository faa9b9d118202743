/// `CREATE OR REPLACE FUNCTION | PROCEDURE` and `DROP ... RESTRICT`, with the body byte for byte.
extension SQLNames {
    func routineKeyword(_ routine: Routine) -> String { routine.kind == .procedure ? "PROCEDURE" : "FUNCTION" }

    /// `schema.name(type, type)`: the argument types `DROP` and `COMMENT ON` identify it by.
    func routineSignature(_ routine: Routine) -> String {
        let arguments = routine.identityArguments.map { argument in
            (argument.mode == .variadic ? "VARIADIC " : "") + argument.type.withoutModifiers.sql
        }
        return qualified(routine.name) + "(" + arguments.joined(separator: ", ") + ")"
    }

    func routineArgument(_ argument: RoutineArgument) -> String {
        var text = argument.mode == .in ? "" : argument.mode.rawValue.uppercased() + " "
        if let name = argument.name { text += ident(name) + " " }
        text += argument.type.sql
        if let expression = argument.defaultExpression { text += " DEFAULT " + expression }
        return text
    }

    func createRoutine(_ routine: Routine) -> SQLStatement {
        var lines = [
            "CREATE OR REPLACE \(routineKeyword(routine)) \(qualified(routine.name))("
                + routine.arguments.map(routineArgument).joined(separator: ", ") + ")"
        ]
        switch routine.returns {
        case .type(let type)?: lines.append(" RETURNS " + type.sql)
        case .setof(let type)?: lines.append(" RETURNS SETOF " + type.sql)
        case .table(let columns)?:
            lines.append(" RETURNS TABLE(" + columns.map { ident($0.name) + " " + $0.type.sql }.joined(separator: ", ") + ")")
        case nil: break
        }
        lines.append(" LANGUAGE " + routine.language)
        var attributes: [String] = []
        if routine.kind == .function {
            if routine.volatility != .volatile { attributes.append(routine.volatility.rawValue.uppercased()) }
            if routine.strict { attributes.append("STRICT") }
        }
        if routine.security == .definer { attributes.append("SECURITY DEFINER") }
        if routine.kind == .function, routine.parallel != .unsafe { attributes.append("PARALLEL " + routine.parallel.rawValue.uppercased()) }
        if !attributes.isEmpty { lines.append(" " + attributes.joined(separator: " ")) }
        for setting in routine.settings { lines.append(" SET \(ident(setting.name)) = \(setting.value)") }
        var body: [String]
        if routine.atomic {
            body = ["BEGIN ATOMIC"] + splitLines(routine.body) + ["END;"]
            if body[body.count - 2].isEmpty { body.remove(at: body.count - 2) }
        } else {
            let tag = dollarTag(for: routine)
            body = splitLines("AS " + tag + routine.body + tag + ";")
        }
        return SQLStatement(lines + body)
    }

    /// `$function$` (as `pg_get_functiondef` prints), or a variant the body does not contain.
    func dollarTag(for routine: Routine) -> String {
        let base = routine.kind == .procedure ? "procedure" : "function"
        var tag = "$\(base)$"
        var counter = 1
        while routine.body.contains(tag) {
            counter += 1
            tag = "$\(base)\(counter)$"
        }
        return tag
    }

    func commentOnRoutine(_ routine: Routine, _ text: String?) -> SQLStatement {
        SQLStatement("COMMENT ON \(routineKeyword(routine)) \(routineSignature(routine)) IS \(text.map(sqlLiteral) ?? "NULL");")
    }
}

/// Lines as `\n` separates them, empty ones kept (a body's blank lines are part of it).
private func splitLines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// The statements of a routine change.
func renderRoutineChange(_ change: Change, sql: SQLNames) -> [SQLStatement] {
    switch change {
    case .createRoutine(let routine, let before):
        var statements: [SQLStatement] = []
        var unchangedBut = before
        unchangedBut?.comment = routine.comment
        if unchangedBut != routine { statements.append(sql.createRoutine(routine)) }
        if routine.comment != before?.comment { statements.append(sql.commentOnRoutine(routine, routine.comment)) }
        return statements
    case .renameRoutine(let routine, let name):
        return [SQLStatement("ALTER \(sql.routineKeyword(routine)) \(sql.routineSignature(routine)) RENAME TO \(sql.ident(name));")]
    case .dropRoutine(let routine, _):
        return [SQLStatement("DROP \(sql.routineKeyword(routine)) \(sql.routineSignature(routine)) RESTRICT;")]
    default:
        return []
    }
}

/// The `CREATE OR REPLACE` statement of `routine` created in `schema` (drift creates the declared
/// routines in `pg_temp` and compares what the server prints for both).
public func createRoutineSQL(_ routine: Routine, schema: String) -> String {
    SQLNames(schema: schema).createRoutine(routine).lines.joined(separator: "\n")
}
