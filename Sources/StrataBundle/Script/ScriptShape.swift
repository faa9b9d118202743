import StrataCore

/// Where each statement of a script runs (SPEC §6): the statements marked
/// `-- strata:no-transaction` must all come first (the **prefix**, each committed alone before the
/// body) or, in an up script, last (the **suffix**, run alone after the body's transaction has
/// recorded the revision as incomplete). Everything between is the **body**: one transaction with
/// the version row. A marked statement between two transactional ones is **misplaced**: running it
/// there would commit part of the revision without its version row, so a retry would repeat it.
///
/// Built statement by statement (`add`), so it streams with the script.
public struct ScriptShape: Hashable, Sendable {
    /// Which part of the script a statement belongs to.
    public enum Phase: Hashable, Sendable { case prefix, body, suffix }

    public private(set) var statementCount = 0
    /// 1-based numbers of the first and last transactional statements; nil when there is none.
    public private(set) var firstTransactional: Int?
    public private(set) var lastTransactional: Int?
    /// Lines of marked statements that have transactional statements both before and after them.
    public private(set) var misplacedLines: [Int] = []
    /// Lines of the marked statements since the last transactional one: misplaced if another
    /// transactional statement follows; at the end of the script, the suffix.
    public private(set) var trailingMarkedLines: [Int] = []

    /// The `SET LOCAL` statements of `PinnedSettings` that open the body (a generated script's),
    /// as session-level `SET`s: `apply` and the release bundle hold them around the prefix and
    /// suffix too, which run outside the body's transaction, and reset them after the revision.
    /// Other settings (a role, a `search_path`) stay local to the body, where the script put them:
    /// held for the session, they would also govern the suffix's bookkeeping. A hand-written script
    /// without them keeps the session's settings.
    public private(set) var sessionPins: [String] = []
    /// Whether the statements seen so far in the body are all `SET LOCAL`.
    private var bodyOpensWithPins = true

    public init() {}

    /// The shape of a whole script's events.
    public init(_ events: [ScriptEvent]) {
        for case .statement(let statement) in events { add(statement) }
    }

    public mutating func add(_ statement: ScriptStatement) {
        add(isNonTransactional: statement.isNonTransactional, line: statement.startLine)
        guard !statement.isNonTransactional, bodyOpensWithPins else { return }
        guard Self.isLocalSet(statement.text) else {
            bodyOpensWithPins = false
            return
        }
        if let pin = Self.sessionForm(ofLocalSet: statement.text) { sessionPins.append(pin) }
    }

    /// `SET name = value` for a `SET LOCAL name {=|TO} value` statement of a pinned setting, nil
    /// for anything else.
    static func sessionForm(ofLocalSet text: String) -> String? {
        let words = text.split(maxSplits: 2, whereSeparator: { $0.isWhitespace })
        guard words.count == 3, words[0].lowercased() == "set", words[1].lowercased() == "local" else { return nil }
        let name = words[2].prefix { $0 != "=" && !$0.isWhitespace }.lowercased()
        guard PinnedSettings.settings.contains(where: { $0.name.lowercased() == name }) else { return nil }
        return "SET " + words[2]
    }

    /// Whether `text` is a `SET LOCAL` statement (pinned or not, it may open the body).
    static func isLocalSet(_ text: String) -> Bool {
        let words = text.split(maxSplits: 2, whereSeparator: { $0.isWhitespace })
        return words.count == 3 && words[0].lowercased() == "set" && words[1].lowercased() == "local"
    }

    public mutating func add(isNonTransactional: Bool, line: Int) {
        statementCount += 1
        if isNonTransactional {
            if firstTransactional != nil { trailingMarkedLines.append(line) }
            return
        }
        if firstTransactional == nil { firstTransactional = statementCount }
        lastTransactional = statementCount
        misplacedLines += trailingMarkedLines
        trailingMarkedLines = []
    }

    /// How many statements run before the body (all of them when none is transactional).
    public var prefixCount: Int { firstTransactional.map { $0 - 1 } ?? statementCount }

    /// How many statements run after the body.
    public var suffixCount: Int { lastTransactional.map { statementCount - $0 } ?? 0 }

    public var hasSuffix: Bool { suffixCount > 0 }

    /// The part statement `number` (1-based) belongs to.
    public func phase(ofStatement number: Int) -> Phase {
        if number <= prefixCount { return .prefix }
        if let last = lastTransactional, number > last { return .suffix }
        return .body
    }

    /// Lines of the marked statements that cannot run where they are: the misplaced ones, and in a
    /// down script (which has no suffix: undoing a revision is atomic) the suffix too.
    public func refusedLines(isDown: Bool) -> [Int] {
        isDown ? misplacedLines + trailingMarkedLines : misplacedLines
    }

    /// Why a misplaced marked statement at `file:line` is refused.
    public static func misplacedExplanation(file: String, line: Int, isDown: Bool = false) -> String {
        "\(file):\(line): error: a statement marked `-- strata:no-transaction` sits between transactional "
            + "statements. A revision runs as [prefix][body][suffix]: marked statements that are safe to repeat "
            + "(ALTER TYPE ... ADD VALUE IF NOT EXISTS, DROP INDEX CONCURRENTLY IF EXISTS) come first and run "
            + "alone before the body; the body runs in one transaction with the version row"
            + (isDown
                ? "; a down script has no suffix (build or drop its indexes without CONCURRENTLY, inside the transaction). "
                : "; marked statements that must wait for the body (CREATE INDEX CONCURRENTLY IF NOT EXISTS) come last, "
                    + "after every transactional statement. ")
            + "Move the statement, then run `strata rehash`."
    }
}
