import Foundation
import Testing

@testable import StrataCore

/// `hazard_details`: the structured fields read back from a hazard line (issue 21).
@Suite struct HazardSummaryTests {
    @Test func aDropColumnLineIsDestructiveWithItsLockAndTable() {
        let summary = HazardSummary(
            line: "drop column negentropy.notes.draft: deletes the data of column negentropy.notes.draft; the down script "
                + "re-adds draft empty: it restores the column, not its data (ACCESS EXCLUSIVE on negentropy.notes)")
        #expect(summary.object == "drop column negentropy.notes.draft")
        #expect(summary.kind == "data_loss")
        #expect(summary.kinds == ["data_loss", "restores_no_data"])
        #expect(summary.lock == "ACCESS EXCLUSIVE on negentropy.notes")
        #expect(summary.table == "negentropy.notes")
        #expect(summary.destructive)
    }

    @Test func anOnlineLineWithSeveralLocksAndAParenthesisInItsWords() {
        let summary = HazardSummary(
            line: "create index ix_events_created on negentropy.events concurrently: builds ix_events_created without "
                + "blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, "
                + "and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.events)")
        #expect(summary.kind == "index_build")
        #expect(summary.lock == "SHARE UPDATE EXCLUSIVE on negentropy.events")
        #expect(!summary.destructive)
        let foreignKey = HazardSummary(
            line: "validate constraint fk_m on app.m: scans all of app.m to validate fk_m without blocking writes after "
                + "the revision's transaction; the next apply resumes it once violating rows are fixed "
                + "(SHARE UPDATE EXCLUSIVE on app.m; ROW SHARE on app.t)")
        #expect(foreignKey.kind == "full_scan")
        #expect(foreignKey.lock == "SHARE UPDATE EXCLUSIVE on app.m; ROW SHARE on app.t")
        #expect(foreignKey.table == "app.m")
    }

    @Test func aDroppedRoutineBreaksItsCallersAndLocksNoTable() {
        let summary = HazardSummary(
            line: "drop function negentropy.greet(text) to create it again (PostgreSQL cannot replace it in place): "
                + "its grants and owner are reset (strata does not manage them); a view, trigger or atomic routine "
                + "using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.greet(text))")
        #expect(summary.kind == "breaks_clients")
        #expect(summary.lock == "ACCESS EXCLUSIVE on function negentropy.greet(text)")
        #expect(summary.table == nil)
        #expect(!summary.destructive)
    }

    @Test func everyKindCompileWritesIsRecognised() {
        // One change of each kind through the real emitter, read back.
        let lines = [
            "rename column app.t.a to b: clients still using the old name app.t.a fail; deploy code that uses b with it (ACCESS EXCLUSIVE on app.t)",
            "make app.t.c NOT NULL: scans all of app.t to prove c has no nulls; fails if any row holds a null in c: backfill it first (an UPDATE in an earlier revision) (ACCESS EXCLUSIVE on app.t)",
            "add column app.t.n text: a catalog-only change, but it waits for running queries, and queries queue behind it meanwhile (ACCESS EXCLUSIVE on app.t)",
        ]
        #expect(lines.map { HazardSummary(line: $0).kinds } == [["breaks_clients"], ["full_scan", "may_fail"], ["lock"]])
        #expect(HazardSummary(line: lines[1]).lock == "ACCESS EXCLUSIVE on app.t")
    }

    /// Every hazard line of every golden case and of the example bundle has a recognised kind
    /// and a lock: the reading keeps up with what compile writes.
    @Test func everyLineCompileWroteHasAKindAndALock() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var lines: [String] = []
        let cases = root.appendingPathComponent("Tests/ReferenceTests/Cases")
        let enumerator = FileManager.default.enumerator(atPath: cases.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".sql") else { continue }
            let text = try String(contentsOf: cases.appendingPathComponent(path), encoding: .utf8)
            var inHazards = false
            for line in text.split(separator: "\n") {
                if line == "-- Hazards:" { inHazards = true; continue }
                guard inHazards else { continue }
                guard line.hasPrefix("--   - ") else { break }
                lines.append(String(line.dropFirst(7)))
            }
        }
        #expect(lines.count > 50)
        for line in lines {
            let summary = HazardSummary(line: line)
            #expect(summary.kind != "other", "\(line)")
            #expect(summary.lock != nil, "\(line)")
            // Every lock is on a table, but a routine's own (dropping a function locks the function).
            let onRoutine = summary.lock.map { lock in HazardSummary.routineKinds.contains { lock.contains(" on " + $0) } }
            #expect(summary.table != nil || onRoutine == true, "\(line)")
        }
    }
}
