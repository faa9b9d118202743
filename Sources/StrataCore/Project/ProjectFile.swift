import Foundation

/// `strata.yaml` (SPEC §2.2): the project's directories and its databases, so that a command
/// needs no repeated paths or URLs. Found by walking up from the working directory, like git.
public struct ProjectFile: Sendable, Equatable {
    public static let fileName = "strata.yaml"

    /// The file as shown in messages (the path it was read from).
    public var path: String
    /// The directory holding the file: every path in it is relative to this one.
    public var directory: String
    /// `schema_dir`, resolved against `directory` (default `schema`).
    public var schemaDirectory: String
    /// `out_dir`, resolved against `directory` (default `out`).
    public var outDirectory: String
    /// `environments`, in the order written.
    public var environments: [ProjectEnvironment]
    /// `default_environment`: the environment used when neither `--url` nor `-e` is given.
    public var defaultEnvironment: String?

    public init(
        path: String, directory: String, schemaDirectory: String, outDirectory: String,
        environments: [ProjectEnvironment] = [], defaultEnvironment: String? = nil
    ) {
        self.path = path
        self.directory = directory
        self.schemaDirectory = schemaDirectory
        self.outDirectory = outDirectory
        self.environments = environments
        self.defaultEnvironment = defaultEnvironment
    }

    public func environment(named name: String) -> ProjectEnvironment? {
        environments.first { $0.name == name }
    }

    /// The `strata.yaml` in `directory` or the nearest directory above it, or nil.
    public static func find(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(fileName).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            let parent = current.deletingLastPathComponent().standardizedFileURL
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// `path` as a person would type it from `workingDirectory`: relative when that is shorter
    /// to read (`out`, `../out`), absolute when the two share nothing but the root.
    public static func displayPath(_ path: String, from workingDirectory: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: workingDirectory, isDirectory: true).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count) && target[common] == base[common] { common += 1 }
        guard common > 1 || (base.count == 1 && common == 1) else { return path }
        let ups = Array(repeating: "..", count: base.count - common)
        let components = ups + target[common...]
        return components.isEmpty ? "." : components.joined(separator: "/")
    }
}

/// One entry of `environments:`.
public struct ProjectEnvironment: Sendable, Equatable {
    /// Where the environment's database is.
    public enum Target: Sendable, Equatable {
        /// `url:` written in the file.
        case url(String)
        /// `url_env:` the name of the variable holding the URL.
        case variable(String)
    }

    public var name: String
    public var target: Target
    /// `lock_timeout`, in seconds; nil when the file does not say.
    public var lockTimeout: Double?
    /// `wait`, in seconds; nil when the file does not say.
    public var wait: Double?
    /// Where the environment is declared (for messages about it).
    public var location: SourceLocation

    public init(name: String, target: Target, lockTimeout: Double? = nil, wait: Double? = nil, location: SourceLocation) {
        self.name = name
        self.target = target
        self.lockTimeout = lockTimeout
        self.wait = wait
        self.location = location
    }
}
