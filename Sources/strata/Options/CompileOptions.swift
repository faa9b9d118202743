import ArgumentParser
import StrataCore
import Foundation

/// `SCHEMA_DIR -o OUT_DIR`, shared by compile, check and diff; either defaults to the
/// `schema_dir` / `out_dir` of `strata.yaml`.
struct SchemaAndBundleOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Directory of *.yaml / *.yml schema files, read recursively (default: schema_dir of strata.yaml).",
            valueName: "schema-dir"),
        completion: .directory)
    var schemaDirectoryArgument: String?

    @Option(
        name: [.short, .customLong("out")],
        help: ArgumentHelp("The bundle directory (default: out_dir of strata.yaml).", valueName: "out-dir"),
        completion: .directory)
    var outDirectoryArgument: String?

    func validate() throws {
        _ = try ProjectLookup.directory(schemaDirectoryArgument, \.schemaDirectory, missing: "give SCHEMA_DIR")
        _ = try ProjectLookup.directory(outDirectoryArgument, \.outDirectory, missing: "give the bundle directory with -o OUT_DIR")
    }

    var schemaDirectory: String {
        (try? ProjectLookup.directory(schemaDirectoryArgument, \.schemaDirectory, missing: "")) ?? schemaDirectoryArgument ?? ""
    }

    var outDirectory: String { ProjectLookup.resolvedOutDirectory(outDirectoryArgument) }

    var outURL: URL { URL(fileURLWithPath: outDirectory) }
}

/// `-m`, `--allow-destructive`: what shapes the next revision (compile, and check/diff so they
/// show exactly what compile would write).
struct RevisionOptions: ParsableArguments {
    @Option(name: [.short, .customLong("message")], help: "The revision's message; its slug names the files.")
    var message: String?

    @Flag(help: "Allow a revision that loses data (drops a table or column, narrows a type, ...).")
    var allowDestructive = false
}
