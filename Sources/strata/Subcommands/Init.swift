import ArgumentParser
import Foundation
import StrataCore

extension Strata {
    /// `strata init [DIR] [--schema NAME]`: start a project (SPEC §2.1, §2.2).
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a project: strata.yaml, schema/NAME.yaml with the schema: block, schema/tables/ and out/.",
            discussion: """
                Writes nothing when DIR already holds a strata.yaml, or a non-empty schema/ or out/. Then declare \
                tables under schema/tables/ and run `strata compile -m init`.
                """)

        @Argument(help: ArgumentHelp("Where to start the project (default: the current directory).", valueName: "dir"),
            completion: .directory)
        var directory: String = "."

        @Option(help: ArgumentHelp(
            "The managed PostgreSQL schema (default: the directory's name, made a lower-case identifier).",
            valueName: "NAME"))
        var schema: String?

        func run() throws {
            let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
            let name = schema ?? ProjectTemplate.schemaName(forDirectory: root.lastPathComponent)
            if let problem = ProjectTemplate.identifierProblem(name) {
                Console.error("--schema \(name): \(problem)")
                throw ExitCode(.badInput)
            }
            let files = ProjectTemplate(schemaName: name).files
            let refusals = ProjectTemplate.existingContent(in: root.path, files: files)
            guard refusals.isEmpty else {
                for path in refusals { Console.error("\(path) already exists; init writes nothing over a project") }
                throw ExitCode(.badInput)
            }
            let shown = directory.trimmingSlashes
            do {
                for directory in ProjectTemplate.directories {
                    try FileManager.default.createDirectory(
                        at: root.appendingPathComponent(directory, isDirectory: true), withIntermediateDirectories: true)
                }
                for file in files {
                    try Data(file.contents.utf8).write(to: root.appendingPathComponent(file.path), options: .withoutOverwriting)
                }
            } catch {
                Console.error("cannot write the project in \(shown): \(error.localizedDescription)")
                throw ExitCode(.badInput)
            }
            let prefix = shown == "." ? "" : shown + "/"
            Console.line("started project `\(name)` in \(shown == "." ? "the current directory" : shown):")
            for file in files { Console.line("  \(prefix)\(file.path)") }
            for directory in ProjectTemplate.directories where directory != "schema" {
                Console.line("  \(prefix)\(directory)/")
            }
            Console.line("next: declare a table under \(prefix)schema/tables/, then `strata compile -m init`")
        }
    }
}
