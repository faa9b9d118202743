import Testing
@testable import StrataBundle

@Suite struct RevisionIDTests {
    @Test(arguments: [
        ("init", "init"),
        ("Add embeddings", "add_embeddings"),
        ("  add: user_id -> users.id (FK)!  ", "add_user_id_users_id_fk"),
        ("Café crème", "cafe_creme"),
        ("", "revision"),
        ("日本語", "revision"),
        ("backfill memories with the new embedding model and drop the old one", "backfill_memories_with_the_new_embedding"),
        (String(repeating: "x", count: 50), String(repeating: "x", count: 40)),
    ])
    func slug(message: String, expected: String) {
        #expect(RevisionID.slug(message) == expected)
    }

    @Test func idIsZeroPaddedPositionAndSlug() {
        #expect(RevisionID.make(position: 3, message: "Add X") == "0003_add_x")
        #expect(RevisionID.make(position: 12345, message: "y") == "12345_y")
        #expect(RevisionID.position(of: "0003_add_x") == 3)
        #expect(RevisionID.position(of: "12345_y") == 12345)
        #expect(RevisionID.position(of: "003_x") == nil)
        #expect(RevisionID.position(of: "0003_") == nil)
        #expect(RevisionID.position(of: "0003_Add") == nil)
    }

    static func entry(_ id: String, _ position: Int) -> ChainEntry {
        let record = FileRecord(file: id, sha256: "")
        return ChainEntry(
            id: id, position: position, parent: nil, message: "", up: record, down: record, snapshot: record,
            transactional: true, hazards: [], chainHash: "")
    }

    @Test func resolvesFullIdsAndUniquePrefixes() throws {
        let chain = [Self.entry("0001_init", 1), Self.entry("0002_add", 2), Self.entry("0003_add_more", 3)]
        #expect(try RevisionID.resolve("0003", in: chain).id == "0003_add_more")
        #expect(try RevisionID.resolve("0001_init", in: chain).position == 1)
        #expect(try RevisionID.resolve("0002_add", in: chain).id == "0002_add")
        #expect(throws: RevisionLookupError.ambiguous("000", candidates: ["0001_init", "0002_add", "0003_add_more"])) {
            try RevisionID.resolve("000", in: chain)
        }
        #expect(throws: RevisionLookupError.unknown("0009", known: ["0001_init", "0002_add", "0003_add_more"])) {
            try RevisionID.resolve("0009", in: chain)
        }
        #expect(throws: RevisionLookupError.self) { try RevisionID.resolve("", in: chain) }
        #expect(
            RevisionLookupError.ambiguous("000", candidates: ["a", "b"]).description
                == "`000` names more than one revision: a, b; give more of the id")
    }
}
