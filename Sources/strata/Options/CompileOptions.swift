import ArgumentParser
import Foundation

/// `SCHEMA_DIR -o OUT_DIR`, shared by compile, check and diff.
struct SchemaAndBundleOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Directory of *.yaml / *.yml schema files, read recursively.", valueName: "schema-dir"),
        completion: .directory)
    var schemaDirectory: String

    @Option(name: [.short, .customLong("out")], help: ArgumentHelp("The bundle directory.", valueName: "out-dir"),
        completion: .directory)
    var outDirectory: String

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
