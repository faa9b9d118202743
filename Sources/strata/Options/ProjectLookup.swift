import ArgumentParser
import Foundation
import StrataCore

/// The `strata.yaml` of the working directory (or the nearest one above it), read once, only by
/// a command that needs it: one given every path and `--url` never reads it. Its diagnostics
/// (errors, the password warning) are printed once, located, like a schema file's.
enum ProjectLookup {
    enum Loaded: Sendable {
        case none
        case found(ProjectFile)
        case invalid
    }

    static let loaded: Loaded = load()

    /// The project, nil when there is none; a file with errors exits 2 after printing them.
    static func current() throws(ExitCode) -> ProjectFile? {
        switch loaded {
        case .none: return nil
        case .found(let project): return project
        case .invalid: throw ExitCode(.badInput)
        }
    }

    /// The directory given on the command line, else the project's (shown relative to the working
    /// directory), else a usage error naming the flag.
    static func directory(
        _ given: String?, _ keyPath: KeyPath<ProjectFile, String>, missing: String
    ) throws -> String {
        if let given { return given }
        guard let project = try current() else {
            throw ValidationError("\(missing), or run the command inside a project (`strata init` starts one)")
        }
        return ProjectFile.displayPath(project[keyPath: keyPath], from: FileManager.default.currentDirectoryPath)
    }

    /// The out directory for a command whose positional OUT_DIR was already checked by `validate`.
    static func resolvedOutDirectory(_ given: String?) -> String {
        (try? directory(given, \.outDirectory, missing: "")) ?? given ?? ProjectFile.fileName
    }

    private static func load() -> Loaded {
        let workingDirectory = FileManager.default.currentDirectoryPath
        guard let path = ProjectFile.find(from: workingDirectory) else { return .none }
        let shown = ProjectFile.displayPath(path, from: workingDirectory)
        var diagnostics = DiagnosticCollector()
        let project = ProjectFile.load(path: path, displayPath: shown, diagnostics: &diagnostics)
        if !diagnostics.diagnostics.isEmpty {
            let bytes = FileManager.default.contents(atPath: path).map { Array($0) } ?? []
            DiagnosticPrinter(files: [SourceFile(path: shown, contents: bytes)]).print(diagnostics.sorted, wroteNothing: false)
        }
        return project.map(Loaded.found) ?? .invalid
    }
}
