import ArgumentParser
import Foundation
import StrataCore

/// The `OUT_DIR` positional argument of the commands that read a bundle; without it, the
/// `out_dir` of `strata.yaml`.
struct BundleDirectoryOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "The bundle directory written by `strata compile` (default: out_dir of strata.yaml).", valueName: "out-dir"),
        completion: .directory)
    var outDirectoryArgument: String?

    func validate() throws {
        _ = try ProjectLookup.directory(outDirectoryArgument, \.outDirectory, missing: "give the bundle directory OUT_DIR")
    }

    var outDirectory: String { ProjectLookup.resolvedOutDirectory(outDirectoryArgument) }

    var url: URL { URL(fileURLWithPath: outDirectory) }
}
