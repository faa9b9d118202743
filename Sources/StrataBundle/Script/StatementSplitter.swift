import StrataCore

/// Splits a SQL script into statements the way psql does (PG-DDL §7.3, psqlscan.l), incrementally.
///
/// Feed bytes in chunks of any size with `feed(_:)`, then call `finish()`; each call returns the
/// events completed so far. Memory holds only the statement in progress (plus one COPY data line),
/// so a script of any size is split in flat memory.
///
/// A `;` ends a statement only outside quotes, comments and dollar-quoted bodies, at parenthesis
/// depth 0, and outside a `BEGIN ... END` body of `CREATE [OR REPLACE] FUNCTION/PROCEDURE`.
/// psql meta-commands (a backslash at top level) are rejected with their line and name, except
/// pg_dump's `\restrict KEY` and `\unrestrict KEY` alone on a line between statements: they only
/// fence psql's own meta-commands, so they are skipped (their lines: `skippedMetaCommandLines`).
/// `standard_conforming_strings = off` is not supported: plain `'...'` never treats `\` as an escape.
public struct StatementSplitter: Sendable {
    /// Lexer state between bytes.
    enum Mode: Sendable, Equatable {
        case initial
        /// `'...'` (and B/X/N/U& strings); `E'...'` when `backslashEscapes`.
        case singleQuote(backslashEscapes: Bool)
        case doubleQuote
        case dollarQuote(tag: [UInt8])
        case blockComment(depth: Int)
        /// `-- ...` up to the newline; `markerCandidate` when it began a line between statements.
        case lineComment(start: Int, markerCandidate: Bool)
        /// Rest of the line after `COPY ... FROM STDIN;` (only whitespace allowed).
        case copyRestOfLine
        case copyData
    }

    static let marker = Array(noTransactionMarker.utf8)
    /// The largest `.copyData` event, and so the largest CopyData message `apply` sends: at
    /// 256 KiB a gigabyte of data is 4,096 messages, and the server and libpq pay per message.
    public static let copyFlushSize = 256 * 1024

    /// Unconsumed bytes; `buffer[0]` is at absolute offset `bufferBase`.
    var buffer: [UInt8] = []
    var bufferBase = 0
    /// Scan position (index into `buffer`) and its 1-based line; its column is `currentColumn()`.
    var index = 0
    var line = 1
    /// An absolute offset on the current line and its 1-based column (in Unicode scalars). The
    /// column of the scan position is counted from there only when something asks for it (a
    /// statement or a quote begins, an error): counting the scalars of every skipped run, a
    /// gigabyte of string literals in a data revision, cost more than finding the runs.
    var columnAnchor = 0
    var anchorColumn = 1
    var mode = Mode.initial
    var isFinal = false
    var events: [ScriptEvent] = []
    /// True once something other than whitespace appeared on the current line.
    var lineHasContent = false
    /// Line of the last `-- strata:no-transaction` comment seen between statements.
    var markerLine: Int?
    /// Where the quote or comment in progress began (for "unterminated" errors).
    var tokenStartLine = 1
    var tokenStartColumn = 1

    // Statement in progress.
    var statementStart: Int?
    var startLine = 0
    var startColumn = 0
    var startNonTransactional = false
    var parenDepth = 0
    var beginDepth = 0
    /// psql's heuristic: first letters of the first four words, and how many words were seen.
    var identifierInitials: [UInt8] = [0, 0, 0, 0]
    var identifierCount = 0
    var firstWord = ""
    var previousTopLevelWord = ""
    var isCopyFromStdin = false
    var isCopyToStdout = false

    /// Lines of the `\restrict` / `\unrestrict` commands skipped so far (the release script
    /// comments them out: an older psql does not know them).
    public private(set) var skippedMetaCommandLines: [Int] = []

    // Word (unquoted identifier or keyword) in progress.
    var wordActive = false
    var numberActive = false
    var word: [UInt8] = []

    /// False when the caller only looks at statements (`ScriptSummary`): COPY data is then
    /// skipped without being copied into `.copyData` events, and only `.copyEnd` marks it.
    let keepsCopyData: Bool

    public init() { keepsCopyData = true }

    init(keepsCopyData: Bool) { self.keepsCopyData = keepsCopyData }

