/// The comment block every script starts with: which revision, its parent, its message, the
/// changes in plain words and the hazardous statements with their locks.
public struct ScriptHeader: Sendable {
    public enum Direction: String, Sendable { case up, down }

    public var revisionID: String
    /// nil for the first revision, whose parent is `base`.
    public var parentID: String?
    public var message: String
    public var direction: Direction

    public init(revisionID: String, parentID: String?, message: String, direction: Direction) {
        self.revisionID = revisionID
        self.parentID = parentID
        self.message = message
        self.direction = direction
    }

    /// `handWritten`: a `compile --empty` script, whose SQL compile never sees: its header says so
    /// instead of "none", which would read as a verdict on SQL written into it later.
    func write(changes: [String], hazards: [String], handWritten: Bool = false, to writer: inout SQLWriter) {
        writer.comment("strata revision \(revisionID) (\(direction.rawValue))")
        writer.comment("parent: \(parentID ?? "base")")
        // Any line break, `\r\n` (one Character in Swift) and a lone `\r` included: PostgreSQL ends a
        // `--` comment at either byte.
        let messageLines = message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        for (position, line) in messageLines.enumerated() {
            writer.comment((position == 0 ? "message: " : "  ") + line)
        }
        writer.comment("")
        let none = handWritten ? "  hand-written: not analysed, review by hand" : "  none"
        writer.comment("Changes:")
        if changes.isEmpty { writer.comment(none) }
        for change in changes { writer.comment("  - " + singleLine(change)) }
        writer.comment("")
        writer.comment("Hazards:")
        if hazards.isEmpty { writer.comment(none) }
        for hazard in hazards { writer.comment("  - " + singleLine(hazard)) }
    }
}

/// Header entries quote user SQL; a newline in it must not end the comment.
func singleLine(_ text: String) -> String {
    // Nearly every entry is ASCII without a line break (a 1,000-table header has thousands):
    // checking the bytes spares splitting it into Characters.
    let mayBreak = text.utf8.contains { byte in byte >= 0x80 || (byte >= 0x0A && byte <= 0x0D) }
    guard mayBreak else { return text }
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
}
