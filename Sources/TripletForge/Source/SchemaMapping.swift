/// The `[source]` section of a config file: read a database whose tables or columns have other
/// names than the built-in layouts.
///
/// Each canonical table of the chosen layout is presented to the reader as a temporary view over
/// the user's table, with the user's columns renamed to the canonical ones. The database itself is
/// never touched (temporary views live in the connection, and the file is opened read-only), and
/// every name from the config is validated as a plain identifier *and* quoted, so a config can
/// point anywhere but cannot inject SQL.
///
/// ```toml
/// [source]
/// layout = "threads"
/// [source.tables]
/// messages = "chat_messages"
/// feedback = "message_ratings"
/// [source.columns.messages]
/// thread_id = "conversation_id"
/// sequence_num = "position"
/// ```
///
/// Tables and columns not named keep their canonical names. When renaming is not enough — the
/// rating lives in another table, a thumbs value is spelled `'up'`/`'down'` — give the SQL that
/// yields a canonical table instead; its result columns must carry the canonical names:
///
/// ```toml
/// [source]
/// layout = "interactions"
/// [source.sql]
/// interactions = """
///   SELECT l.id, l.session AS session_id, l.asked_at AS created_at, l.question AS query,
///          l.reply AS answer, l.context_json AS chunks,
///          CASE r.verdict WHEN 'up' THEN 1 WHEN 'down' THEN -1 END AS feedback
///   FROM answer_log AS l LEFT JOIN ratings AS r ON r.answer_id = l.id
/// """
/// ```
///
/// A query must be one read-only statement (checked when the connection compiles it); it runs on
/// the read-only connection, so it can read anything the file holds and change nothing.
public struct SchemaMapping: Codable, Sendable, Equatable {
    public var layout: InputLayout
    /// Canonical table → the user's table.
    public var tables: [String: String]
    /// Canonical table → (canonical column → the user's column).
    public var columns: [String: [String: String]]
    /// Canonical table → a SELECT whose rows are that table's (columns named canonically).
    public var sql: [String: String]

    public init(layout: InputLayout, tables: [String: String] = [:], columns: [String: [String: String]] = [:], sql: [String: String] = [:]) {
        self.layout = layout
        self.tables = tables
        self.columns = columns
        self.sql = sql
    }

