/// What a type name can refer to besides built-in types: the managed schema's enums and the
/// schemas extensions were installed into (pgvector's types live in the `vector` extension's).
public struct TypeContext: Sendable {
    public var managedSchema: String
    public var enumNames: Set<String>
    /// Extension name → schema, e.g. `["vector": "public"]`.
    public var extensionSchemas: [String: String]

    public init(managedSchema: String, enumNames: Set<String> = [], extensionSchemas: [String: String] = [:]) {
        self.managedSchema = managedSchema
        self.enumNames = enumNames
        self.extensionSchemas = extensionSchemas
    }
}

/// Parses a type as a person writes it (`varchar(255)`, `timestamptz`, `int[]`, `vector(1536)`)
/// or as `format_type()` prints it (`character varying(255)[]`, `public.vector(3)`,
/// `timestamp(3) with time zone`) into its normalized `ColumnType`; nil if it is not valid.
/// `serial` types come back as their integer type.
public func parseColumnType(_ text: String, in context: TypeContext) -> ColumnType? {
    if case .success(let parsed) = parseColumnTypeDetailed(text, in: context) { return parsed.type }
    return nil
}

/// A parsed type plus what the type name implies beyond the column's type.
public struct ParsedColumnType: Hashable, Sendable {
    public var type: ColumnType
    /// `serial`, `bigserial`, `smallserial`: an owned sequence and a `nextval` default.
    public var isSerial: Bool
}

/// Why a type did not parse; `suggestions` are the closest known type names.
public struct ColumnTypeError: Error, Hashable, Sendable {
    public var message: String
    public var suggestions: [String]
}

/// `parseColumnType` with a reason on failure.
func parseColumnTypeDetailed(_ text: String, in context: TypeContext) -> Result<ParsedColumnType, ColumnTypeError> {
    TypeParser(text: text, context: context).parse()
}

/// Splits a type into words, one modifier list and array brackets, then looks the words up.
private struct TypeParser {
    let text: String
    let context: TypeContext

    enum Token: Equatable {
        case word(String, quoted: Bool)
        case dot
        case modifiers([String])
        case brackets
    }

    func failure(_ message: String, suggestions: [String] = []) -> Result<ParsedColumnType, ColumnTypeError> {
        .failure(ColumnTypeError(message: message, suggestions: suggestions))
    }

