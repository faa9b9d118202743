import Foundation
internal import CLibPQ

extension ConnectionSettings {
    /// Why libpq cannot parse the URL or conninfo string (password scrubbed), or nil when it can
    /// (or there is none: libpq's environment). Checked before connecting, so that a typo reads
    /// as a malformed URL rather than as a server that cannot be reached.
    public var malformation: String? {
        guard let connectionString else { return nil }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &error) else {
            defer { if let error { PQfreemem(error) } }
            let message = error.map { String(cString: $0) } ?? "libpq could not parse it"
            return scrub(message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        PQconninfoFree(options)
        return nil
    }
}
