import Foundation
import Testing
import StrataCore
@testable import StrataApply
import StrataBundle
import StrataTestSupport

/// End to end: every golden case's up scripts, applied in order to a fresh database, leave a
/// schema with no drift from the case's last snapshot. This ties introspection to the model the
/// loader builds and the SQL the emitter writes.
@Suite(.requiresDatabase) struct GoldenDriftTests {
    static let casesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ReferenceTests/Cases")

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: casesDirectory.appendingPathComponent("\($0)/expected").path) }.sorted()
    }

    /// The parameterized tests below pass vacuously with no cases, so their absence is a failure.
    @Test func goldenCasesAreFound() {
        #expect(!Self.caseNames.isEmpty, "no golden cases with an expected/ directory under \(Self.casesDirectory.path)")
    }

    @Test(arguments: caseNames)
    func appliedGoldenScriptsShowNoDrift(caseName: String) throws {
        let expected = Self.casesDirectory.appendingPathComponent("\(caseName)/expected")
        let files = try FileManager.default.contentsOfDirectory(atPath: expected.path).sorted()
        let upScripts = files.filter { $0.hasSuffix(".up.sql") }
        let lastSnapshot = try #require(files.filter { $0.hasSuffix(".json") }.last, "\(caseName): no snapshot")
        let snapshot = try Self.snapshot(expected.appendingPathComponent(lastSnapshot))
        try TestDatabase.with { database in
            let connection = try database.connect()
            for script in upScripts {
                guard try Self.run(expected.appendingPathComponent(script), label: "\(caseName)/\(script)", on: connection) else { return }
            }
            try Self.expectNoDrift(from: snapshot, on: connection)
        }
    }

    /// Going down one revision from the head lands exactly on the previous snapshot.
    @Test(arguments: caseNames)
    func downScriptReturnsToThePreviousSnapshot(caseName: String) throws {
        let expected = Self.casesDirectory.appendingPathComponent("\(caseName)/expected")
        let files = try FileManager.default.contentsOfDirectory(atPath: expected.path).sorted()
        let upScripts = files.filter { $0.hasSuffix(".up.sql") }
        let snapshots = files.filter { $0.hasSuffix(".json") }
        guard upScripts.count >= 2, let head = upScripts.last else { return }
        try #require(snapshots.count == upScripts.count, "\(caseName): one snapshot per up script")
        let previous = try Self.snapshot(expected.appendingPathComponent(snapshots[snapshots.count - 2]))
        let down = String(head.dropLast(".up.sql".count)) + ".down.sql"
        try TestDatabase.with { database in
            let connection = try database.connect()
            for script in upScripts + [down] {
                guard try Self.run(expected.appendingPathComponent(script), label: "\(caseName)/\(script)", on: connection) else { return }
            }
            try Self.expectNoDrift(from: previous, on: connection)
        }
    }

    static func snapshot(_ url: URL) throws -> Schema {
        try JSONDecoder().decode(Schema.self, from: Data(contentsOf: url))
    }

    /// Runs every statement of a script in autocommit; records the first failure.
    static func run(_ url: URL, label: String, on connection: borrowing Connection) throws -> Bool {
        var reader = try ScriptReader(url: url)
        while let event = try reader.nextEvent() {
            guard case .statement(let statement) = event else { continue }
            do {
                try connection.execute(statement.text)
            } catch {
                Issue.record("\(label):\(statement.startLine): \(error)")
                return false
            }
        }
        return true
    }

    static func expectNoDrift(from snapshot: Schema, on connection: borrowing Connection) throws {
        let live = try introspectSchema(named: snapshot.name, versionTable: snapshot.versionTable, on: connection)
        let (declared, unresolved) = try canonicalizeExpressions(in: snapshot, on: connection)
        #expect(unresolved == [])
        #expect(compareForDrift(declared: declared, live: live).map(\.description) == [])
        let routines = try routineDrift(declared: snapshot, on: connection, probingOn: connection)
        #expect(routines.differences.map(\.description) == [])
        #expect(routines.unmodeled == [] && routines.unresolved == [])
    }
}
