/// Why the bundle in `out/` could not be read or written. Every case names the file.
public enum BundleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `out/chain.json` does not exist (and the directory is not an empty, fresh bundle).
    case missingChain(directory: String)
    /// A file the chain lists is not there.
    case missingFile(String)
    /// A file exists but could not be read or written.
    case io(file: String, reason: String)
    /// A JSON file did not decode.
    case malformedJSON(file: String, reason: String)
    /// `chain.json` has a `format` this strata does not know.
    case unsupportedFormat(file: String, found: Int, expected: Int)
    /// The directory holds scripts or snapshots but no chain file.
    case orphanFiles(directory: String, files: [String])
    /// A revision being appended does not follow the head of the chain.
    case notHeadChild(revision: String, expectedParent: String?, found: String?)
    /// A revision being appended migrates a different schema than the chain.
    case schemaMismatch(revision: String, chain: String, found: String)
    /// A revision being appended has an id that does not fit its position.
    case badRevisionID(String, expectedPosition: Int)
    /// A revision being appended reuses an existing file name.
    case fileExists(String)

    public var description: String {
        switch self {
        case .missingChain(let directory):
            return "\(directory)/\(ChainFile.fileName): not found; is this a strata bundle (the `-o <out-dir>` of compile)?"
        case .missingFile(let file):
            return "\(file): listed in \(ChainFile.fileName) but not found"
        case .io(let file, let reason):
            return "\(file): \(reason)"
        case .malformedJSON(let file, let reason):
            return "\(file): not valid JSON for this file: \(reason)"
        case .unsupportedFormat(let file, let found, let expected):
            return "\(file): format \(found) is not supported (this strata reads formats 1 to \(expected)); use the strata that wrote it, or a newer one"
        case .orphanFiles(let directory, let files):
            return "\(directory): holds \(files.joined(separator: ", ")) but no \(ChainFile.fileName)"
        case .notHeadChild(let revision, let expected, let found):
            return "revision \(revision): its parent is \(found ?? "base"), but the head of the chain is \(expected ?? "base")"
        case .schemaMismatch(let revision, let chain, let found):
            return "revision \(revision): migrates schema `\(found)`, but the chain migrates `\(chain)`"
        case .badRevisionID(let id, let position):
            return "revision id `\(id)` does not fit position \(position) (expected \(RevisionID.paddedPosition(position))_<slug>)"
        case .fileExists(let file):
            return "\(file): already exists and is not part of the chain; move it away first"
        }
    }
}
