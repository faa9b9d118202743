public import StrataCore

/// What the server says about one extension the bundle declares.
public enum ExtensionStatus: Hashable, Sendable {
    /// Installed in the schema the bundle expects.
    case installed
    /// Installed, but in another schema: the scripts' `public.vector(n)` types would not resolve.
    case installedElsewhere(schema: String)
    /// Not installed, and this role may create it (superuser, or a trusted extension).
    case creatable
    /// Not installed, and only a superuser can create it.
    case needsSuperuser
    /// The server has no such extension (its package is not installed on the server host).
    case unavailable
    /// Not installed, and the schema it should go into does not exist.
    case schemaMissing
}

/// Checks, before the first revision runs, that every extension the bundle declares exists where
/// the scripts expect it or can be created by this role (SPEC §4: `vector` is not trusted, so an app
/// role cannot create it; better to stop before any change than to fail halfway).
public struct ExtensionPreflight: Sendable {
    public var extensions: [Extension]
    /// The managed schema: `apply` creates it before the first revision runs, so an extension
    /// declared in it does not need it to exist yet.
    public var managedSchema: String?

    public init(extensions: [Extension], managedSchema: String? = nil) {
        self.extensions = extensions.sorted { $0.name < $1.name }
        self.managedSchema = managedSchema
    }

    /// The status of each declared extension, in name order.
    public func check(on connection: borrowing Connection) throws(PostgresError) -> [(Extension, ExtensionStatus)] {
        var statuses: [(Extension, ExtensionStatus)] = []
        for declared in extensions {
            statuses.append((declared, try status(of: declared, on: connection)))
        }
        return statuses
    }

    func status(of declared: Extension, on connection: borrowing Connection) throws(PostgresError) -> ExtensionStatus {
        let installed = try connection.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1",
            parameters: [declared.name])
        if installed.rowCount > 0 {
            let schema = installed.value(row: 0, column: 0) ?? ""
            return schema == declared.schema ? .installed : .installedElsewhere(schema: schema)
        }
        // A trusted extension needs CREATE on the database (and on the target schema when it exists);
        // an untrusted one needs a superuser.
        let result = try connection.execute(
            """
            SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
                   v.trusted,
                   has_database_privilege(current_database(), 'CREATE'),
                   (SELECT has_schema_privilege(nspname, 'CREATE') FROM pg_namespace WHERE nspname = $2)
            FROM pg_available_extensions a
            LEFT JOIN pg_available_extension_versions v ON v.name = a.name AND v.version = a.default_version
            WHERE a.name = $1
            """, parameters: [declared.name, declared.schema])
        guard result.rowCount > 0 else { return .unavailable }
        if declared.schema != managedSchema {
            let schemaExists = try connection.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = $1", parameters: [declared.schema]
            ).rowCount > 0
            guard schemaExists else { return .schemaMissing }
        }
        if result.value(row: 0, column: 0) == "t" { return .creatable }
        let trusted = result.value(row: 0, column: 1) == "t"
        let databaseCreate = result.value(row: 0, column: 2) == "t"
        let schemaCreate = result.value(row: 0, column: 3) != "f"
        return trusted && databaseCreate && schemaCreate ? .creatable : .needsSuperuser
    }

    /// The refusal for the statuses that stop the run, or nil when every extension is fine.
    public static func failure(for statuses: [(Extension, ExtensionStatus)], role: String) -> ApplyFailure? {
        var lines: [String] = []
        var superuserStatements: [String] = []
        for (declared, status) in statuses {
            let create = "CREATE EXTENSION IF NOT EXISTS \(Identifier.quotedIfNeeded(declared.name)) WITH SCHEMA "
                + "\(Identifier.quotedIfNeeded(declared.schema));"
            switch status {
            case .installed, .creatable:
                continue
            case .installedElsewhere(let schema):
                lines.append(
                    "extension \(declared.name) is installed in schema \(schema), but the bundle expects it in "
                        + "schema \(declared.schema) (its types are written \(declared.schema).<type>). Move it with "
                        + "`ALTER EXTENSION \(Identifier.quotedIfNeeded(declared.name)) SET SCHEMA "
                        + "\(Identifier.quotedIfNeeded(declared.schema));` (if nothing else depends on where it is), "
                        + "or declare `schema: \(schema)` for it in the YAML and compile again.")
            case .needsSuperuser:
                lines.append("extension \(declared.name) is not installed, and role \(role) cannot create it "
                    + "(it is not a trusted extension, or the role lacks CREATE; creating it needs a superuser).")
                superuserStatements.append(create)
            case .schemaMissing:
                lines.append("extension \(declared.name) should go into schema \(declared.schema), which does not exist: "
                    + "create it (`CREATE SCHEMA \(Identifier.quotedIfNeeded(declared.schema));`) or declare the extension "
                    + "in an existing schema.")
            case .unavailable:
                lines.append("extension \(declared.name) is not available on this server: install its package "
                    + "on the database host (for pgvector: postgresql-<major>-pgvector), then a superuser runs: "
                    + create)
            }
        }
        guard !lines.isEmpty else { return nil }
        var message = "cannot apply: nothing has been changed.\n" + lines.joined(separator: "\n")
        if !superuserStatements.isEmpty {
            message += "\nA superuser must run, in this database:\n"
                + superuserStatements.map { "    " + $0 }.joined(separator: "\n")
                + "\nthen run apply again."
        }
        return ApplyFailure(.database, message)
    }
}
