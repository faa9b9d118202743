import Foundation

/// The structured reading of one hazard line as compile writes it into a script header and
/// chain.json (`<change>: <detail>; <detail> (<lock>; <lock>)`), for `--format json`: CI gates on
/// `destructive` or `kind` instead of matching prose. Read back from the line, so bundles compiled
/// before the fields existed get them too.
public struct HazardSummary: Hashable, Sendable {
    /// The line as written.
    public var text: String
    /// The change the statement makes: `drop column negentropy.notes.draft`.
    public var object: String
    /// The first risk the line names (see `Hazard.Kind`), `other` when none is recognised.
    public var kind: String
    /// Every risk the line names, in order, without repeats.
    public var kinds: [String]
    /// `ACCESS EXCLUSIVE on negentropy.notes`, as the line's final parentheses say.
    public var lock: String?
    /// The first table the lock names.
    public var table: String?
    /// True when the statement loses data (what `--allow-destructive` is about).
    public var destructive: Bool

    public init(line: String) {
        text = line
        var rest = Substring(line)
        if let close = rest.last, close == ")", let open = Self.lockOpening(in: rest) {
            lock = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
            rest = rest[..<open]
            while rest.last == " " { rest.removeLast() }
        }
        if let colon = rest.range(of: ": ") {
            object = String(rest[..<colon.lowerBound])
            rest = rest[colon.upperBound...]
        } else {
            object = String(rest)
            rest = ""
        }
        var found: [Hazard.Kind] = []
        for fragment in rest.split(separator: ";") {
            if let kind = Self.kind(of: fragment.trimmingPrefix(" ")), !found.contains(kind) { found.append(kind) }
        }
        kinds = found.map(Self.name)
        kind = kinds.first ?? "other"
        destructive = found.contains(.dataLoss)
        table = lock.flatMap { lock in
            guard let on = lock.range(of: " on ") else { return nil }
            let target = lock[on.upperBound...]
            // A routine's lock (`ACCESS EXCLUSIVE on function f(int)`) names no table.
            if Self.routineKinds.contains(where: { target.hasPrefix($0) }) { return nil }
            return String(target.prefix { $0 != " " && $0 != ";" && $0 != "," })
        }
    }

    /// The `(` that opens the lock list: the last one whose text starts with a lock mode.
    private static func lockOpening(in text: Substring) -> Substring.Index? {
        var index = text.endIndex
        while let open = text[..<index].lastIndex(of: "(") {
            let inside = text[text.index(after: open)...]
            if lockModes.contains(where: { inside.hasPrefix($0) }) { return open }
            index = open
        }
        return nil
    }

    static let routineKinds = ["function ", "procedure "]

    static let lockModes = [
        "ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE", "ROW EXCLUSIVE",
        "ROW SHARE", "ACCESS SHARE",
    ]

    /// The JSON spelling of a kind: `data_loss`, `rewrite`, `full_scan`, ...
    static func name(_ kind: Hazard.Kind) -> String {
        switch kind {
        case .dataLoss: "data_loss"
        case .rewrite: "rewrite"
        case .fullScan: "full_scan"
        case .indexBuild: "index_build"
        case .heavyLock: "lock"
        case .mayFail: "may_fail"
        case .changesValues: "changes_values"
        case .breaksClients: "breaks_clients"
        case .restoresNoData: "restores_no_data"
        }
    }

    /// The kind of one detail, by the words compile starts it with.
    static func kind(of detail: Substring) -> Hazard.Kind? {
        let starts: [(String, Hazard.Kind)] = [
            ("deletes ", .dataLoss), ("USING ", .dataLoss), ("narrows ", .dataLoss), ("drops enum value", .dataLoss),
            ("the down script re", .restoresNoData), ("re-adds ", .restoresNoData),
            ("clients still using", .breaksClients), ("its callers fail", .breaksClients),
            // A routine dropped and created again loses its grants: callers without them fail.
            ("its grants and owner are reset", .breaksClients),
            ("rewrites ", .rewrite), ("recomputes ", .rewrite), ("adding identity", .rewrite),
            ("adding stored generated", .rewrite), ("the volatile default", .rewrite), ("converting to", .rewrite),
            ("scans all of", .fullScan), ("reads max(", .fullScan), ("reads min(", .fullScan), ("builds ", .indexBuild), ("rebuilds ", .indexBuild),
            ("blocks ", .heavyLock), ("briefly blocks", .heavyLock), ("dropping ", .heavyLock), ("a catalog-only change", .heavyLock),
            ("fails if", .mayFail), ("NOT NULL without a default", .mayFail),
            // A zone conversion: catalog only, under the lock, its indexes rebuilt.
            ("needs no rewrite", .heavyLock),
        ]
        if let match = starts.first(where: { detail.hasPrefix($0.0) }) { return match.1 }
        if detail.contains(" rewrites ") { return .rewrite }
        if detail.contains(" is rebuilt") { return .indexBuild }
        if detail.contains(" lose their trailing spaces") { return .changesValues }
        return nil
    }
}
