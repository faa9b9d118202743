import StrataCore

extension JSONValue {
    /// `hazard_details`: each hazard line with its structured fields (docs/json-output.md).
    static func hazardDetails(_ lines: [String]) -> JSONValue {
        .array(
            lines.map { line in
                let summary = HazardSummary(line: line)
                return .object([
                    ("kind", .string(summary.kind)), ("kinds", .strings(summary.kinds)),
                    ("object", .string(summary.object)), ("lock", .optional(summary.lock)),
                    ("table", .optional(summary.table)), ("destructive", .bool(summary.destructive)),
                    ("text", .string(summary.text)),
                ])
            })
    }
}