    /// Adds bytes and returns the events they complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(ScriptError) -> [ScriptEvent] {
        precondition(!isFinal, "feed after finish")
        buffer.append(contentsOf: bytes)
        if !byteOrderMarkChecked && !checkByteOrderMark() { return [] }
        try scan()
        compact()
        return takeEvents()
    }

    /// Ends the input: returns the remaining events (a trailing statement without `;` included).
    public mutating func finish() throws(ScriptError) -> [ScriptEvent] {
        isFinal = true
        byteOrderMarkChecked = true
        try scan()
        finishWord()
        switch mode {
        case .initial, .lineComment:
            if statementStart != nil {
                try emitStatement(endingAt: buffer.count)
                // A final `COPY ... FROM STDIN` without `;` has no data.
                if isCopyFromStdinPending { events.append(.copyEnd) }
            }
        case .singleQuote:
            throw ScriptError(message: "unterminated quoted string", line: tokenStartLine, column: tokenStartColumn)
        case .doubleQuote:
            throw ScriptError(
                message: "unterminated quoted identifier", line: tokenStartLine, column: tokenStartColumn)
        case .dollarQuote(let tag):
            let delimiter = "$" + String(decoding: tag, as: UTF8.self) + "$"
            throw ScriptError(
                message: "unterminated dollar-quoted string (no closing \(delimiter))",
                line: tokenStartLine, column: tokenStartColumn)
        case .blockComment:
            throw ScriptError(message: "unterminated /* comment", line: tokenStartLine, column: tokenStartColumn)
        case .copyRestOfLine, .copyData:
            // psql ends COPY data at the end of the input too.
            events.append(.copyEnd)
            mode = .initial
        }
        buffer.removeAll()
        return takeEvents()
    }

    /// Splits a whole script held in memory.
    public static func split(_ text: String) throws(ScriptError) -> [ScriptEvent] {
        var splitter = StatementSplitter()
        var events = try splitter.feed(Array(text.utf8))
        events += try splitter.finish()
        return events
    }

    /// Splits a whole script and returns only its statements.
    static func statements(in text: String) throws(ScriptError) -> [ScriptStatement] {
        try split(text).compactMap { event in
            if case .statement(let statement) = event { statement } else { nil }
        }
    }

    // MARK: - Scanning

    private mutating func takeEvents() -> [ScriptEvent] {
        defer { events.removeAll() }
        return events
    }

    /// The byte `offset` ahead of the scan position; nil at the end of the buffer.
    private func peek(_ offset: Int) -> UInt8? {
        index + offset < buffer.count ? buffer[index + offset] : nil
    }

    /// True when a decision needs a byte that has not arrived yet (and more may come).
    private func mustWait(for offset: Int) -> Bool {
        !isFinal && index + offset >= buffer.count
    }

    /// Moves the scan position forward, keeping the line (and the column's anchor).
    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count {
            let byte = buffer[index]
            index += 1
            if byte == UInt8(ascii: "\n") {
                line += 1
                startLine(at: index)
            }
        }
    }

    /// Moves the scan position to `end` in one step (a run with no byte of interest), keeping
    /// the line as `advance` would: the run's newlines are found with `memchr`, and a run
    /// without one (a string literal, most often) costs a single call.
    private mutating func advance(to end: Int) {
        guard end > index else { return }
        let start = index
        let (newlines, lastNewline) = buffer.withUnsafeBufferPointer { bytes -> (Int, Int?) in
            var count = 0
            var last: Int?
            var from = start
            while let newline = ByteScan.first(UInt8(ascii: "\n"), in: bytes, from: from, to: end) {
                count += 1
                last = newline
                from = newline + 1
            }
            return (count, last)
        }
        if let lastNewline {
            line += newlines
            startLine(at: lastNewline + 1)
        }
        index = end
    }

    /// A new line begins at buffer index `start` (the line number is already counted).
    private mutating func startLine(at start: Int) {
        columnAnchor = bufferBase + start
        anchorColumn = 1
        lineHasContent = false
    }

    /// The 1-based column (in Unicode scalars) of the scan position. It moves the anchor there,
    /// so that asking again further along the line counts only the bytes in between.
    private mutating func currentColumn() -> Int {
        let from = columnAnchor - bufferBase
        let continuationBytes = buffer.withUnsafeBufferPointer {
            ByteScan.countContinuationBytes($0, from: from, to: index)
        }
        anchorColumn += (index - from) - continuationBytes
        columnAnchor = bufferBase + index
        return anchorColumn
    }

    /// Skips to the next `byte` (or `other`), or to the end of the buffer; true when one is there.
    private mutating func skip(to byte: UInt8, or other: UInt8? = nil) -> Bool {
        let stop = buffer.withUnsafeBufferPointer { bytes in
            if let other { ByteScan.first(byte, or: other, in: bytes, from: index, to: bytes.count) }
            else { ByteScan.first(byte, in: bytes, from: index, to: bytes.count) }
        }
        advance(to: stop ?? buffer.count)
        return stop != nil
    }

    private mutating func markTokenStart() {
        tokenStartLine = line
        tokenStartColumn = currentColumn()
    }

    /// Runs the lexer over the buffered bytes until it must wait for more.
    private mutating func scan() throws(ScriptError) {
        while index < buffer.count {
            let progressed: Bool
            switch mode {
            case .initial: progressed = try scanInitial()
            case .singleQuote(let escapes): progressed = scanSingleQuote(backslashEscapes: escapes)
            case .doubleQuote: progressed = scanDoubleQuote()
            case .dollarQuote(let tag): progressed = scanDollarQuote(tag: tag)
            case .blockComment(let depth): progressed = scanBlockComment(depth: depth)
            case .lineComment(let start, let candidate): progressed = scanLineComment(start: start, candidate: candidate)
            case .copyRestOfLine: progressed = try scanCopyRestOfLine()
            case .copyData: progressed = scanCopyData()
            }
            if !progressed { return }
        }
    }

    /// Top level of a statement or between statements. Returns false to wait for more bytes.
    private mutating func scanInitial() throws(ScriptError) -> Bool {
        let byte = buffer[index]
        if wordActive && !SQLCharacter.isIdentifierPart(byte) { finishWord() }
        if numberActive && !(SQLCharacter.isIdentifierStart(byte) || SQLCharacter.isDigit(byte) || byte == UInt8(ascii: ".")) {
            numberActive = false
        }
        if SQLCharacter.isWhitespace(byte) {
            advance()
            return true
        }
        switch byte {
        case UInt8(ascii: "-"):
            guard let next = peek(1) else { return !mustWait(for: 1) && consumeOther() }
            if next == UInt8(ascii: "-") {
                let candidate = statementStart == nil && !lineHasContent
                markTokenStart()
                mode = .lineComment(start: bufferBase + index, markerCandidate: candidate)
                advance(2)
                return true
            }
            return consumeOther()
        case UInt8(ascii: "/"):
            guard let next = peek(1) else { return !mustWait(for: 1) && consumeOther() }
            if next == UInt8(ascii: "*") {
                markTokenStart()
                lineHasContent = true
                mode = .blockComment(depth: 1)
                advance(2)
                return true
            }
            return consumeOther()
        case UInt8(ascii: "\\"):
            return try scanMetaCommand()
        default:
            break
        }
        // Anything else is part of a statement.
        if statementStart == nil {
            if byte == UInt8(ascii: ";") {
                // An empty statement.
                markerLine = nil
                lineHasContent = true
                advance()
                return true
            }
            beginStatement()
        }
        lineHasContent = true
        switch byte {
        case UInt8(ascii: "'"):
            markTokenStart()
            mode = .singleQuote(backslashEscapes: false)
            advance()
        case UInt8(ascii: "\""):
            markTokenStart()
            mode = .doubleQuote
            advance()
        case UInt8(ascii: "$"):
            return scanDollar()
        case UInt8(ascii: "("):
            parenDepth += 1
            advance()
        case UInt8(ascii: ")"):
            if parenDepth > 0 { parenDepth -= 1 }
            advance()
        case UInt8(ascii: ";"):
            if parenDepth == 0 && beginDepth == 0 {
                try emitStatement(endingAt: index)
                advance()
                if isCopyFromStdinPending {
                    isCopyFromStdinPending = false
                    mode = .copyRestOfLine
                }
            } else {
                advance()
            }
        default:
            if wordActive {
                word.append(SQLCharacter.lowercased(byte))
                advance()
            } else if numberActive || SQLCharacter.isDigit(byte) {
                numberActive = true
                advance()
            } else if SQLCharacter.isIdentifierStart(byte) {
                return scanWordStart(byte)
            } else {
                advance()
            }
        }
        return true
    }

    /// A backslash at top level: psql's meta-command. Only `\restrict KEY` / `\unrestrict KEY` (what
    /// PostgreSQL 18's pg_dump writes at the top and bottom of a plain dump) are accepted, alone on
    /// their line between statements, and skipped; anything else is refused, naming the command.
    /// Returns false to wait for the rest of the line.
    private mutating func scanMetaCommand() throws(ScriptError) -> Bool {
        let newline = buffer[index...].firstIndex(of: UInt8(ascii: "\n"))
        if newline == nil && !isFinal { return false }
        let end = newline ?? buffer.count
        var text = buffer[(index + 1)..<end]
        while let last = text.last, SQLCharacter.isWhitespace(last) { text = text.dropLast() }
        let name = text.prefix { !SQLCharacter.isWhitespace($0) && $0 != UInt8(ascii: "\\") }
        let command = "\\" + String(decoding: name.isEmpty ? text.prefix(1) : name, as: UTF8.self)
        let arguments = text.dropFirst(name.count).drop { SQLCharacter.isWhitespace($0) }
        let isFence = command == "\\restrict" || command == "\\unrestrict"
        let keyIsOneWord = !arguments.isEmpty && arguments.allSatisfy { SQLCharacter.isIdentifierPart($0) && $0 != UInt8(ascii: "$") }
        if isFence && keyIsOneWord && statementStart == nil && !lineHasContent {
            skippedMetaCommandLines.append(line)
            markerLine = nil
            lineHasContent = true
            // The newline itself is handled at top level.
            advance(end - index)
            return true
        }
        let why = isFence
            ? "is accepted only alone on its line between statements, followed by one key (as pg_dump writes it)"
            : "is not supported: apply sends each statement to the server, and only psql runs backslash commands "
                + "(pg_dump's \\restrict KEY and \\unrestrict KEY lines are the exception: they are ignored)"
        throw ScriptError(message: "psql meta-command \(command) \(why)", line: line, column: currentColumn())
    }

    /// A byte with no special meaning at top level.
    private mutating func consumeOther() -> Bool {
        if statementStart == nil { beginStatement() }
        lineHasContent = true
        advance()
        return true
    }

    /// A letter at the start of a word: a string prefix (`E'`, `U&'`, `U&"`) or a word.
    private mutating func scanWordStart(_ byte: UInt8) -> Bool {
        let lower = SQLCharacter.lowercased(byte)
        if lower == UInt8(ascii: "e") || lower == UInt8(ascii: "u") {
            guard let next = peek(1) else {
                if mustWait(for: 1) { return false }
                startWord(lower)
                return true
            }
            if lower == UInt8(ascii: "e") && next == UInt8(ascii: "'") {
                markTokenStart()
                mode = .singleQuote(backslashEscapes: true)
                advance(2)
                return true
            }
            if lower == UInt8(ascii: "u") && next == UInt8(ascii: "&") {
                guard let quote = peek(2) else {
                    if mustWait(for: 2) { return false }
                    startWord(lower)
                    return true
                }
                if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
                    markTokenStart()
                    mode = quote == UInt8(ascii: "'") ? .singleQuote(backslashEscapes: false) : .doubleQuote
                    advance(3)
                    return true
                }
            }
        }
        // B'..', X'..', N'..' lex like plain strings for splitting: the word ends at the quote.
        startWord(lower)
        return true
    }

    private mutating func startWord(_ lower: UInt8) {
        wordActive = true
        word = [lower]
        advance()
    }

    /// `$`: a dollar-quote opener `$tag$`, a parameter `$1`, or a plain character.
    private mutating func scanDollar() -> Bool {
        if wordActive {
            // `$` continues an identifier: `a$b$` is one word, not a quote.
            word.append(UInt8(ascii: "$"))
            advance()
            return true
        }
        var offset = 1
        while true {
            guard let byte = peek(offset) else {
                if mustWait(for: offset) { return false }
                advance()
                return true
            }
            if byte == UInt8(ascii: "$") {
                let tag = Array(buffer[(index + 1)..<(index + offset)])
                markTokenStart()
                mode = .dollarQuote(tag: tag)
                advance(offset + 1)
                return true
            }
            let valid = offset == 1 ? SQLCharacter.isIdentifierStart(byte) : (SQLCharacter.isIdentifierStart(byte) || SQLCharacter.isDigit(byte))
            if !valid {
                // `$1` (parameter) or a stray `$`.
                advance()
                return true
            }
            offset += 1
        }
    }

    private mutating func scanSingleQuote(backslashEscapes: Bool) -> Bool {
        guard skip(to: UInt8(ascii: "'"), or: backslashEscapes ? UInt8(ascii: "\\") : nil) else { return true }
        let byte = buffer[index]
        if backslashEscapes && byte == UInt8(ascii: "\\") {
            if peek(1) == nil {
                if mustWait(for: 1) { return false }
                advance()
                return true
            }
            advance(2)
            return true
        }
        guard let next = peek(1) else {
            if mustWait(for: 1) { return false }
            advance()
            mode = .initial
            return true
        }
        if next == UInt8(ascii: "'") {
            advance(2)
            return true
        }
        if backslashEscapes {
            // `E'a'` newline `'b'` continues the E string (the server's quotecontinue); a plain
            // string's continuation lexes the same as a new string, so only E strings need this.
            // psql itself lexes line by line and misses this continuation, sending a statement the
            // server rejects as unterminated; here the server's lexer wins so such a script works.
            switch continuation(after: 1) {
            case .wait: return false
            case .continues(let quoteOffset):
                advance(quoteOffset + 1)
                return true
            case .ends: break
            }
        }
        advance()
        mode = .initial
        return true
    }

    enum Continuation { case wait, ends, continues(Int) }

    /// Whether psql's `quotecontinue` follows at `offset`: horizontal space or `--` comments, a
    /// newline, more whitespace or comments, then `'`.
    private func continuation(after offset: Int) -> Continuation {
        var position = offset
        var sawNewline = false
        while true {
            guard let byte = peek(position) else { return mustWait(for: position) ? .wait : .ends }
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                sawNewline = true
                position += 1
            case 0x20, 0x09, 0x0C:
                position += 1
            case 0x0B where sawNewline:
                position += 1
            case UInt8(ascii: "-"):
                guard let next = peek(position + 1) else { return mustWait(for: position + 1) ? .wait : .ends }
                guard next == UInt8(ascii: "-") else { return .ends }
                // A comment runs to the end of the line; the newline is counted above.
                while let c = peek(position), c != UInt8(ascii: "\n"), c != UInt8(ascii: "\r") { position += 1 }
            case UInt8(ascii: "'") where sawNewline:
                return .continues(position)
            default:
                return .ends
            }
        }
    }

    private mutating func scanDoubleQuote() -> Bool {
        guard skip(to: UInt8(ascii: "\"")) else { return true }
        // `""` inside an identifier lexes the same as closing and reopening.
        mode = .initial
        advance()
        return true
    }

    private mutating func scanDollarQuote(tag: [UInt8]) -> Bool {
        guard skip(to: UInt8(ascii: "$")) else { return true }
        let needed = tag.count + 1
        if index + needed >= buffer.count {
            if !isFinal { return false }
            advance()
            return true
        }
        if buffer[(index + 1)..<(index + 1 + tag.count)].elementsEqual(tag)
            && buffer[index + needed] == UInt8(ascii: "$")
        {
            advance(needed + 1)
            mode = .initial
        } else {
            // Only this `$`: the next one may start the closing delimiter.
            advance()
        }
        return true
    }

    private mutating func scanBlockComment(depth: Int) -> Bool {
        guard skip(to: UInt8(ascii: "/"), or: UInt8(ascii: "*")) else { return true }
        let byte = buffer[index]
        guard let next = peek(1) else {
            if mustWait(for: 1) { return false }
            advance()
            return true
        }
        if byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
            mode = .blockComment(depth: depth + 1)
            advance(2)
        } else if byte == UInt8(ascii: "*") && next == UInt8(ascii: "/") {
            mode = depth == 1 ? .initial : .blockComment(depth: depth - 1)
            advance(2)
        } else {
            advance()
        }
        return true
    }

    private mutating func scanLineComment(start: Int, candidate: Bool) -> Bool {
        guard skip(to: UInt8(ascii: "\n")) else { return true }
        if candidate {
            var text = buffer[(start - bufferBase)..<index]
            while let last = text.last, SQLCharacter.isWhitespace(last) { text = text.dropLast() }
            if text.elementsEqual(Self.marker) { markerLine = line }
        }
        // The newline itself is handled at top level.
        mode = .initial
        return true
    }

    private mutating func scanCopyRestOfLine() throws(ScriptError) -> Bool {
        let byte = buffer[index]
        if byte == UInt8(ascii: "\n") {
            advance()
            mode = .copyData
            return true
        }
        if SQLCharacter.isWhitespace(byte) {
            advance()
            return true
        }
        throw ScriptError(
            message: "COPY ... FROM STDIN must end its line; the data starts on the next line",
            line: line, column: currentColumn())
    }

    /// Every complete data line in the buffer at once: lines are found with `memchr` and only a
    /// line's first bytes are looked at, since `\.` alone on a line (a CR before the newline
    /// allowed) ends the data; the run of lines before it goes out as one chunk. A last line
    /// without its newline waits for more bytes (it may be the end marker), unless the input ended.
    private mutating func scanCopyData() -> Bool {
        let dataStart = index
        var lineStart = index
        var newlines = 0
        var end: (markerLine: Int, next: Int, hasNewline: Bool)?
        buffer.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            while lineStart < count {
                let newline = ByteScan.first(UInt8(ascii: "\n"), in: bytes, from: lineStart, to: count)
                if newline == nil && !isFinal { break }
                let lineEnd = newline ?? count
                var contentEnd = lineEnd
                if contentEnd > lineStart && bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
                if contentEnd - lineStart == 2 && bytes[lineStart] == UInt8(ascii: "\\")
                    && bytes[lineStart + 1] == UInt8(ascii: ".")
                {
                    end = (lineStart, newline.map { $0 + 1 } ?? count, newline != nil)
                    break
                }
                guard let newline else {
                    lineStart = count
                    break
                }
                newlines += 1
                lineStart = newline + 1
            }
        }
        // Pieces of at most `copyFlushSize`, whatever the caller fed at once (any split of COPY
        // data is fine: rows may span chunks).
        for pieceStart in stride(from: dataStart, to: keepsCopyData ? lineStart : dataStart, by: Self.copyFlushSize) {
            events.append(.copyData(Array(buffer[pieceStart..<min(pieceStart + Self.copyFlushSize, lineStart)])))
        }
        if newlines > 0 {
            line += newlines
            startLine(at: lineStart)
        }
        index = lineStart
        guard let end else { return lineStart < buffer.count ? false : true }
        events.append(.copyEnd)
        mode = .initial
        if end.hasNewline {
            line += 1
            startLine(at: end.next)
        }
        index = end.next
        return true
    }

    // MARK: - Statements and words

    var isCopyFromStdinPending = false

    private mutating func beginStatement() {
        statementStart = bufferBase + index
        startLine = line
        startColumn = currentColumn()
        startNonTransactional = markerLine.map { $0 == line - 1 } ?? false
        markerLine = nil
    }

    private mutating func emitStatement(endingAt end: Int) throws(ScriptError) {
        finishWord()
        guard let start = statementStart else { return }
        var bytes = buffer[(start - bufferBase)..<end]
        while let last = bytes.last, SQLCharacter.isWhitespace(last) { bytes = bytes.dropLast() }
        let isCopy = isCopyFromStdin
        let text = String(decoding: bytes, as: UTF8.self)
        if firstWord == "set" && Self.turnsOffStandardConformingStrings(text) {
            // psql would lex later '...' strings with backslash escapes; this splitter never does.
            throw ScriptError(
                message: "standard_conforming_strings = off is not supported; use E'...' for backslash escapes",
                line: startLine, column: startColumn)
        }
        events.append(
            .statement(
                ScriptStatement(
                    text: text, startLine: startLine,
                    startColumn: startColumn, startOffset: start,
                    isNonTransactional: startNonTransactional, isCopyFromStdin: isCopy,
                    isCopyToStdout: isCopyToStdout)))
        isCopyFromStdinPending = isCopy
        statementStart = nil
        parenDepth = 0
        beginDepth = 0
        identifierInitials = [0, 0, 0, 0]
        identifierCount = 0
        firstWord = ""
        previousTopLevelWord = ""
        isCopyFromStdin = false
        isCopyToStdout = false
        numberActive = false
    }

    /// Ends the word in progress and applies psql's BEGIN/CASE/END heuristic and COPY detection.
    private mutating func finishWord() {
        guard wordActive else { return }
        wordActive = false
        let text = String(decoding: word, as: UTF8.self)
        if ["create", "function", "procedure", "or", "replace"].contains(text), identifierCount < 4 {
            identifierInitials[identifierCount] = word[0]
        }
        if identifierCount == 0 { firstWord = text }
        identifierCount += 1
        let initials = identifierInitials.map { Character(Unicode.Scalar($0)) }
        let isRoutine =
            initials[0] == "c"
            && (initials[1] == "f" || initials[1] == "p"
                || (initials[1] == "o" && initials[2] == "r" && (initials[3] == "f" || initials[3] == "p")))
        if isRoutine && parenDepth == 0 {
            switch text {
            case "begin": beginDepth += 1
            case "case": if beginDepth >= 1 { beginDepth += 1 }
            case "end": if beginDepth > 0 { beginDepth -= 1 }
            default: break
            }
        }
        if parenDepth == 0 {
            // PostgreSQL's grammar takes STDIN and STDOUT alike as "the client" in either direction
            // (`COPY t TO STDIN` sends rows to the client; psql reads `COPY t FROM STDOUT`'s data
            // from the script, as for FROM STDIN).
            if firstWord == "copy" && (text == "stdin" || text == "stdout") {
                if previousTopLevelWord == "from" { isCopyFromStdin = true }
                if previousTopLevelWord == "to" { isCopyToStdout = true }
            }
            previousTopLevelWord = text
        }
    }

    /// `SET [SESSION|LOCAL] standard_conforming_strings {=|TO} off` (or false/0/no).
    static func turnsOffStandardConformingStrings(_ text: String) -> Bool {
        var words = text.lowercased().replacing("=", with: " = ").split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if words.count > 1 && (words[1] == "session" || words[1] == "local") { words.remove(at: 1) }
        guard words.count >= 4, words[0] == "set", words[1] == "standard_conforming_strings",
            words[2] == "=" || words[2] == "to"
        else { return false }
        let value = String(words[3].filter { $0 != "'" })
        return ["off", "false", "0", "no", "of", "fa", "f", "n"].contains(value)
    }

    // MARK: - Buffer management

    /// Drops bytes no longer needed: everything before the statement (or comment) in progress.
    private mutating func compact() {
        var keepFrom = bufferBase + index
        if let statementStart { keepFrom = min(keepFrom, statementStart) }
        if case .lineComment(let start, _) = mode { keepFrom = min(keepFrom, start) }
        let drop = keepFrom - bufferBase
        guard drop > 0 else { return }
        if columnAnchor < keepFrom {
            // The anchor's bytes are about to go: carry its column forward to the first kept byte.
            let from = columnAnchor - bufferBase
            let continuationBytes = buffer.withUnsafeBufferPointer {
                ByteScan.countContinuationBytes($0, from: from, to: drop)
            }
            anchorColumn += (drop - from) - continuationBytes
            columnAnchor = keepFrom
        }
        buffer.removeFirst(drop)
        bufferBase += drop
        index -= drop
    }

    var byteOrderMarkChecked = false

    /// Drops a leading UTF-8 byte order mark; false while too few bytes have arrived to tell.
    private mutating func checkByteOrderMark() -> Bool {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        if buffer.count < 3 && buffer.elementsEqual(mark.prefix(buffer.count)) { return false }
        byteOrderMarkChecked = true
        if buffer.starts(with: mark) {
            buffer.removeFirst(3)
            bufferBase = 3
            columnAnchor = 3
        }
        return true
    }
}
