/// Loads the schema files (in the order given: sorted path order) into one validated,
/// normalized `Schema`, or returns nil after reporting every problem found to `diagnostics`.
///
/// Each file is checked for UTF-8, composed (anchors, aliases, duplicate keys) and decoded
/// (unknown keys, wrong YAML types). When every file composed, the declarations are built into
/// the model (`buildModel`): types normalized, defaults named, references and pgvector limits
/// checked. A file that could not be composed stops before that step, so the missing
/// declarations cannot cause a cascade of "not declared" errors.
public func loadSchema(_ files: [SourceFile], diagnostics: inout DiagnosticCollector) -> Schema? {
    var decoded: [SchemaFile] = []
    var allComposed = true
    var hadErrors = false
    for file in files {
        var local = DiagnosticCollector()
        var streamed: StreamedTables? = nil
        guard
            let root = composeYAML(
                file: file.path, bytes: file.contents, diagnostics: &local, streamingTables: true, into: &streamed)
        else {
            allComposed = false
            hadErrors = true
            diagnostics.merge(local)
            continue
        }
        var decoder = SchemaDecoder()
        decoded.append(decoder.decode(root, path: file.path, streamedTables: streamed))
        diagnostics.merge(local)
        diagnostics.merge(decoder.reader.diagnostics)
        hadErrors = hadErrors || local.hasErrors || decoder.reader.diagnostics.hasErrors
        if decoder.rootIsInvalid { allComposed = false }
    }
    guard allComposed else { return nil }
    var modelDiagnostics = DiagnosticCollector()
    let schema = buildModel(decoded, diagnostics: &modelDiagnostics)
    diagnostics.merge(modelDiagnostics)
    guard !hadErrors, !modelDiagnostics.hasErrors else { return nil }
    return schema
}
