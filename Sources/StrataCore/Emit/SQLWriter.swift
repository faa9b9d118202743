/// Accumulates script text line by line; `text` always ends with exactly one newline.
struct SQLWriter {
    private(set) var lines: [String] = []

    mutating func line(_ text: String) { lines.append(text) }

    /// A `--` comment line; an empty text gives a bare `--`.
    mutating func comment(_ text: String) { lines.append(text.isEmpty ? "--" : "-- " + text) }

    mutating func blankLine() { lines.append("") }

    var text: String {
        var lines = self.lines
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
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
