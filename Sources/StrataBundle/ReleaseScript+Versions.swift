import StrataCore

extension ReleaseScript {
    /// The guard that stops the release script before any change when the server or an extension
    /// is older than its revisions need (SPEC §3.2), as `apply`'s preflight does: PostgreSQL's
    /// `server_version_num`, and per extension the installed version or, when it is not installed,
    /// the one `CREATE EXTENSION` would install. Dotted versions compare numerically, as int arrays.
    static func versionGuard(bundle: MigrationBundle, revisions: [ChainEntry]) throws(ReleaseScriptError) -> String {
        var known: [RevisionRequirements] = []
        for entry in revisions {
            do { known.append(try RevisionRequirements.of(entry, in: bundle)) } catch { throw .bundle(error) }
        }
        var postgres = VersionTargets.oldestPostgres
        var postgresDetail = ["strata's version table: UNIQUE NULLS NOT DISTINCT (PostgreSQL 15)"]
        var extensions: [String: (version: ExtensionVersion, detail: [String])] = [:]
        for revision in known {
            if let requirement = revision.requirements.postgres, requirement.version > VersionTargets.oldestPostgres {
                postgres = max(postgres, requirement.version)
                postgresDetail.append(
                    "\(revision.revision.id): " + requirement.needs.map { "\($0.described) (PostgreSQL \($0.version))" }
                        .joined(separator: ", "))
            }
            for requirement in revision.requirements.extensions {
                guard let version = ExtensionVersion(requirement.version) else { continue }
                var entry = extensions[requirement.name] ?? (version, [])
                if entry.version < version { entry.version = version }
                entry.detail.append(
                    "\(revision.revision.id): " + requirement.needs.map { "\($0.described) (\($0.version))" }
                        .joined(separator: ", "))
                extensions[requirement.name] = entry
            }
        }
        let unknown = known.filter { $0.source == .unknown }.map(\.revision.id)
        var lines = [
            "-- Versions: this database must offer at least what these revisions need, checked before any change:",
            "-- PostgreSQL \(postgres)"
                + extensions.keys.sorted().map { ", \(ExtensionNames.display($0)) \(extensions[$0]!.version)" }.joined()
                + ".",
        ]
        if !unknown.isEmpty {
            lines.append("-- (hand-written, declaring no requirements, so not checked: \(unknown.joined(separator: ", ")))")
        }
        lines += [
            "DO $strata$",
            "DECLARE",
            "    offered text;",
            "BEGIN",
            "    IF current_setting('server_version_num')::int < \(postgres * 10000) THEN",
            "        RAISE EXCEPTION 'strata: this release needs PostgreSQL \(postgres) or later; this server is %',",
            "            current_setting('server_version')",
            "            USING DETAIL = \(VersionTable.literal("needed by " + postgresDetail.joined(separator: "; "))),",
            "                  HINT = 'upgrade the server; nothing was changed';",
            "    END IF;",
        ]
        for name in extensions.keys.sorted() {
            let (version, detail) = extensions[name]!
            let display = ExtensionNames.display(name)
            lines += [
                "    offered := coalesce((SELECT extversion FROM pg_extension WHERE extname = \(VersionTable.literal(name))),",
                "        (SELECT default_version FROM pg_available_extensions WHERE name = \(VersionTable.literal(name))));",
                "    IF offered IS NOT NULL AND coalesce(string_to_array(substring(offered from '^[0-9]+(?:\\.[0-9]+)*'), '.')::int[],",
                "            '{}') < ARRAY[\(version.components.map(String.init).joined(separator: ","))] THEN",
                "        RAISE EXCEPTION 'strata: this release needs \(display) \(version) or later; this database has, or CREATE "
                    + "EXTENSION would install, \(name) %', offered",
                "            USING DETAIL = \(VersionTable.literal("needed by " + detail.joined(separator: "; "))),",
                "                  HINT = \(VersionTable.literal("install a newer \(display) on the database host (ALTER EXTENSION \(Identifier.quotedIfNeeded(name)) UPDATE where it is installed); nothing was changed"));",
                "    END IF;",
            ]
        }
        lines += ["END", "$strata$;"]
        return lines.joined(separator: "\n")
    }
}
