/// Accumulates script text line by line; `text` always ends with exactly one newline, and
/// blank lines at the end are left out.
///
/// The text is appended as it comes rather than kept as lines and joined at the end: the up
/// script of a 50 MB schema is 70 MB, and its lines held it a second time.
struct SQLWriter {
    private var written = ""
    /// Blank lines not written yet: only written once a line follows them.
    private var pendingBlankLines = 0

    mutating func line(_ text: String) {
        if text.isEmpty {
            pendingBlankLines += 1
            return
        }
        for _ in 0..<pendingBlankLines { written += "\n" }
        pendingBlankLines = 0
        written += text
        written += "\n"
    }

    /// A `--` comment line; an empty text gives a bare `--`.
    mutating func comment(_ text: String) { line(text.isEmpty ? "--" : "-- " + text) }

    mutating func blankLine() { pendingBlankLines += 1 }

    /// Room for `count` more bytes, when the caller knows about how much is coming.
    mutating func reserveCapacity(_ count: Int) { written.reserveCapacity(written.utf8.count + count) }

    var text: String { written.isEmpty ? "\n" : written }
}

/// One SQL statement of a script: its lines (the last ends in `;`) and whether it must run
/// outside a transaction block.
struct SQLStatement: Hashable {
    var lines: [String]
    var nonTransactional: Bool

    init(_ lines: [String], nonTransactional: Bool = false) {
        self.lines = lines
        self.nonTransactional = nonTransactional
    }

    init(_ line: String, nonTransactional: Bool = false) {
        self.init([line], nonTransactional: nonTransactional)
    }
}

/// The marker `apply` looks for on the line directly above a statement.
public let noTransactionMarker = "-- strata:no-transaction"
