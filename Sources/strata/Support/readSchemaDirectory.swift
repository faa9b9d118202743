import Foundation
import StrataCore

/// Why SCHEMA_DIR could not be read.
struct SchemaDirectoryError: Error, CustomStringConvertible {
    var description: String
}

/// Every `*.yaml` / `*.yml` file under `directory`, recursively, in sorted path order. Paths are
/// shown as the user spelled the directory (`schema/tables/memory.yaml`), or relative to the
/// current directory when an absolute path lies under it. Hidden files and directories are skipped.
func readSchemaDirectory(_ directory: String) throws(SchemaDirectoryError) -> [SourceFile] {
    let root = URL(fileURLWithPath: directory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw SchemaDirectoryError(description: "\(directory): not a directory (SCHEMA_DIR must hold the *.yaml schema files)")
    }
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else {
        throw SchemaDirectoryError(description: "\(directory): cannot be read")
    }
    var relativePaths: [String] = []
    while let relative = enumerator.nextObject() as? String {
        let components = relative.split(separator: "/")
        if components.contains(where: { $0.hasPrefix(".") }) { continue }
        guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
        var isDir: ObjCBool = false
        let full = root.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
        relativePaths.append(relative)
    }
    relativePaths.sort()
    guard !relativePaths.isEmpty else {
        throw SchemaDirectoryError(description: "\(directory): no *.yaml or *.yml files found")
    }
    let prefix = displayPrefix(for: directory)
    var files: [SourceFile] = []
    for relative in relativePaths {
        let url = root.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SchemaDirectoryError(description: "\(prefix + relative): cannot be read")
        }
        files.append(SourceFile(path: prefix + relative, contents: Array(data)))
    }
    return files
}

/// The directory as shown before each file's relative path: `schema/`, nothing for `.`.
private func displayPrefix(for directory: String) -> String {
    var shown = directory
    let cwd = FileManager.default.currentDirectoryPath
    if shown.hasPrefix("/") && shown.hasPrefix(cwd + "/") { shown = String(shown.dropFirst(cwd.count + 1)) }
    while shown.hasSuffix("/") && shown.count > 1 { shown.removeLast() }
    while shown.hasPrefix("./") { shown = String(shown.dropFirst(2)) }
    if shown == "." || shown.isEmpty { return "" }
    return shown + "/"
}
