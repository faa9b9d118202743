import Foundation
import Testing

@testable import StrataCore

/// strata.yaml (SPEC §2.2): decoding with located errors, durations, and which database wins.
@Suite struct ProjectFileTests {
    func decode(_ text: String) -> (ProjectFile?, [Diagnostic]) {
        var diagnostics = DiagnosticCollector()
        let project = ProjectFile.decode(
            bytes: Array(text.utf8), path: "strata.yaml", directory: "/work/app", diagnostics: &diagnostics)
        return (project, diagnostics.sorted)
    }

    @Test func theSpecExampleDecodesWithPathsRelativeToTheFile() throws {
        let (project, diagnostics) = decode(
            """
            schema_dir: db/schema
            out_dir: ../shared/out
            environments:
              dev:  { url: "postgres://localhost/app_dev" }
              prod: { url_env: PROD_DATABASE_URL, lock_timeout: 2s, wait: 120 }
            default_environment: dev
            """)
        #expect(diagnostics.isEmpty)
        let file = try #require(project)
        #expect(file.schemaDirectory == "/work/app/db/schema")
        #expect(file.outDirectory == "/work/shared/out")
        #expect(file.environments.map(\.name) == ["dev", "prod"])
        #expect(file.environment(named: "dev")?.target == .url("postgres://localhost/app_dev"))
        let prod = try #require(file.environment(named: "prod"))
        #expect(prod.target == .variable("PROD_DATABASE_URL"))
        #expect(prod.lockTimeout == 2)
        #expect(prod.wait == 120)
        #expect(file.defaultEnvironment == "dev")
    }

    @Test func directoriesDefaultToSchemaAndOut() throws {
        let file = try #require(decode("environments: {}\n").0)
        #expect(file.schemaDirectory == "/work/app/schema")
        #expect(file.outDirectory == "/work/app/out")
    }

    @Test func typosAreLocatedWithDidYouMean() {
        let (project, diagnostics) = decode(
            """
            schema_dri: schema
            environments:
              prod: { url_env: X, lock_timout: 2s }
            default_environment: prdo
            """)
        #expect(project == nil)
        let rendered = diagnostics.map(\.description)
        #expect(rendered.contains { $0.hasPrefix("strata.yaml:1:1: error: unknown key `schema_dri`") && $0.contains("did you mean `schema_dir`?") })
        #expect(rendered.contains { $0.hasPrefix("strata.yaml:3:23: error: unknown key `lock_timout` in environment `prod`") && $0.contains("`lock_timeout`") })
        #expect(rendered.contains { $0.hasPrefix("strata.yaml:4:22: error: `default_environment` names `prdo`") && $0.contains("did you mean `prod`?") })
    }

    @Test func anEnvironmentNeedsExactlyOneOfURLAndURLEnv() {
        let (_, both) = decode("environments:\n  a: { url: x, url_env: Y }\n")
        #expect(both.map(\.description) == ["strata.yaml:2:3: error: environment `a` has both `url` and `url_env`; give one"])
        let (_, neither) = decode("environments:\n  a: { wait: 1 }\n")
        #expect(neither.first?.message.contains("needs `url` (the database URL) or `url_env`") == true)
    }

    @Test func aPasswordInTheFileIsAWarningNotAnError() throws {
        for url in ["postgres://app:s3cret@db/app", "host=db password=s3cret"] {
            let (project, diagnostics) = decode("environments:\n  dev: { url: \"\(url)\" }\n")
            #expect(project != nil)
            #expect(diagnostics.map(\.severity) == [.warning])
            #expect(diagnostics.first?.message.contains("writes a password in strata.yaml") == true)
        }
        #expect(decode("environments:\n  dev: { url: \"postgres://app@db/app\" }\n").1.isEmpty)
    }

    @Test func durationsAreSecondsOrCarryAUnit() {
        #expect(parseDuration("30") == 30)
        #expect(parseDuration("2.5") == 2.5)
        #expect(parseDuration("500ms") == 0.5)
        #expect(parseDuration("2s") == 2)
        #expect(parseDuration("1m") == 60)
        #expect(parseDuration("-1") == nil)
        #expect(parseDuration("2h") == nil)
        #expect(parseDuration("fast") == nil)
        let (_, diagnostics) = decode("environments:\n  a: { url: x, wait: soon }\n")
        #expect(diagnostics.first?.description.hasPrefix("strata.yaml:2:22: error: expected a duration for `wait` of environment `a`") == true)
    }

    // MARK: - Which database

