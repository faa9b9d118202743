/// Composes one YAML file into a node tree, reporting every problem as a diagnostic.
///
/// Returns nil (with at least one error emitted) when the bytes are not UTF-8, libyaml rejects
/// the syntax, an alias is unknown or loops, alias expansion grows too large, a mapping repeats a
/// key, or the file holds more than one document. An empty file composes to an empty mapping.
func composeYAML(file: String, bytes: [UInt8], diagnostics: inout DiagnosticCollector) -> YAMLNode? {
    var unused: StreamedTables? = nil
    return composeYAML(file: file, bytes: bytes, diagnostics: &diagnostics, streamingTables: false, into: &unused)
}

/// `composeYAML`, decoding the entries of the top-level `tables:` mapping into `tables` as they
/// are composed when `streamingTables` (see `StreamedTables`); the root then holds an empty
/// mapping for `tables`. `tables` stays nil when the file has no such mapping to stream (no
/// `tables`, not a mapping, or one with an anchor, which aliases may need whole).
func composeYAML(
    file: String, bytes: [UInt8], diagnostics: inout DiagnosticCollector, streamingTables: Bool,
    into tables: inout StreamedTables?
) -> YAMLNode? {
    if let invalid = firstInvalidUTF8(in: bytes) {
        diagnostics.error(
            LoadMessage.notUTF8(invalidByte: hex(invalid.byte)),
            at: SourceLocation(file: file, line: invalid.line, column: invalid.column),
            notes: [Diagnostic.Note(LoadMessage.utf8Note)])
        return nil
    }
    var composer = YAMLComposer(file: file)
    composer.streamsTables = streamingTables
    do {
        var parser = try YAMLParser(bytes: bytes)
        let root = try composer.compose(&parser, diagnostics: &diagnostics)
        tables = composer.streamedTables
        return root
    } catch let error as YAMLError {
        let location = SourceLocation(file: file, line: error.mark.line, column: error.mark.column)
        let message = LoadMessage.invalidYAML(context: error.context, problem: error.problem)
        var notes: [Diagnostic.Note] = []
        if let context = error.context, let contextMark = error.contextMark, contextMark != error.mark {
            notes.append(
                Diagnostic.Note(
                    LoadMessage.contextStartsHere(context),
                    at: SourceLocation(file: file, line: contextMark.line, column: contextMark.column)))
        }
        if character(in: bytes, line: error.mark.line, column: error.mark.column) == "\t" {
            notes.append(Diagnostic.Note(LoadMessage.tabIndentationNote))
        }
        diagnostics.error(message, at: location, notes: notes)
        return nil
    } catch {
        // composer errors are already reported as diagnostics
        return nil
    }
}

/// Thrown inside the composer once a diagnostic has been emitted, to stop composing this file.
struct ComposeAbort: Error {}

/// The most nodes aliases may add to one file: generous for real schemas, fatal for
/// "billion laughs" documents that expand exponentially.
let maxAliasExpansion = 100_000

/// Builds nodes from parser events, resolving anchors and aliases.
private struct YAMLComposer {
    let file: String
    var anchors: [String: YAMLNode] = [:]
    /// Anchors whose node is still being composed: an alias to one of them is a loop.
    var openAnchors: Set<String> = []
    var expandedNodes = 0
    /// Current nesting of sequences and mappings; bounded so a hostile file cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 256
    /// Whether the root's `tables:` mapping is decoded entry by entry (`StreamedTables`).
    var streamsTables = false
    var streamedTables: StreamedTables?

    init(file: String) { self.file = file }

