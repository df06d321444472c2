import Testing
@testable import TripletForge

/// How `--db` is recognised as PostgreSQL, and how a server is named without its secrets.
@Suite struct PostgresConnectionTests {
    @Test(arguments: ["postgres://h/db", "postgresql://u:p@h:5/db", "POSTGRESQL://h/db", "postgres:", "postgresql:"])
    func connectionURIsAndTheBareSchemeArePostgres(_ text: String) {
        #expect(PostgresConnection.isConnectionString(text))
    }

    @Test(arguments: ["feedback.sqlite", "/srv/postgres/app.sqlite", "postgres", "postgres.sqlite", "file:postgres://x"])
    func pathsAreSQLiteFilesEvenWhenTheyMentionPostgres(_ text: String) {
        #expect(!PostgresConnection.isConnectionString(text))
    }

    @Test func theBareSchemeLeavesEverythingToLibpqsEnvironment() {
        #expect(PostgresConnection.conninfo("postgres:") == "")
        #expect(PostgresConnection.conninfo("postgresql://h/db") == "postgresql://h/db")
    }

    @Test func theDisplayedNameKeepsUserHostPortAndDatabaseButNeverThePassword() {
        let shown = PostgresConnection.display(conninfo: "postgresql://reader:s3cret-pw@db.internal:6543/assistant?sslmode=require&application_name=x")
        #expect(shown == "postgresql://reader@db.internal:6543/assistant")
        let socket = PostgresConnection.display(conninfo: "postgresql://reader:s3cret-pw@/assistant?host=/run/pg&port=5433")
        #expect(socket == "postgresql://reader@/assistant?host=/run/pg&port=5433")
        #expect(!PostgresConnection.display(conninfo: "host=h user=u password=s3cret-pw dbname=d").contains("s3cret"))
    }
}
