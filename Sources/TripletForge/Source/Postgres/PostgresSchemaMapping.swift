import CLibPQ

extension SchemaMapping {
    /// Presents the user's tables under the canonical names, as SQLite's ``apply(to:)-(SQLiteDatabase)``
    /// does, but without creating anything on the server: inside a read-only transaction even a
    /// temporary view is refused, and a build must write nothing. Each canonical table becomes a
    /// `SELECT` that ``PostgresDatabase`` puts in front of every query as a common table expression.
    public func apply(to database: PostgresDatabase) throws(TripletForgeError) -> InputLayout {
        try validate()
        let found = try database.tableNames()
        var relations: [(table: String, select: String)] = []
        var mappedColumns: [String: [(name: String, type: String)]] = [:]
        for (table, required, optional) in Self.canonicalColumns(of: layout) {
            let columns: [(name: String, type: String)]
            let selections: [String]
            if let query = sql[table] {
                columns = try database.readOnlyQueryColumns(query)
                let present = Set(columns.map(\.name))
                let missing = required.filter { !present.contains($0) }
                guard missing.isEmpty else {
                    throw .unsupportedLayout(path: database.path, found: found,
                                             missing: "the [source.sql] query for `\(table)` returns no column(s) \(missing.joined(separator: ", ")); name them with AS")
                }
                selections = (required + optional).map { present.contains($0) ? SQLIdentifier.quote($0) : Self.typedNull($0) }
                relations.append((table, "SELECT \(selections.joined(separator: ", ")) FROM (\n\(Self.withoutTrailingSemicolon(query))\n) AS source"))
            } else {
                let source = tables[table] ?? table
                guard found.contains(source) else {
                    let how = tables[table] == nil ? "the [source] mapping reads `\(table)` under its own name (set it in [source.tables])" : "[source.tables] maps `\(table)` to it"
                    throw .unsupportedLayout(path: database.path, found: found, missing: "no table `\(source)`: \(how)")
                }
                columns = try database.columns(of: source)
                let present = Set(columns.map(\.name))
                let mapped = self.columns[table] ?? [:]
                var picked: [String] = []
                var missing: [String] = []
                for column in required + optional {
                    let name = mapped[column] ?? column
                    if present.contains(name) {
                        picked.append("\(SQLIdentifier.quote(name)) AS \(SQLIdentifier.quote(column))")
                    } else if mapped[column] != nil {
                        throw .unsupportedLayout(path: database.path, found: found,
                                                 missing: "table `\(source)` has no column `\(name)` ([source.columns.\(table)] maps `\(column)` to it)")
                    } else if optional.contains(column) {
                        picked.append(Self.typedNull(column))
                    } else {
                        missing.append(column)
                    }
                }
                guard missing.isEmpty else {
                    throw .unsupportedLayout(path: database.path, found: found,
                                             missing: "table `\(source)` (read as `\(table)`) lacks column(s) \(missing.joined(separator: ", ")); map them in [source.columns.\(table)]")
                }
                selections = picked
                relations.append((table, "SELECT \(selections.joined(separator: ", ")) FROM \(try database.qualifiedName(source))"))
            }
            let types = Dictionary(columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
            mappedColumns[table] = (required + optional).map { column in
                (column, types[self.columns[table]?[column] ?? column] ?? "unknown")
            }
        }
        database.relations = relations
        database.mappedColumns = mappedColumns
        return layout
    }

    /// An absent optional column, typed so that PostgreSQL can compare it (an untyped NULL is text).
    static func typedNull(_ column: String) -> String {
        let type = column.hasSuffix("sequence_num") ? "bigint" : "text"
        return "NULL::\(type) AS \(SQLIdentifier.quote(column))"
    }

    static func withoutTrailingSemicolon(_ query: String) -> String {
        var text = Substring(query)
        while let last = text.last, last.isWhitespace || last == ";" { text = text.dropLast() }
        return String(text)
    }
}

extension PostgresDatabase {
    /// The result columns (and types) of a `[source.sql]` query, after checking it is one
    /// statement that returns rows. The server parses it (a second statement is refused by the
    /// extended protocol) inside the read-only transaction, which also refuses any write it hides.
    func readOnlyQueryColumns(_ query: String) throws(TripletForgeError) -> [(name: String, type: String)] {
        let text = SchemaMapping.withoutTrailingSemicolon(query)
        let prepared = PQprepare(connection, "", text, 0, nil)
        defer { PQclear(prepared) }
        if PQresultStatus(prepared) != PGRES_COMMAND_OK {
            let reason = Self.message(PQresultErrorMessage(prepared))
            if reason.contains("multiple commands") {
                throw .invalidConfiguration("a [source.sql] query must be one statement: \(reason)")
            }
            throw .queryFailed(path: path, sql: text, reason: reason)
        }
        let described = PQdescribePrepared(connection, "")
        defer { PQclear(described) }
        try check(described, sql: text)
        let first = text.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(6).uppercased()
        guard PQnfields(described) > 0, ["SELECT", "WITH", "VALUES", "TABLE"].contains(where: first.hasPrefix) else {
            throw .invalidConfiguration("a [source.sql] query must be a SELECT that returns rows: \(query.prefix(60))")
        }
        var columns: [(String, String)] = []
        for index in 0..<PQnfields(described) {
            let type = try scalarText("SELECT pg_catalog.format_type(\(PQftype(described, index)), NULL)") ?? ""
            columns.append((String(cString: PQfname(described, index)), type))
        }
        return columns
    }

    /// `"schema"."table"` for a table found on the search path, so a canonical name cannot
    /// resolve to the canonical table expression of the same name.
    func qualifiedName(_ table: String) throws(TripletForgeError) -> String {
        let statement = try prepare("""
            SELECT n.nspname FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE c.oid = pg_catalog.to_regclass(?1)
            """)
        statement.bind(SQLIdentifier.quote(table), at: 1)
        guard try statement.step(), let schema = statement.text(0) else { return SQLIdentifier.quote(table) }
        return SQLIdentifier.quote(schema) + "." + SQLIdentifier.quote(table)
    }
}