    func location(_ mark: YAMLMark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// The single document of the stream (an empty stream is an empty mapping).
    mutating func compose(_ parser: inout YAMLParser, diagnostics: inout DiagnosticCollector) throws -> YAMLNode? {
        var root: YAMLNode?
        var documents = 0
        while true {
            let (event, mark) = try parser.next()
            switch event {
            case .streamStart, .documentEnd: continue
            case .streamEnd:
                return root ?? YAMLNode(content: .mapping([]), location: location(YAMLMark(line: 1, column: 1)))
            case .documentStart:
                documents += 1
                if documents > 1 {
                    diagnostics.error(
                        LoadMessage.secondDocument, at: location(mark),
                        notes: [Diagnostic.Note(LoadMessage.splitIntoFilesNote)])
                    throw ComposeAbort()
                }
                let (first, firstMark) = try parser.next()
                root = try node(first, at: firstMark, &parser, diagnostics: &diagnostics)
            default:
                throw YAMLError(kind: .parser, problem: "unexpected event", mark: mark)
            }
        }
    }

    /// Counts one level of nesting, refusing more than `maxDepth`.
    mutating func enter(at location: SourceLocation, diagnostics: inout DiagnosticCollector) throws {
        depth += 1
        if depth > Self.maxDepth {
            diagnostics.error(LoadMessage.nestedTooDeep(Self.maxDepth), at: location)
            throw ComposeAbort()
        }
    }

    /// The node that starts with `event`, reading events up to its end.
    mutating func node(
        _ event: YAMLEvent, at mark: YAMLMark, _ parser: inout YAMLParser, diagnostics: inout DiagnosticCollector
    ) throws -> YAMLNode {
        let here = location(mark)
        switch event {
        case .alias(let anchor):
            if openAnchors.contains(anchor) {
                diagnostics.error(
                    LoadMessage.aliasLoop(anchor), at: here)
                throw ComposeAbort()
            }
            guard var target = anchors[anchor] else {
                diagnostics.error(LoadMessage.unknownAlias(anchor), at: here)
                throw ComposeAbort()
            }
            expandedNodes += target.nodeCount
            if expandedNodes > maxAliasExpansion {
                diagnostics.error(
                    LoadMessage.aliasExpansion(maxAliasExpansion), at: here,
                    notes: [Diagnostic.Note(LoadMessage.billionLaughsNote)])
                throw ComposeAbort()
            }
            // The copy reports problems at the alias, where the reader looks.
            target.location = here
            return target
        case .scalar(let value, let style, let anchor, let tag):
            if style == .doubleQuoted, value.utf8.contains(0) {
                // Only the `\0` escape of a double-quoted scalar can produce one.
                diagnostics.error(
                    LoadMessage.nulInValue, at: here)
            }
            let node = YAMLNode(content: .scalar(.init(value: value, isPlain: style == .plain, tag: tag)), location: here)
            if let anchor { anchors[anchor] = node }
            return node
        case .sequenceStart(let anchor, _):
            try enter(at: here, diagnostics: &diagnostics)
            defer { depth -= 1 }
            if let anchor { openAnchors.insert(anchor) }
            var items: [YAMLNode] = []
            while true {
                let (next, nextMark) = try parser.next()
                if case .sequenceEnd = next { break }
                items.append(try node(next, at: nextMark, &parser, diagnostics: &diagnostics))
            }
            let node = YAMLNode(content: .sequence(items), location: here)
            if let anchor {
                openAnchors.remove(anchor)
                anchors[anchor] = node
            }
            return node
        case .mappingStart(let anchor, _):
            try enter(at: here, diagnostics: &diagnostics)
            defer { depth -= 1 }
            if let anchor { openAnchors.insert(anchor) }
            var pairs: [YAMLNode.Pair] = []
            var seen = SeenKeys()
            /// Merged entries with the position of their `<<` key, so they keep that place in order.
            var merged: [(position: Int, pair: YAMLNode.Pair)] = []
            while true {
                let (next, nextMark) = try parser.next()
                if case .mappingEnd = next { break }
                let key = try node(next, at: nextMark, &parser, diagnostics: &diagnostics)
                let (valueEvent, valueMark) = try parser.next()
                let value: YAMLNode
                // The root's first `tables` (a repeated one is composed, then refused below),
                // when it is a mapping no alias can name.
                if depth == 1, streamsTables, streamedTables == nil, key.scalar?.value == "tables",
                    seen.location(of: "tables", in: pairs) == nil, case .mappingStart(nil, _) = valueEvent
                {
                    value = try streamTables(at: valueMark, &parser, diagnostics: &diagnostics)
                } else {
                    value = try node(valueEvent, at: valueMark, &parser, diagnostics: &diagnostics)
                }
                if let scalar = key.scalar, scalar.isPlain, scalar.value == "<<" {
                    // YAML merge key: `<<: *base` or `<<: [*a, *b]` copies entries not written here.
                    Self.merge(value, at: pairs.count, into: &merged, diagnostics: &diagnostics)
                    continue
                }
                if let text = key.scalar?.value {
                    if let first = seen.location(of: text, in: pairs) {
                        diagnostics.error(
                            LoadMessage.duplicateKey(text), at: key.location,
                            notes: [Diagnostic.Note(LoadMessage.firstUsedHere, at: first)])
                        continue
                    }
                    seen.insert(text, at: key.location)
                }
                pairs.append(YAMLNode.Pair(key: key, value: value))
            }
            // Entries written in the mapping win over merged ones; earlier merge sources win over later.
            var inserted = 0
            for (position, pair) in merged {
                guard let text = pair.key.scalar?.value, seen.location(of: text, in: pairs) == nil else { continue }
                seen.insert(text, at: pair.key.location)
                pairs.insert(pair, at: position + inserted)
                inserted += 1
            }
            let node = YAMLNode(content: .mapping(pairs), location: here)
            if let anchor {
                openAnchors.remove(anchor)
                anchors[anchor] = node
            }
            return node
        default:
            throw YAMLError(kind: .parser, problem: "unexpected event", mark: mark)
        }
    }

    /// The root's `tables:` mapping, from its start event on: each entry is checked as in a
    /// mapping above (duplicates, merge keys) and handed to `streamedTables` instead of being
    /// kept. Returns the empty mapping that stands for it in the root.
    mutating func streamTables(at mark: YAMLMark, _ parser: inout YAMLParser, diagnostics: inout DiagnosticCollector)
        throws -> YAMLNode
    {
        let here = location(mark)
        try enter(at: here, diagnostics: &diagnostics)
        defer { depth -= 1 }
        var tables = StreamedTables()
        // The keys so far, each with an empty value, for the duplicate checks and positions.
        var keys: [YAMLNode.Pair] = []
        var seen = SeenKeys()
        var merged: [(position: Int, pair: YAMLNode.Pair)] = []
        let placeholder = YAMLNode(content: .mapping([]), location: here)
        while true {
            let (next, nextMark) = try parser.next()
            if case .mappingEnd = next { break }
            let key = try node(next, at: nextMark, &parser, diagnostics: &diagnostics)
            let (valueEvent, valueMark) = try parser.next()
            let value = try node(valueEvent, at: valueMark, &parser, diagnostics: &diagnostics)
            if let scalar = key.scalar, scalar.isPlain, scalar.value == "<<" {
                Self.merge(value, at: keys.count, into: &merged, diagnostics: &diagnostics)
                continue
            }
            if let text = key.scalar?.value {
                if let first = seen.location(of: text, in: keys) {
                    diagnostics.error(
                        LoadMessage.duplicateKey(text), at: key.location,
                        notes: [Diagnostic.Note(LoadMessage.firstUsedHere, at: first)])
                    continue
                }
                seen.insert(text, at: key.location)
            }
            tables.add(YAMLNode.Pair(key: key, value: value), at: keys.count)
            keys.append(YAMLNode.Pair(key: key, value: placeholder))
        }
        // Entries written in the mapping win over merged ones; earlier merge sources win over later.
        var inserted = 0
        for (position, pair) in merged {
            guard let text = pair.key.scalar?.value, seen.location(of: text, in: keys) == nil else { continue }
            seen.insert(text, at: pair.key.location)
            tables.add(pair, at: position + inserted)
            keys.insert(YAMLNode.Pair(key: pair.key, value: placeholder), at: position + inserted)
            inserted += 1
        }
        streamedTables = tables
        return placeholder
    }

    /// The entries a merge key's value brings (a mapping, or a list of mappings), each tagged with
    /// the position of the `<<` among the mapping's own keys.
    static func merge(
        _ value: YAMLNode, at position: Int, into merged: inout [(position: Int, pair: YAMLNode.Pair)],
        diagnostics: inout DiagnosticCollector
    ) {
        switch value.content {
        case .mapping(let entries): merged += entries.map { (position, $0) }
        case .sequence(let items):
            for item in items {
                guard case .mapping(let entries) = item.content else {
                    diagnostics.error(LoadMessage.mergeKeyTakesMappings(found: item.kindDescription), at: item.location)
                    continue
                }
                merged += entries.map { (position, $0) }
            }
        default:
            diagnostics.error(LoadMessage.mergeKeyTakesAMapping(found: value.kindDescription), at: value.location)
        }
    }
}

/// Where each key of one mapping was first written, for duplicate checks. A mapping's few
/// keys are found by searching its entries so far, which for a column or an index is far
/// cheaper than hashing each key; past a handful (a `tables:` mapping of thousands) an index by
/// key takes over. Every key `insert`ed must be in the entries handed to `location` next.
private struct SeenKeys {
    private var index: [String: SourceLocation]?
    private static let searchLimit = 12

