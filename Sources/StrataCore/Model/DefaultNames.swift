/// The names PostgreSQL chooses for objects declared without one (indexcmds.c `makeObjectName`,
/// `ChooseRelationName`, `ChooseIndexNameAddition`; PG-DDL §5.3).
enum DefaultNames {
    /// `makeObjectName(name1, name2, label)`: `name1_name2_label`, cut to 63 bytes by shortening
    /// the longer of name1 and name2 one byte at a time, then clipping each to a character boundary.
    static func makeObjectName(_ name1: String, _ name2: String?, label: String?) -> String {
        let bytes1 = Array(name1.utf8)
        let bytes2 = name2.map { Array($0.utf8) } ?? []
        var overhead = 0
        if name2 != nil { overhead += 1 }
        if let label { overhead += label.utf8.count + 1 }
        let available = Identifier.maxBytes - overhead
        var length1 = bytes1.count
        var length2 = bytes2.count
        // A label longer than the budget cannot occur for PostgreSQL's labels; stop at empty names anyway.
        while length1 + length2 > available && length1 + length2 > 0 {
            if length1 > length2 { length1 -= 1 } else { length2 -= 1 }
        }
        var name = clip(bytes1, to: length1)
        if name2 != nil { name += "_" + clip(bytes2, to: length2) }
        if let label { name += "_" + label }
        return name
    }

    /// `pg_mbcliplen`: the longest prefix of at most `length` bytes that ends on a character boundary.
    static func clip(_ bytes: [UInt8], to length: Int) -> String {
        var end = min(length, bytes.count)
        // UTF-8 continuation bytes are 10xxxxxx; back up to the start of a whole character.
        if end < bytes.count {
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Truncates a single identifier to 63 bytes on a character boundary.
    static func truncate(_ name: String) -> String {
        let bytes = Array(name.utf8)
        return bytes.count <= Identifier.maxBytes ? name : clip(bytes, to: Identifier.maxBytes)
    }

    /// `ChooseIndexNameAddition`: column names joined by `_`, stopping once 63 bytes are reached.
    static func nameAddition(_ columns: [String]) -> String {
        var buffer: [UInt8] = []
        for column in columns {
            if !buffer.isEmpty { buffer.append(UInt8(ascii: "_")) }
            buffer += Array(truncate(column).utf8)
            if buffer.count >= Identifier.maxBytes + 1 { break }
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// `ChooseIndexColumnNames`: each key's name (column, or what `FigureIndexColname` gives an
    /// expression, else `expr`), with digits appended to repeats (`lower`, `lower1`).
    static func indexColumnNames(_ names: [String]) -> [String] {
        var result: [String] = []
        for original in names {
            var current = original
            var counter = 1
            while result.contains(current) {
                let suffix = String(counter)
                current = clip(Array(original.utf8), to: Identifier.maxBytes - suffix.utf8.count) + suffix
                counter += 1
            }
            result.append(current)
        }
        return result
    }

    /// `ChooseRelationName` / `ChooseConstraintName`: the first of `label`, `label1`, `label2`, …
    /// whose name `isTaken` does not reject.
    static func choose(
        _ name1: String, _ name2: String?, label: String, isTaken: (String) -> Bool
    ) -> String {
        var candidate = makeObjectName(name1, name2, label: label)
        var pass = 0
        while isTaken(candidate) {
            pass += 1
            candidate = makeObjectName(name1, name2, label: label + String(pass))
        }
        return candidate
    }
}
