import Foundation

/// What `strata init` writes: a `strata.yaml`, the `schema:` block, `schema/tables/` and `out/`.
public struct ProjectTemplate: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to the project directory.
        public var path: String
        public var contents: String
    }

    public var schemaName: String

    public init(schemaName: String) { self.schemaName = schemaName }

    /// Created empty (schema/ holds the settings file, tables/ the tables to come).
    public static let directories = ["schema", "schema/tables", "out"]

    public var files: [File] {
        [
            File(
                path: ProjectFile.fileName,
                contents: """
                    # The strata project: where the YAML and the compiled revisions live, and the databases.
                    # Paths are relative to this file. Durations are seconds or 500ms / 2s / 1m.
                    schema_dir: schema
                    out_dir: out
                    environments:
                      # `strata apply --to head -e dev`; url_env names the variable holding the URL,
                      # so no password is written here.
                      dev: { url_env: DATABASE_URL }
                      # prod: { url_env: PROD_DATABASE_URL, lock_timeout: 2s, wait: 120s }
                    # default_environment: dev

                    """),
            File(
                path: "schema/\(schemaName).yaml",
                contents: """
                    # The managed PostgreSQL schema: every table, enum and sequence declared under schema/
                    # lives in it. Declare tables in schema/tables/*.yaml.
                    schema:
                      name: \(schemaName)
                      # extensions: [vector]   # CREATE EXTENSION IF NOT EXISTS vector (pgvector), schema public

                    """),
        ]
    }

    /// The schema name `init` picks for a directory: its name lower-cased, every other character
    /// an underscore, `app` when nothing usable is left.
    public static func schemaName(forDirectory name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            let isWord = character.isASCII && (character.isLetter || character.isNumber)
            result.append(isWord ? character : "_")
        }
        while result.contains("__") { result = result.replacing("__", with: "_") }
        result = String(result.trimmingPrefix("_"))
        while result.hasSuffix("_") { result.removeLast() }
        if let first = result.first, first.isNumber { result = "s_" + result }
        return result.isEmpty ? "app" : String(result.prefix(63))
    }

    /// Why `name` cannot be the managed schema's name, or nil.
    public static func identifierProblem(_ name: String) -> String? {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLowercase) else {
            return "a schema name starts with a lower-case letter or `_`"
        }
        guard name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }) else {
            return "use lower-case letters, digits and `_` (a name PostgreSQL needs no quotes for)"
        }
        guard name.utf8.count <= 63 else { return "PostgreSQL names are at most 63 bytes" }
        guard !name.hasPrefix("pg_") else { return "names starting with pg_ are reserved by PostgreSQL" }
        return nil
    }

    /// The paths under `root` that `init` would write over: an existing strata.yaml or file of the
    /// template, or a non-empty schema/ or out/ directory.
    public static func existingContent(in directory: String, files: [File]) -> [String] {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let manager = FileManager.default
        var found: [String] = []
        for file in files where manager.fileExists(atPath: root.appendingPathComponent(file.path).path) {
            found.append(file.path)
        }
        for directory in directories where directory != "schema/tables" {
            let path = root.appendingPathComponent(directory).path
            if let entries = try? manager.contentsOfDirectory(atPath: path), !entries.isEmpty,
                !found.contains(where: { $0.hasPrefix(directory + "/") })
            {
                found.append(directory + "/")
            }
        }
        return found
    }
}
