import CSQLite
import Foundation

/// Reads the threads layout: `messages`, `retrieved_chunks`, and one `feedback` record per
/// (thread, message, user) with a sentiment and a set of categories.
///
/// A signal is one rated, `completed` assistant message:
/// - its **query** is the text of the nearest earlier `user` message of the same thread;
/// - its **chunks** are its `retrieved_chunks` rows in rank order (`cited` marks what the answer
///   cited; a NULL `chunk_type` is a leaf);
/// - its **verdict** combines every valid vote on the message, see `VoteTally`.
///
/// A fork copies messages `0…forked_from_sequence_num` of its parent, so the same exchange can be
/// seen through several threads. Feedback on a copy is moved to the message it copies (following
/// forks of forks), and the exchange becomes one signal whose provenance is the original:
/// `thread_id:sequence_num`. Feedback rows are read ordered by that origin, so votes are combined
/// one message at a time and memory stays bounded; chunks are read per message.
///
/// Records are dropped before voting when an admin triaged them with a label in
/// `excludedAdminLabels` (counted as `admin_excluded:<label>`), and rejected when they break the
/// taxonomy (see `FeedbackRecord`). User ids, notes, org ids and admin columns never leave this
/// type: they decide what is dropped, and are counted, never copied.
///
/// ```swift
/// let source = ThreadsSource(database: db, excludedAdminLabels: ["spam", "test"])
/// let counts = try source.readSignals(chunks: collector.chunks, accept: collector.add, reject: { rejects.append($0) })
/// ```
public struct ThreadsSource<Database: SourceDatabase>: SignalSource {
    public let layout = "threads"
    let database: Database
    /// Threads whose data must never reach a dataset (a deletion list).
    let excludedConversations: Set<String>
    /// `admin_label` values (compared trimmed and case-insensitively) whose records are dropped.
    let excludedAdminLabels: Set<String>

    /// Forks are followed at most this deep; a longer chain is a cycle in the data.
    static var maxForkDepth: Int { 64 }

    public init(database: Database, excludedConversations: Set<String> = [],
                excludedAdminLabels: Set<String> = InputSettings.defaultExcludedAdminLabels) {
        self.database = database
        self.excludedConversations = excludedConversations
        self.excludedAdminLabels = Set(excludedAdminLabels.map(normalisedAdminLabel))
    }

    public func readSignals(chunks interner: ChunkInterner, accept: (Signal) throws -> Void, reject: (RejectedRow) throws -> Void) throws -> SourceCounts {
        var counts = SourceCounts()
        for table in ["messages", "retrieved_chunks", "feedback"] {
            counts.tableRows[table] = try database.scalarInt("SELECT count(*) FROM \(SQLIdentifier.quote(table))")
        }
        counts.latestRatedAt = try database.scalarText(try latestRatedAtSQL())
        counts.unratedRecords = try database.scalarInt("""
            SELECT count(*) FROM messages AS m WHERE m.role = 'assistant' AND NOT EXISTS (
              SELECT 1 FROM feedback AS f WHERE f.thread_id = m.thread_id AND f.message_sequence_num = m.sequence_num)
            """)
        let lookup = try MessageLookup(database: database, interner: interner)
        let feedback = try database.prepareScan(try feedbackByOriginSQL())

        var current: (thread: String, sequence: Int)?
        var tally = VoteTally()
        func finish() throws {
            guard let message = current, !tally.isEmpty else { return }
            try combine(tally, on: message, lookup: lookup, counts: &counts, accept: accept, reject: reject)
        }

        while try feedback.step() {
            counts.ratedRecords += 1
            let origin = (thread: feedback.text(FeedbackColumn.originThread) ?? "", sequence: feedback.int(FeedbackColumn.originSequence))
            if current.map({ $0.thread != origin.thread || $0.sequence != origin.sequence }) ?? true {
                try finish()
                current = origin
                tally = VoteTally()
            }
            let ownThread = feedback.text(FeedbackColumn.ownThread) ?? ""
            let feedbackID = feedback.text(FeedbackColumn.feedbackID) ?? "NULL"
            if feedback.int(FeedbackColumn.forkHops) >= Self.maxForkDepth {
                try reject(RejectedRow(table: "feedback", rowID: feedbackID, reason: .forkCycle,
                                       detail: "following forked_from_thread_id did not end within \(Self.maxForkDepth) forks"))
                continue
            }
            if excludedConversations.contains(ownThread) {
                counts.skipped.add(.deletedByRequest)
                continue
            }
            if let label = feedback.text(FeedbackColumn.adminLabel).map(normalisedAdminLabel), !label.isEmpty {
                if excludedAdminLabels.contains(label) {
                    counts.skipped.add(.adminExcluded, detail: label)
                    continue
                }
                counts.observed.add(.adminLabelKept)
            }
            switch FeedbackRecord.validate(sentiment: feedback.text(FeedbackColumn.sentiment), categories: feedback.text(FeedbackColumn.categories), notes: feedback.text(FeedbackColumn.notes)) {
            case let .failure(problem):
                try reject(RejectedRow(table: "feedback", rowID: feedbackID, problem))
            case var .success(record):
                record.id = feedbackID
                if ownThread != origin.thread { counts.skipped.add(.mergedForkCopy) }
                tally.add(user: feedback.text(FeedbackColumn.createdBy) ?? "feedback:\(feedbackID)", record)
            }
        }
        try finish()
        return counts
    }

