extension ModelBuilder {
    /// `parseColumnTypeDetailed` in this builder's context, remembered by spelling: a large
    /// schema writes the same few types (`bigint`, `text`, `timestamptz`) thousands of times, and
    /// tokenizing and looking each one up again was a tenth of building the model.
    ///
    /// Only valid once `context` is final (after the enums and extensions are known).
    mutating func parsedType(_ text: String) -> Result<ParsedColumnType, ColumnTypeError> {
        if let known = parsedTypes[text] { return known }
        let parsed = parseColumnTypeDetailed(text, in: context)
        parsedTypes[text] = parsed
        return parsed
    }
}
