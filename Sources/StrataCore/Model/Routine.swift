/// A function or procedure of the managed schema (SPEC §3.1).
///
/// Identified as PostgreSQL identifies it: name, kind and the types of the arguments a caller
/// passes, without typmods (`vector(1536)` and `vector(768)` are the same argument type: the
/// typmod is never stored). The body is kept byte for byte: PostgreSQL stores a non-atomic
/// body verbatim in `prosrc`, so drift can compare it exactly.
public struct Routine: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable { case function, procedure }
    public enum Volatility: String, Codable, Hashable, Sendable { case volatile, stable, immutable }
    public enum Security: String, Codable, Hashable, Sendable { case invoker, definer }
    public enum Parallel: String, Codable, Hashable, Sendable { case unsafe, restricted, safe }

    public var name: String
    public var kind: Kind
    public var arguments: [RoutineArgument]
    /// nil for a procedure.
    public var returns: RoutineReturn?
    /// `plpgsql` or `sql`.
    public var language: String
    public var volatility: Volatility
    public var strict: Bool
    public var security: Security
    public var parallel: Parallel
    /// `SET name = value` clauses, in name order (PostgreSQL keeps them as `proconfig`).
    public var settings: [RoutineSetting]
    public var comment: String?
    /// The body as written; for `atomic` the statements between `BEGIN ATOMIC` and `END`.
    public var body: String
    /// A SQL-standard `BEGIN ATOMIC ... END` body (parsed and re-printed by PostgreSQL).
    public var atomic: Bool
    public var origin = Origin()

    enum CodingKeys: String, CodingKey {
        case name, kind, arguments, returns, language, volatility, strict, security, parallel, settings, comment, body, atomic
    }

    public init(
        name: String, kind: Kind = .function, arguments: [RoutineArgument] = [], returns: RoutineReturn?,
        language: String, volatility: Volatility = .volatile, strict: Bool = false, security: Security = .invoker,
        parallel: Parallel = .unsafe, settings: [RoutineSetting] = [], comment: String? = nil, body: String,
        atomic: Bool = false, origin: Origin = Origin()
    ) {
        self.name = name
        self.kind = kind
        self.arguments = arguments
        self.returns = returns
        self.language = language
        self.volatility = volatility
        self.strict = strict
        self.security = security
        self.parallel = parallel
        self.settings = settings
        self.comment = comment
        self.body = body
        self.atomic = atomic
        self.origin = origin
    }

    /// The arguments that make up the identity: those a caller passes (IN, INOUT, VARIADIC), as
    /// in `proargtypes` (a procedure's OUT arguments are not part of it either: tested on 18).
    public var identityArguments: [RoutineArgument] {
        arguments.filter { $0.mode != .out }
    }

    /// Name, kind and argument types without typmods: two routines with equal keys are the same
    /// object to PostgreSQL.
    public var identity: RoutineIdentity {
        RoutineIdentity(
            name: name, kind: kind, argumentTypes: identityArguments.map { $0.type.withoutModifiers.sql })
    }

    /// `function schema.name(type, type)`, as messages, script headers and drift name it.
    public func displayName(schema: String) -> String {
        "\(kind.rawValue) \(Identifier.qualified(schema, name))(\(identity.argumentTypes.joined(separator: ", ")))"
    }

    /// The output columns a caller sees: OUT/INOUT arguments and `RETURNS TABLE` columns.
    var outputColumns: [RoutineColumn] {
        let outs = arguments.filter { $0.mode == .out || $0.mode == .inout }.map {
            RoutineColumn(name: $0.name ?? "", type: $0.type.withoutModifiers)
        }
        if case .table(let columns)? = returns {
            return outs + columns.map { RoutineColumn(name: $0.name, type: $0.type.withoutModifiers) }
        }
        return outs
    }
}

/// What identifies a routine to PostgreSQL; orders routines in snapshots and scripts.
public struct RoutineIdentity: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: String
    public var kind: Routine.Kind
    public var argumentTypes: [String]

    public static func < (lhs: RoutineIdentity, rhs: RoutineIdentity) -> Bool {
        (lhs.name, lhs.kind.rawValue, lhs.argumentTypes.joined(separator: ",")) < (
            rhs.name, rhs.kind.rawValue, rhs.argumentTypes.joined(separator: ",")
        )
    }

    /// `name(type, type)`, as messages print it.
    public var description: String { "\(name)(\(argumentTypes.joined(separator: ", ")))" }
}

public struct RoutineArgument: Codable, Hashable, Sendable {
    public enum Mode: String, Codable, Hashable, Sendable { case `in`, out, `inout`, variadic }

    public var name: String?
    public var type: ColumnType
    public var mode: Mode
    /// A SQL expression, verbatim.
    public var defaultExpression: String?

    public init(name: String?, type: ColumnType, mode: Mode = .in, defaultExpression: String? = nil) {
        self.name = name
        self.type = type
        self.mode = mode
        self.defaultExpression = defaultExpression
    }
}

/// A `RETURNS TABLE` column.
public struct RoutineColumn: Codable, Hashable, Sendable {
    public var name: String
    public var type: ColumnType

    public init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// `RETURNS T`, `RETURNS SETOF T` or `RETURNS TABLE (...)`.
public enum RoutineReturn: Codable, Hashable, Sendable {
    case type(ColumnType)
    case setof(ColumnType)
    case table([RoutineColumn])

    /// The result as PostgreSQL compares it on `CREATE OR REPLACE`: typmods are not stored.
    var canonical: RoutineReturn {
        switch self {
        case .type(let type): return .type(type.withoutModifiers)
        case .setof(let type): return .setof(type.withoutModifiers)
        case .table(let columns): return .table(columns.map { RoutineColumn(name: $0.name, type: $0.type.withoutModifiers) })
        }
    }
}

/// One `SET name = value` clause; the value is SQL text, verbatim (`negentropy, public, pg_temp`).
public struct RoutineSetting: Codable, Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension ColumnType {
    /// The type as PostgreSQL stores it for a routine's argument or result.
    var withoutModifiers: ColumnType {
        var type = self
        type.modifiers = []
        return type
    }
}

// One key naming the shape: `{ "type": T }`, `{ "setof": T }` or `{ "table": [columns] }`.
extension RoutineReturn {
    enum CodingKeys: String, CodingKey { case type, setof, table }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let type = try container.decodeIfPresent(ColumnType.self, forKey: .type) {
            self = .type(type)
        } else if let type = try container.decodeIfPresent(ColumnType.self, forKey: .setof) {
            self = .setof(type)
        } else {
            self = .table(try container.decode([RoutineColumn].self, forKey: .table))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .type(let type): try container.encode(type, forKey: .type)
        case .setof(let type): try container.encode(type, forKey: .setof)
        case .table(let columns): try container.encode(columns, forKey: .table)
        }
    }
}
