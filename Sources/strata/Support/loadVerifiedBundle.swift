import ArgumentParser
import Foundation
import StrataBundle
import StrataCore

/// Reads OUT_DIR and verifies it; a bundle that fails verification is bad input (exit 2), and
/// every problem is printed. Returns nil for a fresh OUT_DIR (absent, or without chain and scripts)
/// when `allowFresh`.
func loadVerifiedBundle(at url: URL, allowFresh: Bool) throws -> MigrationBundle? {
    try loadVerifiedBundleAndHead(at: url, allowFresh: allowFresh)?.bundle
}

/// `loadVerifiedBundle`, plus the head's snapshot that verification decoded (nil for an empty
/// chain); `depth` as `verifyBundleReadingHead` takes it.
func loadVerifiedBundleAndHead(at url: URL, allowFresh: Bool, depth: VerificationDepth = .full) throws
    -> (bundle: MigrationBundle, headSnapshot: Schema?)?
{
    let bundle: MigrationBundle?
    do {
        bundle = allowFresh ? try MigrationBundle.loadIfPresent(at: url) : try MigrationBundle.load(at: url)
    } catch {
        Console.error(error.description)
        throw ExitCode(.badInput)
    }
    guard let bundle else { return nil }
    let (problems, headSnapshot) = verifyBundleReadingHead(at: url, depth: depth)
    guard problems.isEmpty else {
        reportProblems(problems, in: url)
        throw ExitCode(.badInput)
    }
    return (bundle, headSnapshot)
}

/// Prints verification problems on stderr, one per line, then a count.
func reportProblems(_ problems: [BundleProblem], in url: URL) {
    for problem in problems { Console.error(problem.description) }
    Console.err(
        "\(url.relativePath): \(problems.count) problem\(problems.count == 1 ? "" : "s"); the bundle fails verification\n")
}
