/// One integrity problem `verifyBundle` found: which revision and file, what was expected and
/// what was found.
public struct BundleProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// `chain.json` is missing, unreadable or not a chain.
        case unreadableChain
        /// A file's bytes do not match the checksum recorded for it.
        case checksumMismatch
        /// A file the chain lists is not there.
        case missingFile
        /// A `.sql` or `.json` file in the bundle that no revision lists.
        case extraFile
        /// A revision's id, position or file names do not fit its place in the chain.
        case misplacedRevision
        /// Two revisions share an id.
        case duplicateRevision
        /// A revision's parent is not the revision before it.
        case brokenParent
        /// The recorded chain hash is not the one its fields and parent give.
        case chainHashMismatch
        /// The transactional flag disagrees with the no-transaction markers in the scripts.
        case transactionalMismatch
        /// A script cannot be cut into statements (a psql meta-command, an unterminated quote
        /// at the end), or holds a transaction-control statement (`COMMIT`); `apply` would refuse it.
        case invalidScript
        /// A snapshot does not decode as a schema.
        case unreadableSnapshot
        /// A snapshot decodes but disagrees with the chain or its parent.
        case inconsistentSnapshot
    }

    public var kind: Kind
    /// The revision id, nil for problems of the bundle as a whole.
    public var revision: String?
    /// The file, relative to `out/`.
    public var file: String?
    /// What the problem is, lower-case.
    public var message: String
    public var expected: String?
    public var found: String?
    /// Where in `file` (1-based), for a problem with one statement of a script.
    public var line: Int?
    public var column: Int?

    public init(
        _ kind: Kind, revision: String?, file: String?, message: String, expected: String? = nil,
        found: String? = nil, line: Int? = nil, column: Int? = nil
    ) {
        self.kind = kind
        self.revision = revision
        self.file = file
        self.message = message
        self.expected = expected
        self.found = found
        self.line = line
        self.column = column
    }

    /// `file: revision R: message (expected X, found Y)`; `file:line:column: ...` when located.
    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line { text += ":\(line)" + (column.map { ":\($0)" } ?? "") }
            text += ": "
        }
        if let revision { text += "revision \(revision): " }
        text += message
        switch (expected, found) {
        case let (expected?, found?): text += " (expected \(expected), found \(found))"
        case let (expected?, nil): text += " (expected \(expected))"
        case let (nil, found?): text += " (found \(found))"
        case (nil, nil): break
        }
        return text
    }
}
