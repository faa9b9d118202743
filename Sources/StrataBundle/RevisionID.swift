internal import Foundation

/// Revision ids (`NNNN_slug`, SPEC §5) and how a user names a revision on the command line.
public enum RevisionID {
    /// The longest slug kept from a message, in characters.
    public static let maxSlugLength = 40

    /// `NNNN_slug`: the position zero-padded to four digits (more when needed) and the message's slug.
    public static func make(position: Int, message: String) -> String {
        paddedPosition(position) + "_" + slug(message)
    }

    /// The position zero-padded to four digits, more when needed (`3` → `0003`).
    public static func paddedPosition(_ position: Int) -> String {
        let digits = String(position)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Lower-case ASCII letters and digits with `_` between words; accents are folded away and
    /// every other character separates words. Cut at a word boundary to `maxSlugLength`;
    /// `revision` when nothing is left.
    static func slug(_ message: String) -> String {
        let folded = message.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let candidate = slug.isEmpty ? word : slug + "_" + word
            if candidate.count > maxSlugLength {
                // A single over-long first word is cut rather than dropped.
                if slug.isEmpty { slug = String(word.prefix(maxSlugLength)) }
                break
            }
            slug = candidate
        }
        return slug.isEmpty ? "revision" : slug
    }

    /// The position an id starts with (`0003_add_x` → 3), or nil when it is not `digits_slug`.
    public static func position(of id: String) -> Int? {
        guard let underscore = id.firstIndex(of: "_") else { return nil }
        let digits = id[..<underscore]
        guard digits.count >= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let slug = id[id.index(after: underscore)...]
        guard !slug.isEmpty,
            slug.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else { return nil }
        return Int(digits)
    }

    /// The revision a full id or a unique prefix of one (`0003`) names. An exact id wins over
    /// longer ids that start with it.
    public static func resolve(_ reference: String, in revisions: [ChainEntry]) throws(RevisionLookupError)
        -> ChainEntry
    {
        if let exact = revisions.first(where: { $0.id == reference }) { return exact }
        let matches = reference.isEmpty ? [] : revisions.filter { $0.id.hasPrefix(reference) }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw .unknown(reference, known: revisions.map(\.id))
        default: throw .ambiguous(reference, candidates: matches.map(\.id))
        }
    }
}

/// A revision reference that names no revision, or more than one.
public enum RevisionLookupError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknown(String, known: [String])
    case ambiguous(String, candidates: [String])

    public var description: String {
        switch self {
        case .unknown(let reference, let known):
            let list = known.isEmpty ? "the chain is empty" : "known: " + known.joined(separator: ", ")
            return "no revision `\(reference)` in the chain (\(list))"
        case .ambiguous(let reference, let candidates):
            return "`\(reference)` names more than one revision: \(candidates.joined(separator: ", ")); give more of the id"
        }
    }
}