    /// Turns the combined votes on one message into a signal, a skip or a reject.
    private func combine(_ tally: VoteTally, on message: (thread: String, sequence: Int), lookup: MessageLookup<Database>,
                         counts: inout SourceCounts, accept: (Signal) throws -> Void, reject: (RejectedRow) throws -> Void) throws {
        let id = "\(message.thread):\(message.sequence)"
        func rejected(_ reason: ReasonCode, _ detail: String) throws {
            try reject(RejectedRow(table: "messages", rowID: id, reason: reason, detail: detail))
        }
        counts.skipped.add(.supersededRating, tally.supersededVotes)
        guard !excludedConversations.contains(message.thread) else {
            counts.skipped.add(.deletedByRequest)
            return
        }
        guard let header = try lookup.message(message.thread, message.sequence) else {
            return try rejected(.messageNotFound, "feedback names a message that is not in `messages`")
        }
        guard header.role == "assistant" else {
            return try rejected(.ratedNonAssistantMessage, "feedback is on a message whose role is not 'assistant'")
        }
        guard header.status == "completed" else {
            counts.skipped.add(.messageNotCompleted)
            return
        }
        let verdict: Verdict, categories: Set<FeedbackCategory>, ratings: Int, records: [String]
        switch tally.outcome {
        case .none:
            return
        case .conflict:
            counts.skipped.add(.conflictingFeedback)
            return
        case let .verdict(winner, winningCategories, winningRecords, outvoted):
            counts.skipped.add(.outvotedRating, outvoted)
            (verdict, categories, ratings, records) = (winner, winningCategories, winningRecords.count, winningRecords)
        }
        let query: String
        switch try lookup.query(before: message.thread, message.sequence) {
        case nil: return try rejected(.noUserMessage, "no earlier 'user' message in the thread to take as the query")
        case .null?: return try rejected(.missingQuery, "the nearest earlier user message has NULL text")
        case .invalid?: return try rejected(.invalidUTF8, "the nearest earlier user message is not valid UTF-8")
        case let .text(text)?:
            guard !TextNormalization.isBlank(text) else { return try rejected(.missingQuery, "the nearest earlier user message is blank") }
            query = text
        }
        let chunks: [SignalChunk]
        switch try lookup.chunks(message.thread, message.sequence) {
        case let .unusable(problem): return try rejected(problem.reason, problem.detail)
        case let .chunks(found): chunks = found
        }
        guard !chunks.isEmpty else {
            counts.skipped.add(.noChunks)
            return
        }
        let provenance = Provenance(layout: layout, id: id, conversation: message.thread, createdAt: header.created)
        try accept(Signal(provenance: provenance, query: query, chunks: chunks, verdict: verdict, categories: categories, ratings: ratings, records: records))
    }

