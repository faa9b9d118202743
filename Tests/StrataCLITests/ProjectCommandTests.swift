import Foundation
import StrataTestSupport
import Testing

/// `strata init`, `strata.yaml` and `-e NAME` through the binary (SPEC §2.1, §2.2; issue 21).
@Suite struct ProjectCommandTests {
    static let memoriesTable = """
        tables:
          memories:
            columns:
              id: { type: bigint, primary_key: true }
              content: { type: text, nullable: false }

        """

    /// The newcomer's path: nothing typed twice, no path, the URL only in the environment.
    @Test(.requiresDatabase)
    func initCompileApplyStatusWithNoPathOrURLTyped() throws {
        let strata = try StrataRunner()
        let scratch = try ScratchDatabase(prefix: "strata_project", directory: strata.directory)
        defer { scratch.drop() }
        let (psql, databaseURL) = (scratch.psql, scratch.url)

        let started = try strata.run("init", "shop")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains("shop/strata.yaml"))
        #expect(strata.files(under: "shop") == ["schema/shop.yaml", "strata.yaml"])
        #expect(try strata.read("shop/schema/shop.yaml").contains("# extensions: [vector]"))
        try strata.write("shop/schema/tables/memories.yaml", Self.memoriesTable)

        let project = strata.directory.appendingPathComponent("shop")
        let tables = project.appendingPathComponent("schema/tables")
        func run(_ arguments: String..., in directory: URL = project) throws -> StrataRunner.Result {
            try StrataRunner.capture(
                StrataRunner.executable, arguments, environment: ["NO_COLOR": "1", "DATABASE_URL": databaseURL],
                in: directory)
        }
        let compiled = try run("compile", "-m", "init", in: tables)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        // Paths are shown from where the command ran.
        #expect(compiled.stdout.contains("../../out/0001_init.up.sql"), "\(compiled.stdout)")
        #expect(try run("check").status == 0)
        #expect(try run("verify").stdout.contains("out: ok, 1 revision"))

        let applied = try run("apply", "--to", "head", "-e", "dev")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Database is now at 0001_init."))
        let columns = try psql.run(
            url: databaseURL, "-tA", "-c",
            "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute "
                + "WHERE attrelid = 'shop.memories'::regclass AND attnum > 0")
        #expect(columns.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "id,content")

        let status = try run("status", "-e", "dev", in: tables)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Current revision: 0001_init"))
        #expect(status.stdout.contains("Pending: none (at head)"))
        #expect(try run("drift", "-e", "dev").status == 0)

