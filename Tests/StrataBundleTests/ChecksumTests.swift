import Testing
@testable import StrataBundle

@Suite struct ChecksumTests {
    @Test func formatIsPrefixedLowercaseHex() {
        let sum = Checksum.sha256(of: Array("abc".utf8))
        #expect(sum == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func leadingBOMAndCRLFDoNotChangeTheChecksum() {
        let plain = Array("CREATE TABLE t ();\nDROP TABLE t;\n".utf8)
        let windows = [0xEF, 0xBB, 0xBF] + Array("CREATE TABLE t ();\r\nDROP TABLE t;\r\n".utf8)
        #expect(Checksum.sha256(of: windows) == Checksum.sha256(of: plain))
    }

    @Test func anyOtherByteChangeAltersTheChecksum() {
        let plain = Array("a\nb\n".utf8)
        #expect(Checksum.sha256(of: Array("a\rb\n".utf8)) != Checksum.sha256(of: plain))  // lone CR kept
        #expect(Checksum.sha256(of: Array("a\n\nb\n".utf8)) != Checksum.sha256(of: plain))
        #expect(Checksum.sha256(of: Array("a\nb".utf8)) != Checksum.sha256(of: plain))
        // A BOM anywhere but at the start counts.
        #expect(Checksum.sha256(of: Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)) != Checksum.sha256(of: plain))
    }

    @Test func normalizationDropsOnlyOneLeadingBOMAndPairsCRLF() {
        #expect(Checksum.normalized([0xEF, 0xBB, 0xBF, 0x61]) == [0x61])
        #expect(Checksum.normalized([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]) == [0xEF, 0xBB, 0xBF])
        #expect(Checksum.normalized(Array("\r\r\n\n\r".utf8)) == Array("\r\n\n\r".utf8))
    }

    /// Streaming must not depend on where chunks end: inside the BOM, between CR and LF, at a lone CR.
    @Test func chunkedChecksumEqualsTheWholeForEveryChunkSize() {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("a\r\nb\r\rc\r\n\r\nd\re\r".utf8) + [0xEF, 0xBB, 0xBF]
        let whole = Checksum.sha256(of: bytes)
        #expect(whole == Checksum.sha256(of: Checksum.normalized(bytes)))
        for size in 1...bytes.count {
            var accumulator = ChecksumAccumulator()
            var offset = 0
            while offset < bytes.count {
                accumulator.update(Array(bytes[offset..<min(offset + size, bytes.count)]))
                offset += size
            }
            #expect(accumulator.finalize() == whole, "chunk size \(size)")
        }
        var empty = ChecksumAccumulator()
        #expect(empty.finalize() == Checksum.sha256(of: []))
        #expect(Checksum.sha256(of: [0xEF, 0xBB]) != Checksum.sha256(of: []))  // a partial BOM is content
    }
}

@Suite struct ChainHashTests {
    @Test func fieldsAreLengthPrefixed() {
        #expect(ChainHash.encode(["ab", "", "é"]) == Array("2:ab0:2:é".utf8))
    }

    @Test func twoSplitsOfTheSameBytesDiffer() {
        func hash(id: String, message: String) -> String {
            ChainHash.compute(
                parentHash: nil, id: id, position: 1, message: message, upSHA256: "u", downSHA256: "d",
                snapshotSHA256: "s", transactional: true, hazards: [])
        }
        #expect(hash(id: "0001_ab", message: "c") != hash(id: "0001_a", message: "bc"))
        #expect(hash(id: "0001_a", message: "bc") == hash(id: "0001_a", message: "bc"))
    }

    @Test func everyFieldIsCovered() {
        let base = ChainEntry(
            id: "0002_x", position: 2, parent: "0001_a", message: "x", up: FileRecord(file: "u", sha256: "U"),
            down: FileRecord(file: "d", sha256: "D"), snapshot: FileRecord(file: "s", sha256: "S"),
            transactional: true, hazards: [], chainHash: "")
        let reference = ChainHash.compute(for: base, parentHash: "P")
        var variants: [ChainEntry] = []
        var entry = base
        entry.id = "0002_y"; variants.append(entry)
        entry = base; entry.position = 3; variants.append(entry)
        entry = base; entry.message = "y"; variants.append(entry)
        entry = base; entry.up.sha256 = "U2"; variants.append(entry)
        entry = base; entry.down.sha256 = "D2"; variants.append(entry)
        entry = base; entry.snapshot.sha256 = "S2"; variants.append(entry)
        entry = base; entry.transactional = false; variants.append(entry)
        entry = base; entry.hazards = ["drop column"]; variants.append(entry)
        entry = base; entry.hazards = [""]; variants.append(entry)
        for variant in variants { #expect(ChainHash.compute(for: variant, parentHash: "P") != reference) }
        #expect(ChainHash.compute(for: base, parentHash: "Q") != reference)
        var split = base
        split.hazards = ["ab", "c"]
        var joined = base
        joined.hazards = ["a", "bc"]
        #expect(ChainHash.compute(for: split, parentHash: "P") != ChainHash.compute(for: joined, parentHash: "P"))
        #expect(ChainHash.compute(for: base, parentHash: nil) != reference)
        #expect(reference.hasPrefix("sha256:") && reference.count == 71)
    }
}
