import CLibPQ
import Foundation

/// How `--db` names a PostgreSQL database, and how that name is shown without its secrets.
///
/// `postgresql://…` and `postgres://…` are libpq connection URIs. A bare `postgres:` (or
/// `postgresql:`) means "everything from the environment": libpq reads `PGHOST`, `PGDATABASE`,
/// `PGUSER`, `PGSERVICE`, `~/.pgpass`…, so no password has to appear on a command line or in a
/// workflow log. Whatever the form, messages and the manifest name the server as
/// `postgresql://user@host:port/dbname`: never a password, never other URL parameters.
public enum PostgresConnection {
    /// Whether `--db` names a PostgreSQL database rather than an SQLite file.
    public static func isConnectionString(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") || lower == "postgres:" || lower == "postgresql:"
    }

    /// The string handed to libpq: the URI itself, or "" (environment only) for a bare scheme.
    public static func conninfo(_ text: String) -> String {
        text.hasSuffix(":") && isConnectionString(text) ? "" : text
    }

    /// `postgresql://user@host:port/dbname` from what libpq would use, for messages before a
    /// connection exists (the password is dropped, as is everything else not named here).
    static func display(conninfo: String) -> String {
        guard loadLibpq() == nil else { return "postgresql://(libpq is not installed)" }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            if let error { PQfreemem(error) }
            return "postgresql://(unparsable connection string)"
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let environment = { (name: String) in getenv(name).map { String(cString: $0) } }
        return display(user: values["user"] ?? environment("PGUSER"), host: values["host"] ?? environment("PGHOST"),
                       port: values["port"] ?? environment("PGPORT"), database: values["dbname"] ?? environment("PGDATABASE"))
    }

    /// Loads libpq on first use (see Sources/CLibPQ): nil when loaded, else why it cannot be.
    static func loadLibpq() -> String? {
        var error = [CChar](repeating: 0, count: 512)
        guard tf_libpq_load(&error, UInt(error.count)) == 0 else { return nil }
        return String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func display(user: String?, host: String?, port: String?, database: String?) -> String {
        let user = user.flatMap { $0.isEmpty ? nil : $0 }.map { "\($0)@" } ?? ""
        let port = port.flatMap { $0.isEmpty ? nil : $0 }
        // A Unix-socket directory cannot sit in the host part of a URL: libpq's spelling is `?host=`.
        if let host, host.hasPrefix("/") {
            let query = ["host=\(host)"] + (port.map { ["port=\($0)"] } ?? [])
            return "postgresql://\(user)/\(database ?? "")?" + query.joined(separator: "&")
        }
        return "postgresql://\(user)\(host ?? "")\(port.map { ":\($0)" } ?? "")/\(database ?? "")"
    }
}
