import CLibPQ
import Foundation
import Testing
@testable import TripletForge

/// The throwaway server `scripts/postgres.sh start` runs, as its env lines describe it:
/// `TRIPLETFORGE_TEST_PG` (a superuser, for setting databases up) and `TRIPLETFORGE_TEST_PG_READER`
/// (a SELECT-only role: what builds run as). Without them the PostgreSQL suites are skipped on a
/// developer's machine, and fail on CI (`CI=true`), where scripts/test.sh always starts the server.
struct PostgresServer {
    let adminURL: String
    let readerURL: String

    static func fromEnvironment() throws -> PostgresServer {
        let environment = ProcessInfo.processInfo.environment
        guard let admin = environment["TRIPLETFORGE_TEST_PG"], let reader = environment["TRIPLETFORGE_TEST_PG_READER"] else {
            let how = "TRIPLETFORGE_TEST_PG(_READER) are unset; run: eval \"$(scripts/postgres.sh start)\""
            if environment["CI"] == "true" { throw TestError("the PostgreSQL tests must run on CI: \(how)") }
            try Test.cancel("no PostgreSQL test server: \(how)")
        }
        return PostgresServer(adminURL: admin, readerURL: reader)
    }

    /// `url` pointing at `database` instead of the one it names.
    static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }

    func admin(_ database: String) -> String { Self.url(adminURL, database: database) }
    func reader(_ database: String) -> String { Self.url(readerURL, database: database) }

    /// The reader's password, to check that no output ever shows it.
    var readerPassword: String { URLComponents(string: readerURL)?.password ?? "" }

    /// A new database holding every table of an SQLite file (scripts/sqlite-to-postgres.py).
    func database(copying sqlite: URL) throws -> PostgresTestDatabase {
        let name = "tf_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                    ["python3", packageRoot.appendingPathComponent("scripts/sqlite-to-postgres.py").path, sqlite.path, adminURL, name])
        guard result.status == 0 else { throw TestError("loading \(sqlite.lastPathComponent) into PostgreSQL failed: \(result.stderr)") }
        // A new database lets PUBLIC create temporary tables; the reader must be able to write nothing.
        try PostgresSession(admin("postgres")).execute("REVOKE TEMPORARY ON DATABASE \(name) FROM PUBLIC")
        return PostgresTestDatabase(server: self, name: name)
    }

    /// An empty new database.
    func emptyDatabase() throws -> PostgresTestDatabase {
        let name = "tf_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try PostgresSession(admin("postgres")).execute("CREATE DATABASE \(name)")
        try PostgresSession(admin("postgres")).execute("REVOKE TEMPORARY ON DATABASE \(name) FROM PUBLIC")
        return PostgresTestDatabase(server: self, name: name)
    }
}

/// A database created for one test, dropped when the test lets go of it.
final class PostgresTestDatabase {
    let server: PostgresServer
    let name: String
    init(server: PostgresServer, name: String) {
        self.server = server
        self.name = name
    }
    var readerURL: String { server.reader(name) }
    var adminURL: String { server.admin(name) }
    func admin() throws -> PostgresSession { try PostgresSession(adminURL) }
    deinit { try? PostgresSession(server.admin("postgres")).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}

/// A plain libpq session for setting up and inspecting test databases (never used by the code under test).
final class PostgresSession: @unchecked Sendable {
    let connection: OpaquePointer
    init(_ url: String) throws {
        if let missing = PostgresConnection.loadLibpq() { throw TestError(missing) }
        guard let connection = PQconnectdb(url), PQstatus(connection) == CONNECTION_OK else {
            throw TestError("cannot connect to the test server")
        }
        self.connection = connection
    }
    deinit { PQfinish(connection) }

    func execute(_ sql: String) throws {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw TestError("\(sql.prefix(80)): \(String(cString: PQerrorMessage(connection)))")
        }
    }

    /// The first column of the first row, as text (nil for NULL or no row).
    func value(_ sql: String) throws -> String? {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else {
            throw TestError("\(sql.prefix(80)): \(String(cString: PQerrorMessage(connection)))")
        }
        guard PQntuples(result) > 0, PQgetisnull(result, 0, 0) == 0 else { return nil }
        return String(cString: PQgetvalue(result, 0, 0))
    }

    func count(_ sql: String) throws -> Int { Int(try value(sql) ?? "0") ?? 0 }
}