        // history honours DATABASE_URL like status does, with the current revision marked.
        let history = try run("history", "--oneline")
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout == "* 0001_init  init  [applied]\n")
    }

    @Test func initRefusesToWriteOverAProject() throws {
        let strata = try StrataRunner()
        #expect(try strata.run("init", "--schema", "billing").status == 0)
        #expect(try strata.read("schema/billing.yaml").contains("  name: billing\n"))
        try strata.write("strata.yaml", "out_dir: mine\n")
        let again = try strata.run("init", "--schema", "billing")
        #expect(again.status == 2)
        #expect(again.stderr.contains("strata.yaml already exists; init writes nothing over a project"))
        #expect(try strata.read("strata.yaml") == "out_dir: mine\n")

        let other = try StrataRunner()
        try other.write("out/chain.json", "{}")
        let refused = try other.run("init")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("out/ already exists"))
        #expect(!other.exists("strata.yaml"))
        #expect(try other.run("init", "--schema", "Bad-Name").status == 2)
    }

    @Test func aBrokenProjectFileIsLocatedWithDidYouMean() throws {
        let strata = try StrataRunner()
        try strata.write(
            "strata.yaml",
            """
            out_dri: out
            environments:
              dev: { url: "postgres://app:hunter2@localhost/app" }

            """)
        let result = try strata.run("verify")
        #expect(result.status == 2)
        #expect(result.stderr.contains("strata.yaml:1:1: error: unknown key `out_dri` in strata.yaml"))
        #expect(result.stderr.contains("note: did you mean `out_dir`?"))
        #expect(result.stderr.contains("strata.yaml:3:15: warning: environment `dev` writes a password in strata.yaml"))
        // Everything given on the command line: the file is not read at all.
        #expect(!(try strata.run("verify", "elsewhere").stderr.contains("strata.yaml")))
    }

    @Test func withoutADatabaseTheCommandSaysHowToGiveOne() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "init").status == 0)
        for command in [["status", "out"], ["drift", "out"], ["apply", "out", "--to", "head"], ["stamp", "out", "head"]] {
            let result = try strata.run(command)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("no database given: pass --url"), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("socket"))
        }
        // history without a database stays offline.
        #expect(try strata.run("history", "out").status == 0)

        let malformed = try strata.run("status", "out", "--url", "postgres://app:pw@host:5432/db?sslmod=require")
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("--url is malformed ("), "\(malformed.stderr)")
        #expect(!malformed.stderr.contains(":pw@"))
        let fromVariable = try strata.run("status", "out", environment: ["DATABASE_URL": "nonsense"])
        #expect(fromVariable.status == 2)
        #expect(fromVariable.stderr.contains("DATABASE_URL is malformed"), "\(fromVariable.stderr)")

        // An unknown target is told before any database is chosen or reached (port 1 refuses).
        let target = try strata.run("apply", "out", "--to", "nonsense", "--url", "postgresql://127.0.0.1:1/db")
        #expect(target.status == 2)
        #expect(target.stderr.contains("no revision `nonsense` in the bundle (known revisions: 0001_init)"))
    }

    @Test func environmentsChooseTheURLAndLendTheirLockSettings() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        try strata.write(
            "strata.yaml",
            """
            environments:
              prod: { url_env: STRATA_TEST_PROD_URL, lock_timeout: 1500ms, wait: 0 }
              local: { url: "postgresql://127.0.0.1:1/db" }

            """)
        #expect(try strata.run("compile", "-m", "init").status == 0)
        let unset = try strata.run("status", "-e", "prod")
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("environment `prod` takes its URL from $STRATA_TEST_PROD_URL (strata.yaml:2:3), which is not set"))
        let unknown = try strata.run("status", "-e", "prdo")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean `prod`?"))
        // The environment's URL is the one connected to (a refused port: exit 3, named).
        let local = try strata.run("status", "-e", "local")
        #expect(local.status == 3)
        #expect(local.stderr.contains("could not connect to postgresql://127.0.0.1:1/db"))
        // Without strata.yaml, -e says there is no project.
        let bare = try StrataRunner()
        try bare.writeSmallSchema()
        #expect(try bare.run("compile", "schema", "-o", "out", "-m", "init").status == 0)
        let noProject = try bare.run("status", "out", "-e", "dev")
        #expect(noProject.status == 2)
        #expect(noProject.stderr.contains("-e dev: no strata.yaml here or in any directory above"))
    }

    @Test(.requiresDatabase)
    func anEnvironmentsLockTimeoutAppliesUnlessTheFlagSaysOtherwise() throws {
        let url = try TestServer.requireURL()
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        try strata.write("strata.yaml", "environments:\n  prod: { url_env: STRATA_TEST_PROD_URL, lock_timeout: 1500ms }\n")
        #expect(try strata.run("compile", "-m", "init").status == 0)
        let environment = ["STRATA_TEST_PROD_URL": url]
        let fromFile = try strata.run("apply", "--to", "head", "-e", "prod", "--dry-run", environment: environment)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("SET lock_timeout = '1500ms'"), "\(fromFile.stdout)")
        let fromFlag = try strata.run(
            "apply", "--to", "head", "-e", "prod", "--dry-run", "--lock-timeout", "2s", environment: environment)
        #expect(fromFlag.stdout.contains("SET lock_timeout = '2000ms'"), "\(fromFlag.stdout)")
    }
}

/// A database of its own on the test server for one test, dropped by `drop()`.
struct ScratchDatabase {
    let psql: Psql
    let name: String
    let url: String

    init(prefix: String, directory: URL) throws {
        let adminURL = try TestServer.requireURL()
        psql = Psql(adminURL: adminURL, directory: directory)
        name = prefix + "_" + UUID().uuidString.prefix(8).lowercased()
        let created = try psql.run(url: adminURL, "-c", "CREATE DATABASE \(name)")
        try #require(created.status == 0, "\(created.stderr)")
        url = try #require(psql.url(forDatabase: name))
    }

    func drop() { _ = try? psql.run(url: psql.adminURL, "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}
