/// One SQL statement of a script, as the splitter found it.
public struct ScriptStatement: Sendable, Equatable {
    /// The statement's source text: from its first token up to (not including) the terminating
    /// `;`, trailing whitespace removed. Comments inside it are kept so server positions map back.
    public var text: String
    /// 1-based line of the first token.
    public var startLine: Int
    /// 1-based column (in Unicode scalars) of the first token.
    public var startColumn: Int
    /// 0-based byte offset of the first token in the script.
    public var startOffset: Int
    /// True when the line directly above the statement is `-- strata:no-transaction`.
    public var isNonTransactional: Bool
    /// True for `COPY ... FROM STDIN`: `.copyData` events and one `.copyEnd` follow this statement.
    public var isCopyFromStdin: Bool
    /// True for `COPY ... TO STDOUT` (a table or a query): it sends rows to the client.
    public var isCopyToStdout: Bool

    public init(
        text: String, startLine: Int, startColumn: Int = 1, startOffset: Int = 0,
        isNonTransactional: Bool = false, isCopyFromStdin: Bool = false, isCopyToStdout: Bool = false
    ) {
        self.text = text
        self.startLine = startLine
        self.startColumn = startColumn
        self.startOffset = startOffset
        self.isNonTransactional = isNonTransactional
        self.isCopyFromStdin = isCopyFromStdin
        self.isCopyToStdout = isCopyToStdout
    }

    /// Maps a server error `position` (1-based, in characters of `text`) to a 1-based file line and
    /// column. Positions past the end map to the end of the statement.
    public func location(ofCharacterPosition position: Int) -> (line: Int, column: Int) {
        var line = startLine
        var column = startColumn
        var remaining = max(position, 1) - 1
        for scalar in text.unicodeScalars {
            if remaining == 0 { break }
            remaining -= 1
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// What the splitter yields, in script order.
public enum ScriptEvent: Sendable, Equatable {
    /// A complete statement.
    case statement(ScriptStatement)
    /// A chunk of the data lines that follow a `COPY ... FROM STDIN` statement (newlines included,
    /// the terminating `\.` line excluded). Chunks split the data at arbitrary line boundaries.
    case copyData([UInt8])
    /// The end of a COPY's data (the `\.` line, or the end of the script).
    case copyEnd
}

/// A script the splitter cannot handle, with the 1-based line and column of the cause.
public struct ScriptError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }
}
