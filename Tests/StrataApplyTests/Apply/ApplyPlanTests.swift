import StrataApply
import StrataBundle
import Testing

/// A chain of `count` revisions with made-up checksums; only ids, positions and parents matter here.
func makeChain(_ ids: [String]) -> [ChainEntry] {
    ids.enumerated().map { index, id in
        ChainEntry(
            id: id, position: index + 1, parent: index == 0 ? nil : ids[index - 1], message: id,
            up: FileRecord(file: "\(id).up.sql", sha256: "sha256:up-\(id)"),
            down: FileRecord(file: "\(id).down.sql", sha256: "sha256:down-\(id)"),
            snapshot: FileRecord(file: "snapshots/\(id).json", sha256: "sha256:snap-\(id)"),
            transactional: true, hazards: [], chainHash: "sha256:chain-\(id)")
    }
}

@Suite struct ApplyTargetParsingTests {
    @Test(arguments: [
        ("head", ApplyTarget.head), ("base", .base), ("-1", .back(1)), ("+2", .forward(2)),
        ("0003", .revision("0003")), (" 0001_init ", .revision("0001_init")), ("-12", .back(12)),
    ])
    func parses(text: String, expected: ApplyTarget) throws {
        #expect(try ApplyTarget(parsing: text) == expected)
    }

    @Test(arguments: ["-", "+0", "-x", "--3", "+1a", "-0"])
    func rejectsBadRelative(text: String) {
        #expect(throws: ApplyPlanError.badRelativeTarget(text)) { try ApplyTarget(parsing: text) }
    }

    @Test func rejectsEmpty() {
        #expect(throws: ApplyPlanError.emptyTarget) { try ApplyTarget(parsing: "  ") }
    }
}

@Suite struct ApplyPlanTests {
    let chain = makeChain(["0001_init", "0002_add_memories", "0003_add_index", "0010_backfill"])

    func ids(_ plan: ApplyPlan) -> [String] {
        plan.steps.map { "\($0.direction.rawValue) \($0.revision.id)" }
    }

    @Test func headFromBaseRunsEveryRevisionOldestFirst() throws {
        let plan = try ApplyPlan(chain: chain, currentPosition: 0, target: .head)
        #expect(ids(plan) == ["up 0001_init", "up 0002_add_memories", "up 0003_add_index", "up 0010_backfill"])
        #expect(plan.targetPosition == 4)
    }

    @Test func baseFromHeadUndoesNewestFirst() throws {
        let plan = try ApplyPlan(chain: chain, currentPosition: 4, target: .base)
        #expect(ids(plan) == ["down 0010_backfill", "down 0003_add_index", "down 0002_add_memories", "down 0001_init"])
        #expect(plan.steps.map(\.resultingRevision) == ["0003_add_index", "0002_add_memories", "0001_init", nil])
    }