    /// Words (folded unless quoted), dots, one `( … )` modifier list and `[ … ]` brackets; nil on stray characters.
    func tokenize() -> [Token]? {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace {
                i += 1
            } else if c == "." {
                tokens.append(.dot)
                i += 1
            } else if c == "\"" {
                var word = ""
                i += 1
                while i < scalars.count {
                    if scalars[i] == "\"" {
                        if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                            word.unicodeScalars.append("\"")
                            i += 2
                            continue
                        }
                        break
                    }
                    word.unicodeScalars.append(scalars[i])
                    i += 1
                }
                guard i < scalars.count else { return nil }
                i += 1
                tokens.append(.word(word, quoted: true))
            } else if c == "(" {
                var inner = ""
                i += 1
                while i < scalars.count, scalars[i] != ")" {
                    inner.unicodeScalars.append(scalars[i])
                    i += 1
                }
                guard i < scalars.count else { return nil }
                i += 1
                tokens.append(.modifiers(inner.split(separator: ",").map { $0.trimmingSpaces() }))
            } else if c == "[" {
                while i < scalars.count, scalars[i] != "]" { i += 1 }
                guard i < scalars.count else { return nil }
                i += 1
                tokens.append(.brackets)
            } else if c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) || c == "$" {
                var word = ""
                while i < scalars.count,
                    scalars[i].properties.isAlphabetic || scalars[i] == "_" || ("0"..."9").contains(scalars[i])
                        || scalars[i] == "$"
                {
                    word.unicodeScalars.append(scalars[i])
                    i += 1
                }
                tokens.append(.word(foldASCIILowercase(word), quoted: false))
            } else {
                return nil
            }
        }
        return tokens
    }

    /// Array suffix, then qualification, then the built-in table, pgvector, and the schema's enums.
    func parse() -> Result<ParsedColumnType, ColumnTypeError> {
        guard var tokens = tokenize(), !tokens.isEmpty else {
            return failure("`\(text)` is not a type name")
        }
        // Trailing array markers: `[]`, `[3]`, `[][]`, or the word ARRAY.
        var isArray = false
        while let last = tokens.last {
            if last == .brackets || last == .word("array", quoted: false) {
                isArray = true
                tokens.removeLast()
            } else {
                break
            }
        }
        // `schema.name` qualification.
        var schema: String?
        if tokens.count >= 3, case .word(let qualifier, _) = tokens[0], tokens[1] == .dot {
            schema = qualifier
            tokens.removeFirst(2)
        }
        guard !tokens.contains(.dot), !tokens.contains(.brackets) else { return failure("`\(text)` is not a type name") }
        var words: [String] = []
        var quotedName = false
        var modifierTexts: [String]?
        for token in tokens {
            switch token {
            case .word(let word, let quoted):
                words.append(word)
                quotedName = quotedName || quoted
            case .modifiers(let list):
                guard modifierTexts == nil else { return failure("`\(text)` has two modifier lists") }
                modifierTexts = list
            default:
                return failure("`\(text)` is not a type name")
            }
        }
        guard !words.isEmpty else { return failure("`\(text)` is not a type name") }
        var modifiers: [Int] = []
        for modifier in modifierTexts ?? [] {
            guard let value = Int(modifier) else {
                return failure("the modifier `\(modifier)` of `\(text)` is not a whole number")
            }
            modifiers.append(value)
        }
        let hasModifiers = modifierTexts != nil
        let name = words.joined(separator: " ")

        if let schema, schema != "pg_catalog" {
            return qualified(schema: schema, name: name, modifiers: modifiers, isArray: isArray)
        }
        // A quoted `"varchar"` is still varchar; a quoted `"char"` is a different one-byte type.
        if !(quotedName && name == "char"), let builtin = builtin(name: name, modifiers: modifiers, hasModifiers: hasModifiers) {
            return builtin.map { ParsedColumnType(type: ColumnType(name: $0.type.name, modifiers: $0.type.modifiers, isArray: isArray), isSerial: $0.isSerial) }
        }
        if schema == nil, words.count == 1 {
            if let kind = VectorKind(rawValue: name), kind != .bit, !quotedName {
                guard let extensionSchema = context.extensionSchemas["vector"] else {
                    return failure(
                        "type `\(name)` comes from pgvector, but the `vector` extension is not declared; "
                            + "add `extensions: [vector]` to the `schema` block")
                }
                return vector(kind, schema: extensionSchema, modifiers: modifiers, isArray: isArray)
            }
            if context.enumNames.contains(name) {
                guard !hasModifiers else { return failure("enum type `\(name)` takes no modifier") }
                return .success(ParsedColumnType(type: ColumnType(schema: context.managedSchema, name: name, isArray: isArray), isSerial: false))
            }
        }
        let known = Self.suggestionNames + context.enumNames.sorted()
            + (context.extensionSchemas["vector"] != nil ? ["vector", "halfvec", "sparsevec"] : [])
        if let extensionName = Self.extensionTypes[name] {
            // An extension's type lives in the extension's schema: it is written qualified.
            guard let extensionSchema = context.extensionSchemas[extensionName] else {
                return failure(
                    "unknown type `\(text)`: `\(name)` comes from the `\(extensionName)` extension; write "
                        + "`public.\(name)` and add `\(extensionName)` to `extensions:` of the `schema` block",
                    suggestions: ["public.\(name)"])
            }
            return failure("unknown type `\(text)`: write it qualified", suggestions: ["\(extensionSchema).\(name)"])
        }
        // Another database's spelling has one answer (`int64` is `bigint`), not three near words.
        if let spelling = Self.otherDatabasesSpellings[name] { return failure("unknown type `\(text)`", suggestions: [spelling]) }
        return failure("unknown type `\(text)`", suggestions: Suggestion.closest(to: name, in: known))
    }

    /// `schema.name`: the managed schema's enums, pgvector in its extension schema, or an
    /// external type kept as written.
    func qualified(schema: String, name: String, modifiers: [Int], isArray: Bool) -> Result<ParsedColumnType, ColumnTypeError> {
        if schema == context.managedSchema {
            guard context.enumNames.contains(name) else {
                return failure(
                    "unknown type `\(text)`: the managed schema `\(schema)` declares no enum `\(name)`",
                    suggestions: Suggestion.closest(to: name, in: context.enumNames.sorted()))
            }
            return .success(ParsedColumnType(type: ColumnType(schema: schema, name: name, modifiers: modifiers, isArray: isArray), isSerial: false))
        }
        if let kind = VectorKind(rawValue: name), kind != .bit, context.extensionSchemas["vector"] == schema {
            return vector(kind, schema: schema, modifiers: modifiers, isArray: isArray)
        }
        return .success(ParsedColumnType(type: ColumnType(schema: schema, name: name, modifiers: modifiers, isArray: isArray), isSerial: false))
    }

    /// A pgvector type with its dimension limits (1…16000; sparsevec up to 1e9).
    func vector(_ kind: VectorKind, schema: String, modifiers: [Int], isArray: Bool) -> Result<ParsedColumnType, ColumnTypeError> {
        guard modifiers.count <= 1 else { return failure("type `\(kind.rawValue)` takes one modifier, its dimensions") }
        if let dimensions = modifiers.first {
            let limit = kind == .sparsevec ? 1_000_000_000 : 16000
            guard dimensions >= 1 else {
                return failure("dimensions for type \(kind.rawValue) must be at least 1, found \(dimensions)")
            }
            guard dimensions <= limit else {
                return failure(
                    "dimensions for type \(kind.rawValue) cannot exceed \(limit), found \(dimensions)"
                        + (kind == .vector ? "; no pgvector type stores more than 16000 dense dimensions" : ""))
            }
        }
        return .success(ParsedColumnType(type: ColumnType(schema: schema, name: kind.rawValue, modifiers: modifiers, isArray: isArray), isSerial: false))
    }

    typealias BuiltinResult = Result<(type: ColumnType, isSerial: Bool), ColumnTypeError>

    /// Built-in types by every spelling of PG-DDL §2.2, normalized to `format_type()`'s.
    func builtin(name: String, modifiers: [Int], hasModifiers: Bool) -> BuiltinResult? {
        func plain(_ canonical: String) -> BuiltinResult {
            hasModifiers ? .failure(ColumnTypeError(message: "type `\(canonical)` takes no modifier", suggestions: [])) : .success((ColumnType(name: canonical), false))
        }
        func serial(_ canonical: String) -> BuiltinResult {
            hasModifiers ? .failure(ColumnTypeError(message: "type `\(name)` takes no modifier", suggestions: [])) : .success((ColumnType(name: canonical), true))
        }
        func length(_ canonical: String, defaultLength: Int? = nil, max: Int = 10_485_760) -> BuiltinResult {
            guard modifiers.count <= 1 else { return .failure(ColumnTypeError(message: "type `\(canonical)` takes one modifier, its length", suggestions: [])) }
            if let n = modifiers.first {
                guard n >= 1 else { return .failure(ColumnTypeError(message: "length for type `\(canonical)` must be at least 1", suggestions: [])) }
                guard n <= max else { return .failure(ColumnTypeError(message: "length for type `\(canonical)` cannot exceed \(max)", suggestions: [])) }
                return .success((ColumnType(name: canonical, modifiers: [n]), false))
            }
            return .success((ColumnType(name: canonical, modifiers: defaultLength.map { [$0] } ?? []), false))
        }
        func precision(_ canonical: String) -> BuiltinResult {
            guard modifiers.count <= 1 else { return .failure(ColumnTypeError(message: "type `\(canonical)` takes one modifier, its precision", suggestions: [])) }
            if let p = modifiers.first, !(0...6).contains(p) {
                return .failure(ColumnTypeError(message: "precision of `\(canonical)` must be between 0 and 6", suggestions: []))
            }
            return .success((ColumnType(name: canonical, modifiers: modifiers), false))
        }
        switch name {
        case "int", "int4", "integer": return plain("integer")
        case "bigint", "int8": return plain("bigint")
        case "smallint", "int2": return plain("smallint")
        case "serial", "serial4": return serial("integer")
        case "bigserial", "serial8": return serial("bigint")
        case "smallserial", "serial2": return serial("smallint")
        case "bool", "boolean": return plain("boolean")
        case "real", "float4": return plain("real")
        case "double precision", "float8": return plain("double precision")
        case "float":
            guard let p = modifiers.first else { return plain("double precision") }
            guard modifiers.count == 1, (1...53).contains(p) else {
                return .failure(ColumnTypeError(message: "precision for type float must be between 1 and 53", suggestions: []))
            }
            return .success((ColumnType(name: p <= 24 ? "real" : "double precision"), false))
        case "varchar", "character varying": return length("character varying")
        case "char", "character": return length("character", defaultLength: 1)
        case "bpchar": return modifiers.isEmpty ? plain("bpchar") : length("character")
        case "text": return plain("text")
        case "numeric", "decimal", "dec":
            switch modifiers.count {
            case 0: return .success((ColumnType(name: "numeric"), false))
            case 1, 2:
                let p = modifiers[0], s = modifiers.count == 2 ? modifiers[1] : 0
                guard (1...1000).contains(p) else {
                    return .failure(ColumnTypeError(message: "numeric precision \(p) must be between 1 and 1000", suggestions: []))
                }
                guard (-1000...1000).contains(s) else {
                    return .failure(ColumnTypeError(message: "numeric scale \(s) must be between -1000 and 1000", suggestions: []))
                }
                return .success((ColumnType(name: "numeric", modifiers: [p, s]), false))
            default:
                return .failure(ColumnTypeError(message: "type `numeric` takes at most two modifiers, precision and scale", suggestions: []))
            }
        case "timestamptz", "timestamp with time zone": return precision("timestamp with time zone")
        case "timestamp", "timestamp without time zone": return precision("timestamp without time zone")
        case "timetz", "time with time zone": return precision("time with time zone")
        case "time", "time without time zone": return precision("time without time zone")
        case "interval": return precision("interval")
        case "bit": return length("bit", defaultLength: 1, max: 83_886_080)
        case "varbit", "bit varying": return length("bit varying", max: 83_886_080)
        default:
            if name.hasPrefix("interval "), Self.intervalFields.contains(String(name.dropFirst("interval ".count))) {
                return precision(name)
            }
            if Self.plainTypes.contains(name) { return plain(name) }
            return nil
        }
    }

    static let intervalFields: Set<String> = [
        "year", "month", "day", "hour", "minute", "second", "year to month", "day to hour", "day to minute",
        "day to second", "hour to minute", "hour to second", "minute to second",
    ]

    /// Built-in types without modifiers whose written and printed spellings agree.
    static let plainTypes: Set<String> = [
        "uuid", "json", "jsonb", "bytea", "date", "inet", "cidr", "macaddr", "macaddr8", "money", "xml", "tsvector",
        "tsquery", "oid", "regclass", "regtype", "regproc", "regconfig", "name", "pg_lsn", "int4range", "int8range",
        "numrange", "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange", "nummultirange",
        "tsmultirange", "tstzmultirange", "datemultirange", "point", "line", "lseg", "box", "path", "polygon",
        "circle", "jsonpath", "txid_snapshot", "pg_snapshot",
    ]

    /// Type names from other databases and languages, with the PostgreSQL type people mean.
    /// Types of common extensions, by the extension that installs them.
    static let extensionTypes: [String: String] = [
        "citext": "citext", "hstore": "hstore", "ltree": "ltree", "lquery": "ltree", "cube": "cube",
        "isbn": "isn", "issn": "isn", "ean13": "isn",
    ]

    static let otherDatabasesSpellings: [String: String] = [
        "string": "text", "str": "text", "datetime": "timestamptz", "int64": "bigint", "int32": "integer",
        "int16": "smallint", "long": "bigint", "tinyint": "smallint", "double": "double precision",
        "float64": "double precision", "float32": "real", "blob": "bytea", "binary": "bytea", "clob": "text",
        "nvarchar": "varchar", "datetimeoffset": "timestamptz", "uniqueidentifier": "uuid", "bit varchar": "bit varying",
    ]

    /// What an unknown type is compared with for "did you mean".
    static let suggestionNames: [String] = [
        "integer", "bigint", "smallint", "serial", "bigserial", "smallserial", "boolean", "real", "double precision",
        "varchar", "character varying", "char", "character", "text", "numeric", "decimal", "timestamptz",
        "timestamp", "timetz", "time", "interval", "bit", "bit varying", "int", "int4", "int8", "int2", "bool",
        "float4", "float8",
    ] + plainTypes.sorted()
}

fileprivate extension Substring {
    /// Without Foundation: drops spaces and tabs at both ends.
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}

/// Unquoted identifiers fold ASCII letters (only) to lower case, as PostgreSQL does.
func foldASCIILowercase(_ word: String) -> String {
    var result = ""
    result.unicodeScalars.append(
        contentsOf: word.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 })
    return result
}
