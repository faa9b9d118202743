import StrataCore

/// Functions and procedures, in the layout `SnapshotJSONWriter` writes them.
extension JSONPullReader {
    mutating func routine() throws(JSONReadError) -> Routine {
        var name: String?
        var kind: Routine.Kind?
        var arguments: [RoutineArgument] = []
        var returns: RoutineReturn?
        var language: String?
        var volatility: Routine.Volatility?
        var strict: Bool?
        var security: Routine.Security?
        var parallel: Routine.Parallel?
        var settings: [RoutineSetting] = []
        var comment: String?
        var body: String?
        var atomic: Bool?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "kind": kind = try reader.rawValue(Routine.Kind.self)
            case "arguments": arguments = try reader.list { reader throws(JSONReadError) in try reader.routineArgument() }
            case "returns": returns = try reader.optional { reader throws(JSONReadError) in try reader.routineReturn() }
            case "language": language = try reader.string()
            case "volatility": volatility = try reader.rawValue(Routine.Volatility.self)
            case "strict": strict = try reader.bool()
            case "security": security = try reader.rawValue(Routine.Security.self)
            case "parallel": parallel = try reader.rawValue(Routine.Parallel.self)
            case "settings": settings = try reader.list { reader throws(JSONReadError) in try reader.routineSetting() }
            case "comment": comment = try reader.optionalString()
            case "body": body = try reader.string()
            case "atomic": atomic = try reader.bool()
            default: try reader.skipValue()
            }
        }
        return Routine(
            name: try required(name, "name"), kind: try required(kind, "kind"), arguments: arguments, returns: returns,
            language: try required(language, "language"), volatility: try required(volatility, "volatility"),
            strict: try required(strict, "strict"), security: try required(security, "security"),
            parallel: try required(parallel, "parallel"), settings: settings, comment: comment,
            body: try required(body, "body"), atomic: try required(atomic, "atomic"))
    }

    mutating func routineArgument() throws(JSONReadError) -> RoutineArgument {
        var name: String?
        var type: ColumnType?
        var mode: RoutineArgument.Mode?
        var defaultExpression: String?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.optionalString()
            case "type": type = try reader.columnType()
            case "mode": mode = try reader.rawValue(RoutineArgument.Mode.self)
            case "defaultExpression": defaultExpression = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        return RoutineArgument(
            name: name, type: try required(type, "type"), mode: try required(mode, "mode"),
            defaultExpression: defaultExpression)
    }

    mutating func routineReturn() throws(JSONReadError) -> RoutineReturn {
        var result: RoutineReturn?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "type": result = .type(try reader.columnType())
            case "setof": result = .setof(try reader.columnType())
            case "table":
                result = .table(try reader.list { reader throws(JSONReadError) in try reader.routineColumn() })
            default: try reader.skipValue()
            }
        }
        return try required(result, "type")
    }

    mutating func routineColumn() throws(JSONReadError) -> RoutineColumn {
        var name: String?
        var type: ColumnType?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "type": type = try reader.columnType()
            default: try reader.skipValue()
            }
        }
        return RoutineColumn(name: try required(name, "name"), type: try required(type, "type"))
    }

    mutating func routineSetting() throws(JSONReadError) -> RoutineSetting {
        var name: String?
        var value: String?
        try object { reader, key throws(JSONReadError) in
            switch key {
            case "name": name = try reader.string()
            case "value": value = try reader.string()
            default: try reader.skipValue()
            }
        }
        return RoutineSetting(name: try required(name, "name"), value: try required(value, "value"))
    }
}
