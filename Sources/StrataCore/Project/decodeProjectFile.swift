import Foundation

extension ProjectFile {
    static let topLevelKeys = ["schema_dir", "out_dir", "environments", "default_environment"]
    static let environmentKeys = ["url", "url_env", "lock_timeout", "wait"]

    /// Reads `strata.yaml` at `path` (shown in messages as `displayPath`), reporting every problem
    /// as a located diagnostic with "did you mean" notes, like a schema file. nil when it has errors.
    public static func load(path: String, displayPath: String? = nil, diagnostics: inout DiagnosticCollector) -> ProjectFile? {
        let shown = displayPath ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error("cannot read \(shown)")
            return nil
        }
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return decode(bytes: Array(data), path: shown, directory: directory, diagnostics: &diagnostics)
    }

    /// Decodes the bytes of a `strata.yaml` whose relative paths start at `directory`.
    public static func decode(
        bytes: [UInt8], path: String, directory: String, diagnostics: inout DiagnosticCollector
    ) -> ProjectFile? {
        var composed = DiagnosticCollector()
        guard let root = composeYAML(file: path, bytes: bytes, diagnostics: &composed) else {
            diagnostics.merge(composed)
            return nil
        }
        diagnostics.merge(composed)
        var reader = NodeReader()
        defer { diagnostics.merge(reader.diagnostics) }
        guard let fields = reader.fields(root, "strata.yaml", allowed: topLevelKeys) else { return nil }

        func directoryEntry(_ key: String, default value: String) -> String {
            guard let node = fields[key], let text = reader.string(node, "`\(key)`") else { return resolve(value) }
            return resolve(text)
        }
        func resolve(_ relative: String) -> String {
            URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
                .standardizedFileURL.path
        }
        var project = ProjectFile(
            path: path, directory: directory, schemaDirectory: directoryEntry("schema_dir", default: "schema"),
            outDirectory: directoryEntry("out_dir", default: "out"))

        if let node = fields["environments"], let pairs = reader.mapping(node, "`environments`") {
            for pair in pairs {
                let name = pair.key.scalar!.value
                if let environment = decodeEnvironment(name, pair.value, at: pair.key.location, path: path, reader: &reader) {
                    project.environments.append(environment)
                }
            }
        }
        if let node = fields["default_environment"], let name = reader.string(node, "`default_environment`") {
            let names = project.environments.map(\.name)
            if names.contains(name) {
                project.defaultEnvironment = name
            } else {
                let notes = Suggestion.note(for: name, in: names).map { [$0] } ?? []
                reader.diagnostics.error(
                    "`default_environment` names `\(name)`, which is not in `environments`"
                        + (names.isEmpty ? "" : " (" + names.map { "`\($0)`" }.joined(separator: ", ") + ")"),
                    at: node.location, notes: notes)
            }
        }
        return reader.diagnostics.hasErrors ? nil : project
    }

    private static func decodeEnvironment(
        _ name: String, _ node: YAMLNode, at location: SourceLocation, path: String, reader: inout NodeReader
    ) -> ProjectEnvironment? {
        let what = "environment `\(name)`"
        guard let fields = reader.fields(node, what, allowed: environmentKeys) else { return nil }
        var target: ProjectEnvironment.Target?
        switch (fields["url"], fields["url_env"]) {
        case (let url?, nil):
            if let text = reader.string(url, "`url` of \(what)") {
                target = .url(text)
                if urlHasPassword(text) {
                    reader.diagnostics.emit(
                        .warning(
                            "\(what) writes a password in \(path): anyone who can read the file can use it",
                            at: url.location,
                            notes: [
                                Diagnostic.Note(
                                    "use `url_env: VARIABLE`, a ~/.pgpass file (PGPASSFILE) or a service (PGSERVICE) instead")
                            ]))
                }
            }
        case (nil, let variable?):
            if let text = reader.string(variable, "`url_env` of \(what)") { target = .variable(text) }
        case (_?, _?):
            reader.diagnostics.error("\(what) has both `url` and `url_env`; give one", at: location)
        case (nil, nil):
            reader.diagnostics.error(
                "\(what) needs `url` (the database URL) or `url_env` (the variable that holds it)", at: location)
        }
        let lockTimeout = fields["lock_timeout"].flatMap { duration($0, "`lock_timeout` of \(what)", reader: &reader) }
        let wait = fields["wait"].flatMap { duration($0, "`wait` of \(what)", reader: &reader) }
        guard let target else { return nil }
        return ProjectEnvironment(name: name, target: target, lockTimeout: lockTimeout, wait: wait, location: location)
    }

    private static func duration(_ node: YAMLNode, _ what: String, reader: inout NodeReader) -> Double? {
        if let scalar = node.scalar, !scalar.isNull, let seconds = parseDuration(scalar.value) { return seconds }
        reader.diagnostics.error(
            "expected a duration for \(what), found \(node.kindDescription)", at: node.location,
            notes: [Diagnostic.Note("write seconds (`30`, `2.5`) or a number with a unit: `500ms`, `2s`, `1m`")])
        return nil
    }

    /// True when a URL or conninfo string carries a password: `user:secret@` in a URI's userinfo,
    /// or a `password=` parameter.
    static func urlHasPassword(_ text: String) -> Bool {
        if text.range(of: "password", options: .caseInsensitive) != nil { return true }
        guard let scheme = text.range(of: "://") else { return false }
        let rest = text[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        guard let colon = authority[..<at].firstIndex(of: ":") else { return false }
        return authority.index(after: colon) < at
    }
}

/// A duration as written in `strata.yaml` or on the command line: seconds (`30`, `2.5`) or a
/// number with a unit (`500ms`, `2s`, `1m`). nil when it is none of these or negative.
public func parseDuration(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
    var number = Substring(trimmed)
    var factor = 1.0
    for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
        number = trimmed.dropLast(suffix.count)
        factor = scale
        break
    }
    guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
        let value = Double(number), value.isFinite, value >= 0
    else { return nil }
    return value * factor
}
