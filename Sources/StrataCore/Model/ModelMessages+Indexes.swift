/// The Model stage's messages about indexes and pgvector (`ModelBuilder+Indexes`,
/// `ModelBuilder+Vector`). `label` names the index (`` index `ix_x` on table `t` ``), `method` is
/// its access method and `key` how a key is shown (`` column `embedding` ``).
extension ModelMessage {
    static func indexWithoutKeys(_ label: String) -> String { "\(label) has no keys; give `columns` or `expression`" }
    static func indexOnVirtualColumn(_ label: String, column: String) -> String {
        "\(label) uses virtual generated column `\(column)`; indexes on virtual columns are not supported "
            + "(make it `stored: true`, or index its expression)"
    }
    static func uniqueNotBtree(_ label: String, method: String) -> String {
        "\(label) is `unique`, but only btree indexes can be unique (method is \(method))"
    }
    static func oneKeyOnly(_ label: String, keys: Int, method: String) -> String {
        "\(label) has \(keys) keys, but \(method) indexes take exactly one"
    }
    static let oneIndexPerKeyNote = "create one index per key"
    static func includeUnsupported(_ label: String, method: String) -> String {
        "\(label) has `include`, which \(method) indexes do not support (only btree and gist do)"
    }
    static func orderUnsupported(_ label: String, method: String) -> String {
        "\(label) gives `order`/`nulls` for a key, but only btree indexes are ordered (method is \(method))"
    }
    static func unknownStorageParameter(_ key: String, of label: String, method: String, allowed: [String]) -> String {
        "unknown storage parameter `\(key)` for \(label) (method \(method)); it takes "
            + allowed.map { "`\($0)`" }.joined(separator: ", ")
    }
    static func storageParameterNotANumber(_ key: String, of label: String, found: String) -> String {
        "storage parameter `\(key)` of \(label) must be a whole number, found `\(found)`"
    }
    static func storageParameterOutOfRange(_ key: String, of label: String, value: Int, range: ClosedRange<Int>) -> String {
        "storage parameter `\(key)` of \(label) is \(value); it must be between \(range.lowerBound) and \(range.upperBound)"
    }
    static func efConstructionTooLow(_ label: String, ef: Int, m: Int, mDefaulted: Bool) -> String {
        "`ef_construction` (\(ef)) of \(label) must be at least 2 * m (\(2 * m))" + (mDefaulted ? "; m defaults to 16" : "")
    }
    static func efConstructionNote(ef: Int, m: Int) -> String { "raise ef_construction to \(2 * m) or lower m to \(ef / 2)" }

    // MARK: - pgvector

    static func vectorKeyTypeUnknown(_ label: String, method: String, key: String) -> String {
        "\(label) (\(method)) indexes \(key), whose type strata cannot see; "
            + "end the expression with a cast such as `::halfvec(3072)`"
    }
    static func notAVectorType(_ label: String, method: String, key: String, type: String) -> String {
        "\(label) uses \(method) on \(key) of type \(type); \(method) indexes only vector, halfvec, sparsevec and bit values"
    }
    static func opclassRequired(_ label: String, method: String, kind: String) -> String {
        "\(label) needs an explicit opclass: \(method) has no default operator class for \(kind)"
    }
    static func opclassRequiredNote(kind: String, fitting: [String]) -> String {
        "add `opclass: \(fitting.first(where: { $0.contains("cosine") }) ?? fitting[0])`; "
            + "\(kind) takes " + fitting.joined(separator: ", ")
    }
    static func opclassDoesNotFit(_ opclass: String, key: String, type: String, label: String, method: String) -> String {
        "operator class `\(opclass)` does not fit \(key) of type \(type) in \(label) (\(method))"
    }
    static func opclassFittingNote(kind: String, method: String, fitting: [String]) -> String {
        "for \(kind) with \(method) use one of " + fitting.joined(separator: ", ")
    }
    static func opclassUnknown(_ opclass: String, method: String, key: String, type: String?) -> String {
        "operator class `\(opclass)` does not exist for \(method) indexes on \(key)" + (type.map { " of type \($0)" } ?? "")
    }
    static let distanceOpclassNote = "pgvector's distance operator classes need `method: hnsw` or `method: ivfflat`"
    static func ivfflatOnSparsevec(_ label: String, key: String) -> String {
        "\(label) uses ivfflat on sparsevec \(key); ivfflat does not support sparsevec"
    }
    static let useHNSWForSparsevecNote = "use `method: hnsw` (up to 1000 non-zero elements per row)"
    static func vectorWithoutDimensions(_ label: String, method: String, key: String, type: String) -> String {
        "\(label) (\(method)) indexes \(key) of type \(type), which has no dimensions"
    }
    static func declareDimensionsNote(kind: String) -> String {
        "declare the column as `\(kind)(n)`, or index a cast expression such as `(column::\(kind)(n))`"
    }
    static func tooManyDimensions(_ label: String, method: String, key: String, type: String, limit: Int, kind: String)
        -> String
    {
        "\(label) (\(method)) on \(key) of type \(type): \(method) indexes at most \(limit) dimensions of \(kind)"
    }
}

extension ModelMessage {
    static func parameterOfOtherMethodNote(_ key: String, method: String) -> String {
        "`\(key)` is a parameter of \(method) indexes"
    }
    static func halfvecCastNote(dimensions: Int, column: String, halfvec: String, distance: String) -> String {
        "index a halfvec(\(dimensions)) cast expression instead: `expression: \"(\(column)::\(halfvec))\"` "
            + "with opclass halfvec_\(distance)_ops (halfvec indexes up to 4000 dimensions)"
    }
    static func binaryQuantizeNote(column: String, dimensions: Int) -> String {
        "index a binary-quantized expression instead: `expression: \"(binary_quantize(\(column))::bit(\(dimensions)))\"` "
            + "with opclass bit_hamming_ops (bit indexes up to 64000 dimensions), or reduce the dimensions"
    }
    static let reduceDimensionsNote = "reduce the dimensions, or index a lower-dimensional expression"
    static func reduceDimensionsForOldPGVectorNote(limit: Int, declared: String) -> String {
        "reduce the dimensions to \(limit) or fewer: halfvec and binary-quantized indexes need pgvector 0.7, "
            + "and the schema block declares vector \(declared)"
    }
}
