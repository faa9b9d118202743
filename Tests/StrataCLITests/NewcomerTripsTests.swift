import Foundation
import StrataTestSupport
import Testing

/// What a new user tripped on (issue 21 item 5), through the binary.
@Suite struct NewcomerTripsTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func versionIsAFlagOfStrataAloneNotOfEverySubcommand() throws {
        let strata = try StrataRunner()
        let version = try strata.run("--version")
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        for command in ["compile", "apply", "status", "history", "init"] {
            #expect(!(try strata.run("help", command).stdout.contains("--version")), "\(command)")
        }
    }

    @Test func historyCallsAHandWrittenRevisionHandWrittenAndGivesHazardsFields() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "init").status == 0)
        #expect(try strata.run("compile", "schema", "-o", "out", "--empty", "-m", "backfill").status == 0)
        try strata.write(
            "schema/tables/memory.yaml",
            "tables:\n  memories:\n    columns:\n      id: { type: uuid, primary_key: true }\n")
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "drop content", "--allow-destructive").status == 0)

        // The script's own header says so too, for both directions, instead of "none".
        for file in ["out/0002_backfill.up.sql", "out/0002_backfill.down.sql"] {
            let header = try strata.read(file)
            #expect(header.contains("-- Changes:\n--   hand-written: not analysed, review by hand\n"), "\(header)")
            #expect(header.contains("-- Hazards:\n--   hand-written: not analysed, review by hand\n"))
        }
        let text = try strata.run("history", "out").stdout
        #expect(text.contains("0002_backfill  backfill\n"))
        #expect(text.contains("    hand-written: not analysed, review by hand\n"), "\(text)")
        let backfill = try #require(text.components(separatedBy: "0002_backfill").last?.components(separatedBy: "0003").first)
        #expect(!backfill.contains("hazards: none"), "\(backfill)")
        let oneline = try strata.run("history", "out", "--oneline").stdout
        #expect(
            oneline == """
                0001_init          init
                0002_backfill      backfill  (hand-written)
                0003_drop_content  drop content  (1 hazard)

                """, "\(oneline)")

        let document = try json(try strata.run("history", "out", "--format", "json").stdout)
        let revisions = try #require(document["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["hand_written"] as? Bool } == [false, true, false])
        let details = try #require(revisions[2]["hazard_details"] as? [[String: Any]])
        #expect(details.count == 1)
        #expect(details.first?["kind"] as? String == "data_loss")
        #expect(details.first?["kinds"] as? [String] == ["data_loss", "restores_no_data"])
        #expect(details.first?["object"] as? String == "drop column negentropy.memories.content")
        #expect(details.first?["lock"] as? String == "ACCESS EXCLUSIVE on negentropy.memories")
        #expect(details.first?["table"] as? String == "negentropy.memories")
        #expect(details.first?["destructive"] as? Bool == true)
    }

    @Test(.requiresDatabase)
    func driftAndStatusOnADatabaseNothingWasAppliedTo() throws {
        let strata = try StrataRunner()
        let scratch = try ScratchDatabase(prefix: "strata_fresh", directory: strata.directory)
        defer { scratch.drop() }
        let url = scratch.url
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out", "-m", "init").status == 0)
        #expect(try strata.run("compile", "schema", "-o", "out", "--empty", "-m", "backfill").status == 0)

        let drift = try strata.run("drift", "out", "--url", url)
        #expect(drift.status == 0, "\(drift.stderr)")
        #expect(drift.stdout.hasPrefix("Nothing is applied yet: schema negentropy does not exist"), "\(drift.stdout)")
        let driftJSON = try json(try strata.run("drift", "out", "--url", url, "--format", "json").stdout)
        #expect(driftJSON["drift"] as? Bool == false)

        let status = try strata.run("status", "out", "--url", url)
        #expect(status.stdout.contains("0002_backfill  backfill  (hand-written: not analysed, review by hand)"), "\(status.stdout)")

        // Once applied, history (given the database by DATABASE_URL) marks where it is.
        #expect(try strata.run("apply", "out", "--to", "0001", "--url", url).status == 0)
        let history = try strata.run("history", "out", environment: ["DATABASE_URL": url])
        #expect(history.stdout.contains("0001_init  init  <- current\n"), "\(history.stdout)")
        #expect(history.stdout.contains("0002_backfill  backfill\n    pending\n"))
    }
}
