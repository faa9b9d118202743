import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import StrataApply
import StrataTestSupport

/// Malformed connection strings never echo their password, and a server that accepts but never
/// answers is given up on after connect_timeout.
@Suite struct ConnectionStringSafetyTests {
    /// Each malformed form with the pieces of its password that must never be printed.
    static let malformed: [(url: String, secrets: [String])] = [
        ("postgres://u:Pa55/W0rdX@127.0.0.1:p/db", ["Pa55/W0rdX", "Pa55", "W0rdX"]),
        ("postgres://u:Pa55@W0rdX@127.0.0.1:1/db?connect_timeout=2", ["Pa55@W0rdX", "Pa55", "W0rdX"]),
        ("host=127.0.0.1 port=1 PASSWORD=Upp3rCaseSecret dbname=db", ["Upp3rCaseSecret"]),
        ("host=127.0.0.1 port=1 Password='Qu0ted Secret' dbname=db", ["Qu0ted Secret", "Qu0ted"]),
        ("postgres:u:NoSl4shSecret@127.0.0.1/db", ["NoSl4shSecret"]),
        ("postgresql://u:S3cret%2Fenc@127.0.0.1:1/db?connect_timeout=2", ["S3cret%2Fenc", "S3cret/enc"]),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedStringsNeverShowTheirPassword(index: Int) throws {
        let (url, secrets) = Self.malformed[index]
        let settings = ConnectionSettings(url: url, environment: [:])
        let description = settings.redactedDescription
        #expect(description.contains("********"), "\(description)")
        for secret in secrets { #expect(!description.contains(secret), "\(description)") }
        let error = try #require(throws: PostgresError.self) { _ = try Connection(settings: settings) }
        #expect(error.kind == .connection)
        for secret in secrets { #expect(!error.description.contains(secret), "\(error.description)") }
    }

    @Test func wellFormedURLsKeepTheirHostAndPort() {
        let settings = ConnectionSettings(url: "postgresql://app:pw@db.example:5433/prod?application_name=a", environment: [:])
        #expect(settings.redactedDescription == "postgresql://app:********@db.example:5433/prod?application_name=a")
        let noPassword = ConnectionSettings(url: "postgresql://app@[::1]:5433/prod", environment: [:])
        #expect(noPassword.redactedDescription == "postgresql://app@[::1]:5433/prod")
    }

    @Test func connectTimeoutDefaultsToTenSecondsUnlessTheEnvironmentSetsOne() {
        #expect(ConnectionSettings(url: "postgresql://h/db", environment: [:]).defaultConnectTimeout == "10")
        #expect(ConnectionSettings(url: "postgresql://h/db", environment: ["PGCONNECT_TIMEOUT": "3"]).defaultConnectTimeout == nil)
    }

    @Test func aServerThatNeverAnswersIsGivenUpOn() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let url = "postgresql://u:T1meout-Secret@127.0.0.1:\(listener.port)/db?connect_timeout=2"
        let error = try #require(throws: PostgresError.self) {
            _ = try Connection(settings: ConnectionSettings(url: url, environment: [:]))
        }
        #expect(error.kind == .connection)
        #expect(error.message.contains("did not answer within connect_timeout (2 s)"), "\(error.message)")
        #expect(!error.description.contains("T1meout-Secret"))
    }

    @Test func theCLIExitsWithThreeWhenTheServerNeverAnswers() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let listener = try SilentListener()
        defer { listener.close() }
        var environment = ProcessInfo.processInfo.environment
        environment["PGCONNECT_TIMEOUT"] = "2"
        let result = try ProcessCapture.run(
            strata, ["status", bundle.directory.path, "--url", "postgresql://u@127.0.0.1:\(listener.port)/db"],
            environment: environment)
        let text = result.stderr
        #expect(result.status == 3)
        #expect(text.contains("did not answer within connect_timeout (2 s)"), "\(text)")
    }
}

/// A TCP socket on 127.0.0.1 that accepts connections (the kernel completes the handshake) and
/// never answers.
final class SilentListener: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw POSIXError(.EIO) }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
