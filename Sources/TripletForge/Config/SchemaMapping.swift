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
/// Tables and columns not named keep their canonical names.
public struct SchemaMapping: Codable, Sendable, Equatable {
    public var layout: InputLayout
    /// Canonical table → the user's table.
    public var tables: [String: String]
    /// Canonical table → (canonical column → the user's column).
    public var columns: [String: [String: String]]

    public init(layout: InputLayout, tables: [String: String] = [:], columns: [String: [String: String]] = [:]) {
        self.layout = layout
        self.tables = tables
        self.columns = columns
    }

    enum CodingKeys: String, CodingKey { case layout, tables, columns }

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
}
