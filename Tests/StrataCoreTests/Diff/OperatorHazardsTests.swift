import Testing

@testable import StrataCore

/// The hazards a DBA expects (issue 21): renames break clients, a catalog-only ALTER still queues
/// behind an ACCESS EXCLUSIVE lock, SET NOT NULL needs a backfill, a down script restores no data.
@Suite struct OperatorHazardsTests {
    typealias F = Fixtures

    func kinds(_ change: Change, _ direction: ScriptHeader.Direction = .up) -> [Hazard.Kind] {
        operatorHazards(of: change, schema: "app", createdTables: [], direction: direction).map(\.kind)
    }

    @Test func aRenameBreaksClientsUsingTheOldName() {
        let hazards = operatorHazards(
            of: .renameColumn(table: "t", from: "title", to: "heading"), schema: "app", createdTables: [], direction: .up)
        #expect(hazards == [
            Hazard(
                .breaksClients, "clients still using the old name app.t.title fail; deploy code that uses heading with it",
                lock: "ACCESS EXCLUSIVE on app.t")
        ])
        #expect(kinds(.renameTable(from: "a", to: "b")) == [.breaksClients])
    }

    @Test func aCatalogOnlyAddColumnStillTakesABriefExclusiveLock() {
        let hazards = operatorHazards(
            of: .addColumn(table: "t", column: F.column("note", F.text)), schema: "app", createdTables: [], direction: .up)
        #expect(hazards.map(\.kind) == [.heavyLock])
        #expect(hazards.first?.lock == "ACCESS EXCLUSIVE on app.t")
        // On a table the same revision creates, nothing waits.
        #expect(
            operatorHazards(
                of: .addColumn(table: "t", column: F.column("note", F.text)), schema: "app", createdTables: ["t"],
                direction: .up
            ).isEmpty)
        // A rewriting add is already a rewrite hazard: no second line about the lock.
        #expect(kinds(.addColumn(table: "t", column: F.column("id", F.type("uuid"), default: "gen_random_uuid()"))).isEmpty)
    }

    @Test func setNotNullSaysBackfillFirst() {
        let hazards = operatorHazards(
            of: .setNotNull(table: "t", column: "title"), schema: "app", createdTables: [], direction: .up)
        #expect(hazards.first?.kind == .mayFail)
        #expect(hazards.first?.detail.contains("backfill it first") == true)
    }

    @Test func aDownScriptRestoresTheShapeNotTheData() {
        let column = F.column("note", F.text)
        #expect(kinds(.dropColumn(table: "t", column: column)) == [.restoresNoData])
        #expect(kinds(.addColumn(table: "t", column: column), .down) == [.restoresNoData])
        #expect(kinds(.dropTable("t")) == [.restoresNoData])
        // The down of a drop names nothing new: its up already said it.
        #expect(kinds(.dropColumn(table: "t", column: column), .down).isEmpty)
    }
}
