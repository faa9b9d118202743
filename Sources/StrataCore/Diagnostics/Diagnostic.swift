/// One problem found in the input, reported to the user with its location.
///
/// Stages never print and never stop at the first problem: they append diagnostics to a
/// `DiagnosticCollector` and the pipeline decides at each stage boundary whether to go on.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error, warning, note
    }

    /// A secondary remark: "did you mean", "first declared here", the line that would fix it.
    public struct Note: Hashable, Sendable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    /// Lower-case, says what was found and what was expected.
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]
    /// For the line that stands for left-out repeats (see `DiagnosticCollector.limitPerKind`):
    /// how many diagnostics it stands for. 0 for every other diagnostic.
    public var omitted = 0

    public init(
        _ severity: Severity, _ message: String, at location: SourceLocation? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ message: String, at location: SourceLocation? = nil, notes: [Note] = [])
        -> Diagnostic
    {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    public static func warning(_ message: String, at location: SourceLocation? = nil, notes: [Note] = [])
        -> Diagnostic
    {
        Diagnostic(.warning, message, at: location, notes: notes)
    }

    /// `file:line:column: error: message`, without source snippet (the CLI's printer adds those).
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += "\(severity.rawValue): \(message)"
        for note in notes {
            text += "\n" + (note.location.map { "\($0): " } ?? "") + "note: \(note.message)"
        }
        return text
    }
}

/// Collects diagnostics from every stage so that all problems are reported at once.
///
/// Repeats are capped: past `limitPerKind` diagnostics of one kind (the message with its quoted
/// names and numbers left out), the rest are only counted, and `sorted` ends with one line per
/// capped kind saying how many were left out. A file with millions of unknown keys then costs
/// memory and output proportional to the kinds of problems, not to their number.
public struct DiagnosticCollector: Sendable {
    public static let limitPerKind = 20

    /// The diagnostics kept, in the order emitted.
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var hasErrors = false
    private var perKind: [String: Int] = [:]
    /// Kinds past the limit, in the order they reached it: an example and how many were left out.
    private var omitted: [(kind: String, example: Diagnostic, count: Int)] = []
    private var omittedIndex: [String: Int] = [:]

    public init() {}

    public mutating func emit(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error { hasErrors = true }
        let kind = Self.kind(of: diagnostic)
        let seen = perKind[kind, default: 0]
        guard seen >= Self.limitPerKind else {
            perKind[kind] = seen + 1
            diagnostics.append(diagnostic)
            return
        }
        leaveOut(kind: kind, example: diagnostic, count: 1)
    }

    public mutating func error(_ message: String, at location: SourceLocation? = nil, notes: [Diagnostic.Note] = []) {
        emit(.error(message, at: location, notes: notes))
    }

    /// An error whose notes are costly ("did you mean" searches) and only worked out when the
    /// error is shown rather than counted.
    /// With `kind` given by the caller, even the message is only built when it is shown (or is
    /// the first left out): a file with millions of unknown keys builds 20 messages, not millions.
    mutating func error(
        _ message: () -> String, kind: String, at location: SourceLocation?, lazyNotes: () -> [Diagnostic.Note]
    ) {
        hasErrors = true
        let key = "error:" + kind
        let seen = perKind[key, default: 0]
        if seen < Self.limitPerKind {
            perKind[key] = seen + 1
            diagnostics.append(.error(message(), at: location, notes: lazyNotes()))
        } else if let index = omittedIndex[key] {
            omitted[index].count += 1
        } else {
            leaveOut(kind: key, example: .error(message(), at: location), count: 1)
        }
    }

    /// Everything `other` collected, its left-out counts included.
    public mutating func merge(_ other: DiagnosticCollector) {
        for diagnostic in other.diagnostics { emit(diagnostic) }
        for entry in other.omitted {
            if entry.example.severity == .error { hasErrors = true }
            leaveOut(kind: entry.kind, example: entry.example, count: entry.count)
        }
    }

    private mutating func leaveOut(kind: String, example: Diagnostic, count: Int) {
        if let index = omittedIndex[kind] {
            omitted[index].count += count
        } else {
            omittedIndex[kind] = omitted.count
            omitted.append((kind, example, count))
        }
    }

    /// Diagnostics in a stable order: by location, then by message (unlocated ones last), then
    /// one line per capped kind.
    public var sorted: [Diagnostic] {
        let kept = diagnostics.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?): return l != r ? l < r : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
        return kept
            + omitted.map { entry in
                var summary = Diagnostic(
                    entry.example.severity,
                    "\(entry.count) more like \"\(entry.example.message)\" not shown",
                    notes: [.init("the first \(Self.limitPerKind) of this kind are shown above; fix them and compile again")])
                summary.omitted = entry.count
                return summary
            }
    }

    /// The message without what varies between repeats: text in backticks or quotes, and numbers.
    /// Works on UTF-8 bytes: it runs once per diagnostic, millions of times on a hostile file.
    static func kind(of diagnostic: Diagnostic) -> String {
        var key: [UInt8] = Array(diagnostic.severity.rawValue.utf8)
        key.append(UInt8(ascii: ":"))
        var quote: UInt8?
        var lastWasDigit = false
        var previousIsLetter = false
        for byte in diagnostic.message.utf8 {
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
            defer { previousIsLetter = isLetter }
            if let open = quote {
                if byte == open {
                    quote = nil
                    key.append(byte)
                }
                continue
            }
            // An apostrophe inside a word (`PostgreSQL's`) opens no quote.
            if byte == UInt8(ascii: "`") || byte == UInt8(ascii: "\"") || (byte == UInt8(ascii: "'") && !previousIsLetter) {
                quote = byte
                key.append(byte)
                lastWasDigit = false
            } else if byte >= 0x30 && byte <= 0x39 {
                if !lastWasDigit { key.append(UInt8(ascii: "#")) }
                lastWasDigit = true
            } else {
                key.append(byte)
                lastWasDigit = false
            }
        }
        return String(decoding: key, as: UTF8.self)
    }
}