    enum CodingKeys: String, CodingKey { case layout, tables, columns, sql }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let name = try c.decodeIfPresent(String.self, forKey: .layout) else {
            throw TripletForgeError.invalidConfiguration("[source] needs `layout = \"interactions\"` or `layout = \"threads\"`")
        }
        guard let layout = InputLayout(rawValue: name) else {
            throw TripletForgeError.invalidConfiguration("source.layout must be \"interactions\" or \"threads\", got \"\(name)\"")
        }
        self.layout = layout
        tables = try c.decodeIfPresent([String: String].self, forKey: .tables) ?? [:]
        columns = try c.decodeIfPresent([String: [String: String]].self, forKey: .columns) ?? [:]
        sql = try c.decodeIfPresent([String: String].self, forKey: .sql) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(layout, forKey: .layout)
        try c.encode(tables, forKey: .tables)
        try c.encode(columns, forKey: .columns)
        // Absent unless used, so manifests of table mappings read as before.
        if !sql.isEmpty { try c.encode(sql, forKey: .sql) }
    }

    /// The columns of each canonical table: the required ones, then optional ones read as NULL
    /// when the user's table lacks them.
    static func canonicalColumns(of layout: InputLayout) -> [(table: String, required: [String], optional: [String])] {
        switch layout {
        case .interactions:
            return [("interactions", InputLayout.interactionsColumns, [])]
        case .threads:
            let optional = ["messages": ["forked_from_thread_id", "forked_from_sequence_num"], "feedback": ["created", "modified"]]
            return InputLayout.threadsColumns.keys.sorted().map { ($0, InputLayout.threadsColumns[$0]!, optional[$0] ?? []) }
        }
    }

    /// Checks that every name is a canonical table or column of the layout and every target a
    /// plain identifier.
    public func validate() throws(TripletForgeError) {
        let canonical = Self.canonicalColumns(of: layout)
        let knownTables = canonical.map(\.table)
        for (table, target) in tables.sorted(by: { $0.key < $1.key }) {
            guard knownTables.contains(table) else {
                throw .invalidConfiguration("[source.tables]: `\(table)` is not a table of the \(layout.rawValue) layout; known: \(knownTables.joined(separator: ", "))")
            }
            try Self.checkIdentifier(target, at: "[source.tables] \(table)")
        }
        for table in sql.keys.sorted() {
            guard knownTables.contains(table) else {
                throw .invalidConfiguration("[source.sql]: `\(table)` is not a table of the \(layout.rawValue) layout; known: \(knownTables.joined(separator: ", "))")
            }
            guard tables[table] == nil, columns[table] == nil else {
                throw .invalidConfiguration("[source.sql] \(table): a table comes either from SQL or from [source.tables]/[source.columns], not both")
            }
        }
        for (table, mapped) in columns.sorted(by: { $0.key < $1.key }) {
            guard let entry = canonical.first(where: { $0.table == table }) else {
                throw .invalidConfiguration("[source.columns.\(table)]: `\(table)` is not a table of the \(layout.rawValue) layout; known: \(knownTables.joined(separator: ", "))")
            }
            let known = entry.required + entry.optional
            for (column, target) in mapped.sorted(by: { $0.key < $1.key }) {
                guard known.contains(column) else {
                    throw .invalidConfiguration("[source.columns.\(table)]: `\(column)` is not a column of `\(table)`; known: \(known.joined(separator: ", "))")
                }
                try Self.checkIdentifier(target, at: "[source.columns.\(table)] \(column)")
            }
        }
    }

    private static func checkIdentifier(_ name: String, at key: String) throws(TripletForgeError) {
        guard SQLIdentifier.isValid(name) else {
            throw .invalidConfiguration("\(key) = \"\(name)\" is not a plain SQL identifier (ASCII letters, digits and _, not starting with a digit)")
        }
    }

    /// Presents the user's tables under the canonical names, as temporary views of this
    /// connection, and returns the layout to read. Fails, naming the table or column, when the
    /// database lacks what the mapping points at.
    public func apply(to database: SQLiteDatabase) throws(TripletForgeError) -> InputLayout {
        try validate()
        let found = try database.tableNames()
        for (table, required, optional) in Self.canonicalColumns(of: layout) {
            if let query = sql[table] {
                try presentQuery(query, as: table, required: required, optional: optional, in: database)
                continue
            }
            let source = tables[table] ?? table
            guard found.contains(source) else {
                let how = tables[table] == nil ? "the [source] mapping reads `\(table)` under its own name (set it in [source.tables])" : "[source.tables] maps `\(table)` to it"
                throw .unsupportedLayout(path: database.path, found: found, missing: "no table `\(source)`: \(how)")
            }
            let present = Set(try database.columns(of: source).map(\.name))
            let mapped = columns[table] ?? [:]
            var selections: [String] = []
            var missing: [String] = []
            for column in required + optional {
                let name = mapped[column] ?? column
                if present.contains(name) {
                    selections.append("\(SQLIdentifier.quote(name)) AS \(SQLIdentifier.quote(column))")
                } else if mapped[column] != nil {
                    throw .unsupportedLayout(path: database.path, found: found,
                                             missing: "table `\(source)` has no column `\(name)` ([source.columns.\(table)] maps `\(column)` to it)")
                } else if optional.contains(column) {
                    selections.append("NULL AS \(SQLIdentifier.quote(column))")
                } else {
                    missing.append(column)
                }
            }
            guard missing.isEmpty else {
                throw .unsupportedLayout(path: database.path, found: found,
                                         missing: "table `\(source)` (read as `\(table)`) lacks column(s) \(missing.joined(separator: ", ")); map them in [source.columns.\(table)]")
            }
            try database.execute("""
                CREATE TEMP VIEW \(SQLIdentifier.quote(table)) AS SELECT \(selections.joined(separator: ", ")) FROM main.\(SQLIdentifier.quote(source))
                """)
        }
        return layout
    }

    /// Presents the rows of a `[source.sql]` query as the canonical table `table`.
    private func presentQuery(_ query: String, as table: String, required: [String], optional: [String],
                              in database: SQLiteDatabase) throws(TripletForgeError) {
        let present = Set(try database.readOnlyQueryColumns(query))
        let missing = required.filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw .unsupportedLayout(path: database.path, found: try database.tableNames(),
                                     missing: "the [source.sql] query for `\(table)` returns no column(s) \(missing.joined(separator: ", ")); name them with AS")
        }
        let selections = (required + optional).map { column in
            present.contains(column) ? SQLIdentifier.quote(column) : "NULL AS \(SQLIdentifier.quote(column))"
        }
        // The query was checked to be one statement; on its own lines, a trailing comment in it
        // cannot swallow the closing parenthesis.
        try database.execute("CREATE TEMP VIEW \(SQLIdentifier.quote(table)) AS SELECT \(selections.joined(separator: ", ")) FROM (\n\(query)\n)")
    }
}