    /// Every feedback record with the origin of the message it rates, ordered by that origin and
    /// then by user and modification time (so a user's latest record on any copy comes last).
    ///
    /// Columns: own thread, origin thread, origin sequence, forks followed, feedback_id,
    /// created_by, sentiment, categories, notes, admin_label.
    func feedbackByOriginSQL() throws(TripletForgeError) -> String {
        let messageColumns = Set(try database.columns(of: "messages").map(\.name))
        let feedbackTypes = try database.columns(of: "feedback")
        let feedbackColumns = Set(feedbackTypes.map(\.name))
        let hasForks = messageColumns.isSuperset(of: ["forked_from_thread_id", "forked_from_sequence_num"])
        let forks = database.dialect == .postgres
            ? ThreadsSQL.postgresForks(hasForks)
            : hasForks
            ? """
              SELECT thread_id, forked_from_thread_id, forked_from_sequence_num, min(sequence_num) FROM messages
              WHERE forked_from_thread_id IS NOT NULL AND forked_from_sequence_num IS NOT NULL GROUP BY thread_id
              """
            : "SELECT NULL, NULL, NULL, NULL WHERE 0"
        let modified = feedbackColumns.contains("modified") ? "modified" : feedbackColumns.contains("created") ? "created" : "NULL"
        let order = database.dialect == .postgres
            ? ThreadsSQL.postgresOrder(feedbackTypes: feedbackTypes, modified: modified)
            : "thread_id, sequence, created_by, modified, feedback_id"
        return """
            WITH RECURSIVE
              fork(thread_id, parent_thread, parent_sequence, first_sequence) AS (\(forks)),
              origin(own_thread, thread_id, sequence, hops, feedback_id, created_by, modified, sentiment, categories, notes, admin_label) AS (
                SELECT thread_id, thread_id, message_sequence_num, 0, feedback_id, created_by, \(modified), sentiment, categories, notes, admin_label
                FROM feedback
                UNION ALL
                SELECT o.own_thread, f.parent_thread, o.sequence, o.hops + 1, o.feedback_id, o.created_by, o.modified,
                       o.sentiment, o.categories, o.notes, o.admin_label
                FROM origin AS o JOIN fork AS f ON f.thread_id = o.thread_id AND o.sequence <= f.parent_sequence
                WHERE o.hops < \(Self.maxForkDepth))
            SELECT own_thread, thread_id, sequence, hops, feedback_id, created_by, sentiment, categories, notes, admin_label
            FROM origin AS o
            WHERE o.hops >= \(Self.maxForkDepth)
               OR NOT EXISTS (SELECT 1 FROM fork AS f WHERE f.thread_id = o.thread_id AND o.sequence <= f.parent_sequence)
            ORDER BY \(order)
            """
    }

    /// Positions of the result columns of ``feedbackByOriginSQL()``: its last `SELECT` list, in order.
    enum FeedbackColumn {
        static var ownThread: Int32 { 0 }
        static var originThread: Int32 { 1 }
        static var originSequence: Int32 { 2 }
        static var forkHops: Int32 { 3 }
        static var feedbackID: Int32 { 4 }
        static var createdBy: Int32 { 5 }
        static var sentiment: Int32 { 6 }
        static var categories: Int32 { 7 }
        static var notes: Int32 { 8 }
        static var adminLabel: Int32 { 9 }
    }

    /// The newest feedback time (`modified`, else `created`), or the newest rated message's time
    /// when the feedback table has neither: how fresh the data is, for the manifest.
    func latestRatedAtSQL() throws(TripletForgeError) -> String {
        let columns = Set(try database.columns(of: "feedback").map(\.name))
        if let column = ["modified", "created"].first(where: columns.contains) { return "SELECT max(\(column)) FROM feedback" }
        return """
            SELECT max(m.created) FROM messages AS m JOIN feedback AS f
            ON f.thread_id = m.thread_id AND f.message_sequence_num = m.sequence_num
            """
    }

}

/// An `admin_label` as compared: trimmed and lowercased.
func normalisedAdminLabel(_ label: String) -> String {
    label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
}