    let project = ProjectFile(
        path: "strata.yaml", directory: "/p", schemaDirectory: "/p/schema", outDirectory: "/p/out",
        environments: [
            ProjectEnvironment(
                name: "dev", target: .url("postgres://dev/app"), lockTimeout: 5,
                location: SourceLocation(file: "strata.yaml", line: 2, column: 3)),
            ProjectEnvironment(
                name: "prod", target: .variable("PROD_URL"), lockTimeout: 2, wait: 120,
                location: SourceLocation(file: "strata.yaml", line: 3, column: 3)),
        ],
        defaultEnvironment: "dev")

    @Test func precedenceIsURLThenEnvironmentThenDefaultThenDatabaseURLThenLibpq() throws {
        let variables = ["DATABASE_URL": "postgres://env/app", "PROD_URL": "postgres://prod/app", "PGHOST": "h"]
        let url = try DatabaseChoice.choose(url: "postgres://flag/app", environment: "prod", project: project, variables: variables)
        // --url wins the URL; the chosen environment still lends its lock settings.
        #expect(url == DatabaseChoice(url: "postgres://flag/app", origin: .commandLine, lockTimeout: 2, wait: 120))
        let named = try DatabaseChoice.choose(url: nil, environment: "prod", project: project, variables: variables)
        #expect(named == DatabaseChoice(url: "postgres://prod/app", origin: .environment("prod"), lockTimeout: 2, wait: 120))
        let byDefault = try DatabaseChoice.choose(url: nil, environment: nil, project: project, variables: variables)
        #expect(byDefault == DatabaseChoice(url: "postgres://dev/app", origin: .environment("dev"), lockTimeout: 5))
        var withoutDefault = project
        withoutDefault.defaultEnvironment = nil
        let variable = try DatabaseChoice.choose(url: nil, environment: nil, project: withoutDefault, variables: variables)
        #expect(variable == DatabaseChoice(url: "postgres://env/app", origin: .databaseURLVariable))
        let libpq = try DatabaseChoice.choose(url: nil, environment: nil, project: nil, variables: ["PGSERVICE": "app"])
        #expect(libpq == DatabaseChoice(url: nil, origin: .libpqEnvironment))
    }

    @Test func nothingGivenIsAnErrorThatSaysHowToGiveOne() throws {
        #expect(throws: DatabaseChoiceError.noDatabase(project: nil)) {
            try DatabaseChoice.choose(url: nil, environment: nil, project: nil, variables: ["PGPASSWORD": "x"])
        }
        #expect(DatabaseChoiceError.noDatabase(project: nil).description.contains("pass --url"))
        // history asks without the libpq fallback: no database, no error.
        #expect(try DatabaseChoice.choose(url: nil, environment: nil, project: nil, variables: [:], libpqFallback: false) == nil)
    }

    @Test func anUnsetURLEnvIsAnErrorNeverAFallThrough() {
        #expect(throws: DatabaseChoiceError.unsetVariable(
            environment: "prod", variable: "PROD_URL", declared: SourceLocation(file: "strata.yaml", line: 3, column: 3))
        ) {
            try DatabaseChoice.choose(
                url: nil, environment: "prod", project: project, variables: ["DATABASE_URL": "postgres://env/app"])
        }
    }

    @Test func anUnknownEnvironmentSuggestsTheNearestOne() {
        do {
            _ = try DatabaseChoice.choose(url: nil, environment: "prd", project: project, variables: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("strata.yaml has no environment `prd`; it has `dev`, `prod`"))
            #expect(error.description.contains("did you mean `prod`?"))
        }
        #expect(throws: DatabaseChoiceError.noProjectFile(environment: "dev")) {
            try DatabaseChoice.choose(url: nil, environment: "dev", project: nil, variables: [:])
        }
    }

    @Test func displayPathsAreRelativeToTheWorkingDirectory() {
        #expect(ProjectFile.displayPath("/p/out", from: "/p") == "out")
        #expect(ProjectFile.displayPath("/p/out", from: "/p/schema/tables") == "../../out")
        #expect(ProjectFile.displayPath("/p", from: "/p") == ".")
    }

    @Test func initNamesTheSchemaAfterTheDirectory() {
        #expect(ProjectTemplate.schemaName(forDirectory: "My-App 2") == "my_app_2")
        #expect(ProjectTemplate.schemaName(forDirectory: "2fast") == "s_2fast")
        #expect(ProjectTemplate.schemaName(forDirectory: "...") == "app")
        #expect(ProjectTemplate.identifierProblem("App") != nil)
        #expect(ProjectTemplate.identifierProblem("pg_app") != nil)
        #expect(ProjectTemplate.identifierProblem("billing") == nil)
    }
}
