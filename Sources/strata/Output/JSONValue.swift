import Foundation
import StrataBundle

/// A JSON value whose object keys keep the order they were written in, so every `--format json`
/// document has the documented shape, key for key, and `null` stays present rather than omitted.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    static func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.int) ?? .null }
    static func strings(_ texts: [String]) -> JSONValue { .array(texts.map(JSONValue.string)) }

    /// Pretty-printed with two-space indentation, ending in a newline.
    var rendered: String {
        var out = ""
        write(to: &out, indent: "")
        return out + "\n"
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): out += PrettyJSONText.stringLiteral(value)
        case .array(let values):
            guard !values.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, value) in values.enumerated() {
                out += indent + "  "
                value.write(to: &out, indent: indent + "  ")
                out += index == values.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += indent + "  "
                out += PrettyJSONText.stringLiteral(key)
                out += ": "
                value.write(to: &out, indent: indent + "  ")
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}

/// `--format json`: the command's one object on stdout, and, when a command stops with an error
/// before it has printed its object, `{"format_version", "command", "ok": false, "exit_code",
/// "errors"}` instead, so stdout always holds exactly one JSON document.
///
/// One value per run, no global state: `Strata.main()` makes it and binds it (`current`) while the
/// command runs. ArgumentParser constructs the commands, so it cannot be an argument of `run()`;
/// a task-local binding passes it down instead. The statics forward to the bound value and do
/// nothing outside a run (a unit test calling a command's helpers).
final class JSONOutput: @unchecked Sendable {
    // @unchecked: used only by the thread that runs the command (the library's parallel work
    // prints nothing), which the task-local binding also scopes it to.

    /// The shape version of every document; raised only on an incompatible change.
    static let formatVersion = 1

    /// The run's output, bound by `Strata.main()`.
    @TaskLocal static var current: JSONOutput?

    /// The command whose output is JSON; nil in text mode. Set once, at the start of `run()`.
    private var command: String?
    /// Whether the command's object has been printed.
    private var printed = false
    /// Every error message printed on stderr, for the error object.
    private var errors: [String] = []

    static var isActive: Bool { current?.command != nil }

    /// Starts JSON mode for `command` when `options` ask for it; returns whether they do.
    @discardableResult
    static func begin(_ command: String, _ options: FormatOptions) -> Bool {
        guard options.format == .json else { return false }
        current?.command = command
        return true
    }

    /// Records error messages printed on stderr, for the error object.
    static func record(errors messages: [String]) {
        current?.errors += messages
    }

    /// The document: `format_version` and `command` first, then `members`.
    static func print(_ members: [(String, JSONValue)]) {
        current?.print(members)
    }

    private func print(_ members: [(String, JSONValue)]) {
        guard let command, !printed else { return }
        printed = true
        let object = JSONValue.object(
            [("format_version", .int(Self.formatVersion)), ("command", .string(command))] + members)
        Console.out(object.rendered)
    }

    /// Called on the way out with a non-zero status: the error object, unless the command's own
    /// object was printed.
    func finish(exitCode: Int32) {
        guard command != nil, !printed, exitCode != 0 else { return }
        print([("ok", .bool(false)), ("exit_code", .int(Int(exitCode))), ("errors", .strings(errors))])
    }
}
