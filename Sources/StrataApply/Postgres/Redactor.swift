/// Replaces every known secret (passwords) in a text by `********`.
///
/// libpq echoes parts of the connection string in some errors (e.g. an invalid URI), so every
/// message that leaves the Postgres layer goes through one of these.
struct Redactor: Sendable, Equatable {
    static let mask = "********"
    /// Secrets, longest first so a secret containing another is replaced whole.
    let secrets: [String]

    init(secrets: [String]) {
        let unique = Set(secrets.filter { !$0.isEmpty })
        self.secrets = unique.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets {
            result = result.replacing(secret, with: Redactor.mask)
        }
        return result
    }
}
