/// pgvector's limits and operator classes (PG-DDL §1.2–§1.3, pgvector 0.8).
enum PGVector {
    /// The most dimensions an hnsw or ivfflat index takes, per type; sparsevec has none for
    /// hnsw (its limit is 1000 non-zero elements per row, checked at insert) and no ivfflat.
    static func indexDimensionLimit(_ kind: VectorKind) -> Int? {
        switch kind {
        case .vector: return 2000
        case .halfvec: return 4000
        case .bit: return 64000
        case .sparsevec: return nil
        }
    }

    /// Operator classes per access method and type.
    static func opclasses(_ method: Index.Method, _ kind: VectorKind) -> [String] {
        switch (method, kind) {
        case (.hnsw, .bit): return ["bit_hamming_ops", "bit_jaccard_ops"]
        case (.hnsw, _): return ["l2", "ip", "cosine", "l1"].map { "\(kind.rawValue)_\($0)_ops" }
        case (.ivfflat, .bit): return ["bit_hamming_ops"]
        case (.ivfflat, .sparsevec): return []
        case (.ivfflat, _): return ["l2", "ip", "cosine"].map { "\(kind.rawValue)_\($0)_ops" }
        case (.btree, .bit): return ["bit_ops"]
        case (.btree, _): return ["\(kind.rawValue)_ops"]
        default: return []
        }
    }

    /// Every operator class the extension installs (`bit_ops` belongs to pg_catalog).
    static let allOpclasses: Set<String> = {
        var names: Set<String> = []
        for method in [Index.Method.hnsw, .ivfflat, .btree] {
            for kind in VectorKind.allCases { names.formUnion(opclasses(method, kind)) }
        }
        names.remove("bit_ops")
        return names
    }()
}
