/// The entries of a file's top-level `tables:` mapping, decoded one by one while the file is
/// composed, so that a large file never holds the node tree of every table at once: a 50 MB
/// schema file's tree took more memory than everything decoded from it. `SchemaDecoder.decode`
/// takes these in place of the `tables` node, and merges their diagnostics where it would have
/// decoded them, so the same problems are reported in the same order.
struct StreamedTables {
    /// The decoded declarations by entry position; nil where the key is not a name.
    private var decls: [TableDecl?] = []
    /// Keys that are not names, reported before the tables' own problems as `NodeReader.mapping` does.
    private var keyProblems = DiagnosticCollector()
    private var decoder = SchemaDecoder()

    /// Decodes the entry that is `position`-th in the mapping so far (entries merged in with
    /// `<<` arrive last, at the place the composer inserts them).
    mutating func add(_ pair: YAMLNode.Pair, at position: Int) {
        guard let key = pair.key.scalar, !key.isNull else {
            keyProblems.error(
                LoadMessage.expectedNameAsKey(in: "`tables`", found: pair.key.kindDescription), at: pair.key.location)
            decls.insert(nil, at: position)
            return
        }
        decls.insert(decoder.decodeTable(pair), at: position)
    }

    var tables: [TableDecl] { decls.compactMap { $0 } }

    var diagnostics: DiagnosticCollector {
        var all = keyProblems
        all.merge(decoder.reader.diagnostics)
        return all
    }
}
