/// Loads the schema files (in the order given: sorted path order) into one validated,
/// normalized `Schema`, or returns nil after reporting every problem found to `diagnostics`.
///
/// Each file is checked for UTF-8, composed (anchors, aliases, duplicate keys) and decoded
/// (unknown keys, wrong YAML types). When every file composed, the declarations are built into
/// the model (`buildModel`): types normalized, defaults named, references and pgvector limits
/// checked. A file that could not be composed stops before that step, so the missing
/// declarations cannot cause a cascade of "not declared" errors.
func loadSchema(_ files: [SourceFile], diagnostics: inout DiagnosticCollector) -> Schema? {
    // Files are independent until the model is built: compose and decode them on every core, then
    // merge in path order, so the diagnostics and the schema are those of a sequential load.
    let loaded = files.concurrentMap(loadFile)
    var decoded: [SchemaFile] = []
    decoded.reserveCapacity(loaded.count)
    var allComposed = true
    var hadErrors = false
    for file in loaded {
        diagnostics.merge(file.diagnostics)
        hadErrors = hadErrors || file.diagnostics.hasErrors
        if let declarations = file.declarations { decoded.append(declarations) } else { allComposed = false }
    }
    guard allComposed else { return nil }
    var modelDiagnostics = DiagnosticCollector()
    let schema = buildModel(decoded, diagnostics: &modelDiagnostics)
    diagnostics.merge(modelDiagnostics)
    guard !hadErrors, !modelDiagnostics.hasErrors else { return nil }
    return schema
}

/// One schema file composed and decoded.
private struct LoadedFile {
    /// nil when the file could not be composed or its top level is not a mapping.
    var declarations: SchemaFile?
    var diagnostics: DiagnosticCollector
}

private func loadFile(_ file: SourceFile) -> LoadedFile {
    var diagnostics = DiagnosticCollector()
    var streamed: StreamedTables? = nil
    guard
        let root = composeYAML(
            file: file.path, bytes: file.contents, diagnostics: &diagnostics, streamingTables: true, into: &streamed)
    else {
        return LoadedFile(declarations: nil, diagnostics: diagnostics)
    }
    var decoder = SchemaDecoder()
    let declarations = decoder.decode(root, path: file.path, streamedTables: streamed)
    diagnostics.merge(decoder.reader.diagnostics)
    return LoadedFile(declarations: decoder.rootIsInvalid ? nil : declarations, diagnostics: diagnostics)
}
