/// Where `apply --to TARGET` should leave the database (SPEC §2).
public enum ApplyTarget: Hashable, Sendable, CustomStringConvertible {
    /// The last revision of the chain.
    case head
    /// No revision applied: the managed schema holds only the version table.
    case base
    /// A full revision id or a unique prefix of one (`0003`).
    case revision(String)
    /// `-N`: N revisions back from where the database is.
    case back(Int)
    /// `+N`: N revisions forward from where the database is.
    case forward(Int)

    /// Parses the command-line spelling; a number with a sign is relative, anything else names a revision.
    public init(parsing text: String) throws(ApplyPlanError) {
        let trimmed = text.trimmingWhitespace()
        switch trimmed {
        case "": throw .emptyTarget
        case "head": self = .head
        case "base": self = .base
        default:
            guard let sign = trimmed.first, sign == "-" || sign == "+" else {
                self = .revision(trimmed)
                return
            }
            let digits = trimmed.dropFirst()
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let count = Int(digits), count > 0 else {
                throw .badRelativeTarget(trimmed)
            }
            self = sign == "-" ? .back(count) : .forward(count)
        }
    }

    public var description: String {
        switch self {
        case .head: "head"
        case .base: "base"
        case .revision(let id): id
        case .back(let count): "-\(count)"
        case .forward(let count): "+\(count)"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
