internal import CLibYAML

/// A position reported by libyaml, converted once at the edge: 1-based line, 1-based column
/// counted in Unicode scalars (libyaml's reader advances its column by one per character).
struct YAMLMark: Hashable, Sendable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// libyaml marks are 0-based; every conversion adds 1 here and nowhere else.
    init(_ mark: yaml_mark_t) {
        self.line = Int(mark.line) + 1
        self.column = Int(mark.column) + 1
    }
}

/// An error reported by libyaml, mirroring its error classes (`YAML_READER_ERROR`,
/// `YAML_SCANNER_ERROR`, `YAML_PARSER_ERROR`, `YAML_MEMORY_ERROR`).
struct YAMLError: Error, Hashable, Sendable {
    enum Kind: String, Hashable, Sendable {
        case reader, scanner, parser, memory
    }

    var kind: Kind
    /// libyaml's `problem` text, e.g. `found character that cannot start any token`.
    var problem: String
    /// libyaml's `context` text, e.g. `while scanning a simple key`, when it gave one.
    var context: String?
    var mark: YAMLMark
    /// Where the construct named by `context` began (libyaml's `context_mark`).
    var contextMark: YAMLMark?
}

/// One libyaml event, copied into Swift values so the C event can be deleted immediately.
enum YAMLEvent: Hashable, Sendable {
    /// How a scalar was written: plain scalars are the only ones that can mean null or a bool.
    enum ScalarStyle: Hashable, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    case streamStart, streamEnd, documentStart, documentEnd
    case alias(anchor: String)
    case scalar(value: String, style: ScalarStyle, anchor: String?, tag: String?)
    case sequenceStart(anchor: String?, tag: String?)
    case sequenceEnd
    case mappingStart(anchor: String?, tag: String?)
    case mappingEnd
}

/// A pull parser over libyaml's `yaml_parser_t`.
///
/// Lifetime rules it upholds (libyaml `api.c`): `yaml_parser_set_input_string` stores a pointer
/// to the parser struct itself and raw pointers into the input, so both live in memory this
/// value allocated and owns, never moved, and freed exactly once in `deinit` after
/// `yaml_parser_delete`.
struct YAMLParser: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>

    /// Copies `bytes`; the caller's array may go away while parsing continues.
    init(bytes: [UInt8]) throws(YAMLError) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw YAMLError(kind: .memory, problem: "cannot initialize the YAML parser", mark: YAMLMark(line: 1, column: 1))
        }
        // At least one byte so the pointer is never dangling, even for empty input.
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        // No yaml_parser_set_encoding: libyaml's own detection skips a UTF-8 BOM, and the input
        // was already checked to be UTF-8, so UTF-16 can never be detected.
        self.parser = parser
        self.input = input
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event and where it starts; after `streamEnd` libyaml keeps returning `streamEnd`.
    mutating func next() throws(YAMLError) -> (event: YAMLEvent, mark: YAMLMark) {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw currentError() }
        defer { yaml_event_delete(&event) }
        let mark = YAMLMark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return (.streamStart, mark)
        case YAML_STREAM_END_EVENT: return (.streamEnd, mark)
        case YAML_DOCUMENT_START_EVENT: return (.documentStart, mark)
        case YAML_DOCUMENT_END_EVENT: return (.documentEnd, mark)
        case YAML_ALIAS_EVENT:
            return (.alias(anchor: Self.string(event.data.alias.anchor) ?? ""), mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = Self.string(scalar.value, length: scalar.length)
            let style: YAMLEvent.ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            return (.scalar(value: value, style: style, anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag)), mark)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return (.sequenceStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag)), mark)
        case YAML_SEQUENCE_END_EVENT: return (.sequenceEnd, mark)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return (.mappingStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag)), mark)
        case YAML_MAPPING_END_EVENT: return (.mappingEnd, mark)
        default:
            throw YAMLError(kind: .parser, problem: "unexpected empty event", mark: mark)
        }
    }

    /// Reads libyaml's error fields; reader errors carry a byte offset rather than a mark.
    private func currentError() -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown error"
        let context = state.context.map { String(cString: $0) }
        switch state.error {
        case YAML_READER_ERROR:
            return YAMLError(kind: .reader, problem: problem, context: nil, mark: YAMLMark(state.problem_mark))
        case YAML_SCANNER_ERROR:
            return YAMLError(
                kind: .scanner, problem: problem, context: context, mark: YAMLMark(state.problem_mark),
                contextMark: context == nil ? nil : YAMLMark(state.context_mark))
        case YAML_MEMORY_ERROR:
            return YAMLError(kind: .memory, problem: problem, context: nil, mark: YAMLMark(state.problem_mark))
        default:
            return YAMLError(
                kind: .parser, problem: problem, context: context, mark: YAMLMark(state.problem_mark),
                contextMark: context == nil ? nil : YAMLMark(state.context_mark))
        }
    }

    /// Decodes a NUL-terminated libyaml string, repairing invalid UTF-8 defensively.
    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}

/// strlen over libyaml's `unsigned char` strings, without importing Glibc for one function.
private func strlen(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> Int {
    var count = 0
    while pointer[count] != 0 { count += 1 }
    return count
}
