/// Finds the version-bound constructs of `VersionedConstruct` in SQL text, token by token (strings,
/// comments and dollar-quoted bodies are skipped, so a literal mentioning `halfvec` needs nothing).
///
/// Compile scans each statement it emits, attributing what it finds to the YAML object behind the
/// statement; apply and the release script scan the up scripts of revisions compiled before
/// requirements were recorded. One scanner for both keeps the two readings equal.
public enum RequirementScanner {
    /// The constructs in `sql`, in the order they appear, repeats included.
    public static func constructs(in sql: String) -> [VersionedConstruct] {
        let tokens = SQLLexer.tokens(of: sql)
        var found: [VersionedConstruct] = []
        for index in tokens.indices {
            if let construct = construct(at: index, in: tokens) { found.append(construct) }
        }
        return found
    }

    private static func construct(at index: Int, in tokens: [SQLToken]) -> VersionedConstruct? {
        func word(_ offset: Int) -> String? {
            let position = index + offset
            guard position < tokens.count, case .word(let text) = tokens[position] else { return nil }
            return text
        }
        func punctuation(_ offset: Int) -> String? {
            let position = index + offset
            guard position < tokens.count, case .punctuation(let text) = tokens[position] else { return nil }
            return text
        }
        switch tokens[index] {
        case .punctuation("<"):
            switch (punctuation(1), punctuation(2)) {
            case ("+", ">"): return .l1Distance
            case ("~", ">"), ("%", ">"): return .bitDistance
            default: return nil
            }
        case .word(let text):
            switch text {
            case "nulls" where word(1) == "not" && word(2) == "distinct": return .nullsNotDistinct
            case "set" where word(1) == "expression" && word(2) == "as": return .setExpression
            case "create" where word(1) == "or" && word(2) == "replace" && word(3) == "trigger":
                return .createOrReplaceTrigger
            case "security_invoker": return .securityInvoker
            case "using" where word(1) == "hnsw": return .hnsw
            case "halfvec": return .halfvec
            case "sparsevec": return .sparsevec
            case "bit_hamming_ops", "bit_jaccard_ops": return .bitOpclass
            case "vector_l1_ops": return .vectorL1
            case "binary_quantize" where punctuation(1) == "(": return .binaryQuantize
            case "subvector" where punctuation(1) == "(": return .subvector
            case "uuidv7" where punctuation(1) == "(": return .uuidv7
            case "uuidv4" where punctuation(1) == "(": return .uuidv4
            case "collate": return collation(after: index, in: tokens)
            case "generated": return isVirtualGenerated(at: index, in: tokens) ? .virtualGenerated : nil
            default:
                guard text.hasSuffix("_ops") else { return nil }
                if text.hasPrefix("halfvec_") { return .halfvec }
                if text.hasPrefix("sparsevec_") { return .sparsevec }
                return nil
            }
        default:
            return nil
        }
    }

    /// `COLLATE [schema.]name` naming a collation newer than PostgreSQL 15.
    private static func collation(after index: Int, in tokens: [SQLToken]) -> VersionedConstruct? {
        var position = index + 1
        if position + 2 < tokens.count, tokens[position + 1] == .punctuation(".") { position += 2 }
        guard position < tokens.count, let name = tokens[position].identifier else { return nil }
        switch name {
        case "unicode": return .unicodeCollation
        case "pg_c_utf8": return .builtinCUTF8
        case "pg_unicode_fast": return .builtinUnicodeFast
        default: return nil
        }
    }

    /// `GENERATED ALWAYS AS ( ... ) VIRTUAL`.
    private static func isVirtualGenerated(at index: Int, in tokens: [SQLToken]) -> Bool {
        guard index + 3 < tokens.count, tokens[index + 1] == .word("always"), tokens[index + 2] == .word("as"),
            tokens[index + 3] == .punctuation("(")
        else { return false }
        var depth = 0
        var position = index + 3
        while position < tokens.count {
            if tokens[position] == .punctuation("(") { depth += 1 }
            if tokens[position] == .punctuation(")") {
                depth -= 1
                if depth == 0 { break }
            }
            position += 1
        }
        return position + 1 < tokens.count && tokens[position + 1] == .word("virtual")
    }
}