    mutating func location(of key: String, in pairs: [YAMLNode.Pair]) -> SourceLocation? {
        if index == nil && pairs.count > Self.searchLimit {
            var built: [String: SourceLocation] = [:]
            for pair in pairs {
                if let text = pair.key.scalar?.value, built[text] == nil { built[text] = pair.key.location }
            }
            index = built
        }
        if let index { return index[key] }
        for position in pairs.indices {
            if case .scalar(let scalar) = pairs[position].key.content, scalar.value == key {
                return pairs[position].key.location
            }
        }
        return nil
    }

    mutating func insert(_ key: String, at location: SourceLocation) {
        if index != nil { index![key] = location }
    }
}

/// The first byte that breaks UTF-8, with its 1-based line and column (in Unicode scalars).
func firstInvalidUTF8(in bytes: [UInt8]) -> (byte: UInt8, line: Int, column: Int)? {
    // Schema files are nearly always plain ASCII, which is valid UTF-8: one quick pass over the
    // bytes spares decoding them scalar by scalar.
    if isASCII(bytes) { return nil }
    var line = 1
    var column = 1
    var offset = 0
    // A leading UTF-8 BOM is skipped by libyaml and takes no column.
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    offset = start
    var iterator = bytes[start...].makeIterator()
    var decoder = UTF8()
    while true {
        let before = offset
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            offset += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        case .emptyInput:
            return nil
        case .error:
            return (bytes[before], line, column)
        }
    }
}

/// True when no byte has its high bit set; eight bytes at a time.
private func isASCII(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var index = 0
        var highBits: UInt64 = 0
        while index + 8 <= buffer.count {
            highBits |= buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < buffer.count {
            highBits |= UInt64(buffer[index])
            index += 1
        }
        return highBits & 0x8080_8080_8080_8080 == 0
    }
}

private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

/// The Unicode scalar at a 1-based line and column, if there is one.
private func character(in bytes: [UInt8], line: Int, column: Int) -> Unicode.Scalar? {
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count else { return nil }
    let scalars = Array(lines[line - 1].unicodeScalars)
    return column >= 1 && column <= scalars.count ? scalars[column - 1] : nil
}
