import Testing

@testable import StrataBundle

@Suite struct TransactionControlTests {
    @Test(arguments: [
        ("BEGIN", "BEGIN"), ("begin transaction isolation level serializable", "BEGIN"), ("COMMIT", "COMMIT"),
        ("end", "END"), ("ROLLBACK", "ROLLBACK"), ("start transaction", "START TRANSACTION"),
        ("/* c */ commit work", "COMMIT"), ("PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION"),
    ])
    func refused(statement: String, keyword: String) {
        #expect(TransactionControl.keyword(of: statement) == keyword)
    }

    @Test(arguments: [
        "ROLLBACK TO SAVEPOINT a", "SAVEPOINT a", "RELEASE SAVEPOINT a", "DO $$ BEGIN PERFORM 1; END $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END", "PREPARE q AS SELECT 1",
        "SELECT 1",
    ])
    func allowed(statement: String) {
        #expect(TransactionControl.keyword(of: statement) == nil)
    }
}
