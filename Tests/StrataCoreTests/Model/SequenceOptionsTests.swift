import Foundation
import Testing
@testable import StrataCore

/// Sequences and identity columns share one `SequenceOptions`; a snapshot still records them flat.
@Suite struct SequenceOptionsTests {
    @Test func snapshotsRecordSequenceOptionsBesideTheName() throws {
        let sequence = SequenceDefinition(
            name: "counter", dataType: "integer", options: SequenceOptions(start: 10, increment: 5, cycle: true))
        let object = try jsonObject(sequence)
        #expect(Set(object.keys) == ["name", "dataType", "start", "increment", "cycle"])
        #expect(object["start"] as? Int == 10)
        let decoded = try JSONDecoder().decode(SequenceDefinition.self, from: JSONEncoder().encode(sequence))
        #expect(decoded == sequence)
    }

    @Test func snapshotsRecordIdentityOptionsBesideTheKind() throws {
        let identity = Identity(kind: .byDefault, options: SequenceOptions(maxValue: 99))
        let object = try jsonObject(identity)
        #expect(Set(object.keys) == ["kind", "maxValue", "cycle"])
        #expect(object["kind"] as? String == "by_default")
        #expect(try JSONDecoder().decode(Identity.self, from: JSONEncoder().encode(identity)) == identity)
    }

    @Test func defaultsDependOnTypeAndDirection() {
        let ascending = SequenceOptions().resolved(for: "smallint")
        #expect(ascending == (1, 1, 1, Int64(Int16.max), 1))
        let descending = SequenceOptions(increment: -2).resolved(for: "integer")
        #expect(descending == (-1, -2, Int64(Int32.min), -1, 1))
    }

    @Test func removedOptionsGoBackToTheirDefaults() {
        let before = SequenceOptions(start: 10, increment: 2, cache: 5, cycle: true)
        #expect(before.changes(to: SequenceOptions(increment: 2)) == ["START WITH 1", "CACHE 1", "NO CYCLE"])
        #expect(
            SequenceOptions(start: 3).changes(to: SequenceOptions(increment: -1), clausePrefix: "SET ")
                == ["SET INCREMENT BY -1", "SET START WITH -1"])
    }

    private func jsonObject(_ value: some Encodable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }
}