    @Test func relativeTargets() throws {
        #expect(ids(try ApplyPlan(chain: chain, currentPosition: 3, target: .back(1))) == ["down 0003_add_index"])
        #expect(ids(try ApplyPlan(chain: chain, currentPosition: 1, target: .forward(2)))
            == ["up 0002_add_memories", "up 0003_add_index"])
    }

    @Test func alreadyAtTargetIsEmpty() throws {
        #expect(try ApplyPlan(chain: chain, currentPosition: 4, target: .head).isEmpty)
        #expect(try ApplyPlan(chain: chain, currentPosition: 0, target: .base).isEmpty)
        #expect(try ApplyPlan(chain: [], currentPosition: 0, target: .head).isEmpty)
    }

    @Test func revisionByIdOrUniquePrefix() throws {
        #expect(ids(try ApplyPlan(chain: chain, currentPosition: 0, target: .revision("0002")))
            == ["up 0001_init", "up 0002_add_memories"])
        #expect(ids(try ApplyPlan(chain: chain, currentPosition: 4, target: .revision("0003_add_index")))
            == ["down 0010_backfill"])
        #expect(try resolveRevisionID("0010", in: chain).id == "0010_backfill")
    }

    @Test func exactIdWinsOverLongerIdsWithThatPrefix() throws {
        let chain = makeChain(["0001_a", "0001_ab"])
        #expect(try resolveRevisionID("0001_a", in: chain).position == 1)
    }

    @Test func ambiguousPrefixListsMatches() {
        #expect(throws: ApplyPlanError.ambiguousRevision("000", matches: ["0001_init", "0002_add_memories", "0003_add_index"])) {
            try ApplyPlan(chain: chain, currentPosition: 0, target: .revision("000"))
        }
    }

    @Test func unknownRevision() {
        #expect(throws: ApplyPlanError.unknownRevision("0042", known: chain.map(\.id))) {
            try ApplyPlan(chain: chain, currentPosition: 0, target: .revision("0042"))
        }
    }

    @Test func relativeOutOfRange() {
        #expect(throws: ApplyPlanError.tooFarBack(requested: 3, available: 2, current: "0002_add_memories")) {
            try ApplyPlan(chain: chain, currentPosition: 2, target: .back(3))
        }
        #expect(throws: ApplyPlanError.tooFarForward(requested: 2, available: 1, current: "0003_add_index")) {
            try ApplyPlan(chain: chain, currentPosition: 3, target: .forward(2))
        }
        let message = ApplyPlanError.tooFarBack(requested: 1, available: 0, current: "base").description
        #expect(message == "cannot go 1 back from base: only 0 revisions are applied (use --to base to undo them all)")
    }

    /// Names in messages are quoted one way, with backticks, as in compile's diagnostics.
    @Test func targetsAreQuotedLikeEveryOtherName() {
        #expect(ApplyPlanError.badRelativeTarget("-x").description.hasPrefix("`-x` is not a valid relative target"))
        #expect(ApplyPlanError.unknownRevision("0009", known: ["0001_a"]).description
            == "no revision `0009` in the bundle (known revisions: 0001_a)")
        #expect(ApplyPlanError.ambiguousRevision("000", matches: ["0001_a", "0002_b"]).description
            == "`000` is ambiguous: it is a prefix of 0001_a, 0002_b; give more of the id")
    }
}

@Suite struct HistoryCheckTests {
    let chain = makeChain(["0001_init", "0002_more"])

    func row(_ entry: ChainEntry) -> AppliedRevision {
        AppliedRevision(
            revision: entry.id, position: entry.position, parent: entry.parent, chainHash: entry.chainHash,
            upSHA256: entry.up.sha256, downSHA256: entry.down.sha256, message: entry.message)
    }

    @Test func prefixIsAccepted() throws {
        #expect(try checkAppliedHistory([], against: chain) == 0)
        #expect(try checkAppliedHistory([row(chain[0])], against: chain) == 1)
        #expect(try checkAppliedHistory(chain.map(row), against: chain) == 2)
    }

    @Test func databaseAheadNamesRevisionAndHash() {
        let longer = makeChain(["0001_init", "0002_more", "0003_later"])
        #expect(throws: HistoryMismatch.databaseAhead(
            revision: "0003_later", position: 3, chainHash: "sha256:chain-0003_later", bundleHead: "0002_more")
        ) {
            try checkAppliedHistory(longer.map(row), against: chain)
        }
    }

    @Test func differentChainHashNamesBoth() {
        var tampered = row(chain[0])
        tampered.chainHash = "sha256:other"
        let error = HistoryMismatch.differentChainHash(
            revision: "0001_init", database: "sha256:other", bundle: "sha256:chain-0001_init")
        #expect(throws: error) { try checkAppliedHistory([tampered], against: chain) }
        #expect(error.description.contains("sha256:other") && error.description.contains("sha256:chain-0001_init"))
    }

    @Test func differentChecksumAndRevision() {
        var edited = row(chain[0])
        edited.downSHA256 = "sha256:x"
        #expect(throws: HistoryMismatch.differentChecksum(
            revision: "0001_init", script: .down, file: chain[0].down.file, database: "sha256:x",
            bundle: "sha256:down-0001_init")
        ) { try checkAppliedHistory([edited], against: chain) }

        var renamed = row(chain[0])
        renamed.revision = "0001_other"
        #expect(throws: HistoryMismatch.self) { try checkAppliedHistory([renamed], against: chain) }
    }

    @Test func gapsAndWrongParentsAreBroken() {
        var second = row(chain[1])
        second.parent = nil
        #expect(throws: HistoryMismatch.self) { try checkAppliedHistory([row(chain[0]), second], against: chain) }
        #expect(throws: HistoryMismatch.self) { try checkAppliedHistory([row(chain[1])], against: chain) }
    }
}
