import ArgumentParser
import Foundation
import StrataBundle
import StrataCore

/// Reads OUT_DIR and verifies it; a bundle that fails verification is bad input (exit 2), and
/// every problem is printed. Returns nil for a fresh OUT_DIR (absent, or without chain and scripts)
/// when `allowFresh`.
func loadVerifiedBundle(at url: URL, allowFresh: Bool) throws -> MigrationBundle? {
    try readVerifiedBundle(at: url, allowFresh: allowFresh, depth: .full).reported(for: url)?.bundle
}

/// A bundle that passed verification, with the head's snapshot verification decoded.
struct VerifiedBundle: Sendable {
    var bundle: MigrationBundle
    var headSnapshot: Schema?
}

/// Why OUT_DIR was refused: it could not be read, or it fails verification.
enum BundleRefusal: Error {
    case unreadable(BundleError)
    case problems([BundleProblem])
}

/// `loadVerifiedBundle` without printing anything, so it can run beside other work, plus the
/// head's snapshot that verification decoded (nil for an empty chain); `depth` as
/// `verifyBundleReadingHead` takes it.
func readVerifiedBundle(at url: URL, allowFresh: Bool, depth: VerificationDepth) -> Result<VerifiedBundle?, BundleRefusal> {
    let bundle: MigrationBundle?
    do {
        bundle = allowFresh ? try MigrationBundle.loadIfPresent(at: url) : try MigrationBundle.load(at: url)
    } catch {
        return .failure(.unreadable(error))
    }
    guard let bundle else { return .success(nil) }
    let (problems, headSnapshot) = verifyBundleReadingHead(at: url, depth: depth)
    guard problems.isEmpty else { return .failure(.problems(problems)) }
    return .success(VerifiedBundle(bundle: bundle, headSnapshot: headSnapshot))
}

extension Result<VerifiedBundle?, BundleRefusal> {
    /// The bundle, or the refusal printed and exit 2.
    func reported(for url: URL) throws -> VerifiedBundle? {
        switch self {
        case .success(let verified):
            return verified
        case .failure(.unreadable(let error)):
            Console.error(error.description)
            throw ExitCode(.badInput)
        case .failure(.problems(let problems)):
            reportProblems(problems, in: url)
            throw ExitCode(.badInput)
        }
    }
}

/// Prints verification problems on stderr, one per line, then a count.
func reportProblems(_ problems: [BundleProblem], in url: URL) {
    for problem in problems { Console.error(problem.description) }
    Console.err(
        "\(url.relativePath): \(problems.count) problem\(problems.count == 1 ? "" : "s"); the bundle fails verification\n")
}
