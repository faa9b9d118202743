/// Why a TARGET cannot be turned into a plan. All are bad input (exit 2): nothing has run.
public enum ApplyPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    case emptyTarget
    /// `-x`, `+0`, `--3`: a sign must be followed by a positive whole number.
    case badRelativeTarget(String)
    /// No revision id starts with the text; `known` lists the chain's ids for the message.
    case unknownRevision(String, known: [String])
    /// More than one revision id starts with the text.
    case ambiguousRevision(String, matches: [String])
    /// `-N` would go below base.
    case tooFarBack(requested: Int, available: Int, current: String)
    /// `+N` would go past head.
    case tooFarForward(requested: Int, available: Int, current: String)

    public var description: String {
        switch self {
        case .emptyTarget:
            return "--to needs a target: head, base, a revision id or unique prefix, -N or +N"
        case .badRelativeTarget(let text):
            return "`\(text)` is not a valid relative target: write -N or +N with N a positive whole number"
        case .unknownRevision(let text, let known):
            let list = known.isEmpty ? "the chain is empty" : "known revisions: " + known.joined(separator: ", ")
            return "no revision `\(text)` in the bundle (\(list))"
        case .ambiguousRevision(let text, let matches):
            return "`\(text)` is ambiguous: it is a prefix of " + matches.joined(separator: ", ")
                + "; give more of the id"
        case .tooFarBack(let requested, let available, let current):
            return "cannot go \(requested) back from \(current): only \(available) revision"
                + (available == 1 ? " is" : "s are") + " applied (use --to base to undo them all)"
        case .tooFarForward(let requested, let available, let current):
            return "cannot go \(requested) forward from \(current): only \(available) revision"
                + (available == 1 ? " is" : "s are") + " pending (use --to head)"
        }
    }
}
