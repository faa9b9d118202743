public import Foundation
public import StrataCore

/// A bundle that passed verification, with the head's snapshot verification decoded: what every
/// command that reads `out/` starts from (compile, check, diff, history, bundle, apply, status).
public struct VerifiedBundle: Sendable {
    public var bundle: MigrationBundle
    /// The head's snapshot; nil for an empty chain.
    public var headSnapshot: Schema?

    /// Reads the chain in `directory`, then verifies the bundle (`verifyBundleReadingHead` at
    /// `depth`). Returns nil for a fresh `out/` (absent, or without chain and scripts) when
    /// `allowFresh`; otherwise an `out/` without a chain is refused.
    public static func open(at directory: URL, allowFresh: Bool, depth: VerificationDepth = .full)
        throws(BundleRefusal) -> VerifiedBundle?
    {
        let bundle: MigrationBundle?
        do {
            bundle = allowFresh ? try MigrationBundle.loadIfPresent(at: directory) : try MigrationBundle.load(at: directory)
        } catch {
            throw .unreadable(error)
        }
        guard let bundle else { return nil }
        let (problems, headSnapshot) = verifyBundleReadingHead(at: directory, depth: depth)
        guard problems.isEmpty else { throw .problems(problems, directory: directory.relativePath) }
        return VerifiedBundle(bundle: bundle, headSnapshot: headSnapshot)
    }
}

/// Why `out/` was refused: it could not be read, or it fails verification.
public enum BundleRefusal: Error, Sendable, CustomStringConvertible {
    case unreadable(BundleError)
    /// Every problem verification found; `directory` as the user named it.
    case problems([BundleProblem], directory: String)

    /// The error lines: the reason it could not be read, or one line per problem.
    public var errors: [String] {
        switch self {
        case .unreadable(let error): [error.description]
        case .problems(let problems, _): problems.map(\.description)
        }
    }

    /// The closing line after the problems: `out: 2 problems; the bundle fails verification`.
    public var summary: String? {
        guard case .problems(let problems, let directory) = self else { return nil }
        return "\(directory): \(problems.count) problem\(problems.count == 1 ? "" : "s"); the bundle fails verification"
    }

    public var description: String { (errors + (summary.map { [$0] } ?? [])).joined(separator: "\n") }
}
