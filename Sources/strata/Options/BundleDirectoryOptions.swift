import ArgumentParser
import Foundation

/// The `OUT_DIR` positional argument of the commands that read a bundle.
struct BundleDirectoryOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp("The bundle directory written by `strata compile`.", valueName: "out-dir"),
        completion: .directory)
    var outDirectory: String

    var url: URL { URL(fileURLWithPath: outDirectory) }
}
