internal import Foundation

/// The one JSON encoding the bundle uses for `chain.json` and snapshots: pretty-printed, keys
/// sorted, slashes unescaped, ending in a newline, so equal values give byte-identical files.
public enum DeterministicJSON {
    /// Foundation's `JSONEncoder`. Snapshots, the large files, are written field by field by
    /// `SnapshotJSON` to these same bytes (`SnapshotJSONTests`); this writes `chain.json`.
    public static func encode<Value: Encodable>(_ value: Value) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
        } catch {
            // The bundle's types hold strings, integers, booleans and containers: nothing that fails.
            preconditionFailure("encoding \(Value.self) to JSON failed: \(error)")
        }
    }

    /// Decodes `bytes`; the error names `file`.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], file: String)
        throws(BundleError) -> Value
    {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw .malformedJSON(file: file, reason: describe(error))
        } catch {
            throw .malformedJSON(file: file, reason: "\(error)")
        }
    }

    /// A one-line reason with the JSON path, instead of Foundation's multi-line dump.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "at the top level" : "at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) \(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type), found null \(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
