import ArgumentParser
import Foundation

/// `tripletforge-gen`: writes a realistic interactions database for benchmarks and experiments.
@main
struct GenerateCommand: ParsableCommand {
    /// Bump whenever the output for a given seed changes: benchmark caches are keyed by it.
    static let generatorVersion = "1"

    static let configuration = CommandConfiguration(
        commandName: "tripletforge-gen",
        abstract: "Write a realistic interactions database of a given size (deterministic by seed).",
        discussion: """
        The database has the `interactions` layout of Fixtures/interactions.sql: --rated rows with a \
        thumbs-up or thumbs-down (about half each), plus unrated rows (by default 60 % of all rows). \
        Each row retrieved 5–20 chunks (JSON, rank order) of 300–1500 characters of prose with \
        non-ASCII text, emoji, quotes, backslashes, tabs and newlines; most carry contextualised_text, \
        some are summaries or question proxies. Queries come from a finite set of topics (≈10·√N), \
        typed with varying case, punctuation and spacing; chunks from a finite corpus (≈50·√N). \
        Thumbs-up answers cite the topic's relevant chunks as [n]; thumbs-down ones surfaced near \
        misses. A few rows are replays or broken, as in real logs. The same arguments always produce \
        the same file.

        Harder worlds: --citation-noise makes good answers also cite a surfaced chunk that is not \
        relevant; --retriever-quality below 1 gives each topic 1–2 sticky distractors that, in a \
        1 − Q share of answers, take the top ranks and production scores (the reranker's mistakes). \
        At their defaults (0 and 1) the output is what it was before they existed.

        --layout threads writes the threads schema of Fixtures/threads.sql instead, from the same \
        world: threads of 1–3 exchanges, 1–4 raters per rated answer (each misclicking and \
        complaining independently; complaints carry delivery-only categories), admin triage labels, \
        forks. --rated counts rated assistant messages. --truth-out serves both layouts.

        Size: about 14.7 KB per row, so with the default unrated share --rated 100000 writes ≈ 3.7 GB \
        and --rated 1000000 ≈ 37 GB (--unrated-share 0 makes it 2.5× smaller).

        EXAMPLES:
          tripletforge-gen --rated 10000 --out bench/cache/10k.sqlite
          tripletforge-gen --rated 1000000 --seed 7 --out big.sqlite --unrated-share 0
          tripletforge-gen --rated 50000 --misclick-rate 0.05 --out noisy.sqlite --truth-out truth.jsonl
          tripletforge-gen --rated 20000 --layout threads --citation-noise 0.1 --retriever-quality 0.8 --out t.sqlite
        """,
        version: generatorVersion
    )

    @Option(help: "Rated interactions to write.")
    var rated: Int

    @Option(help: "The seed; the same seed and options give the same database.")
    var seed: UInt64 = 1

    @Option(help: "The database to write (replaced).")
    var out: String

    /// The two layouts TripletForge reads out of the box.
    enum Layout: String, ExpressibleByArgument, CaseIterable { case interactions, threads }

    @Option(help: "interactions (one row per answer, one thumb) or threads (messages, retrieved_chunks, feedback by several raters).")
    var layout = Layout.interactions

    @Option(help: "Share of all rows that are unrated (0 ≤ share < 1).")
    var unratedShare = 0.6

    @Option(help: "Share of rated rows that are thumbs-up.")
    var upShare = 0.5

    @Option(help: "Share of ratings that are misclicks (the opposite thumb of what the answer deserved).")
    var misclickRate = 0.0

    @Option(help: "Share of good answers rated down anyway, for delivery (slow, formatting), not retrieval.")
    var complaintRate = 0.0

    @Option(help: "Share of chunks with a second version in the index: the passage plus a footer or header (near duplicates).")
    var boilerplateRate = 0.0

    @Option(help: "Share of cited thumbs-up-worthy answers that also cite one surfaced chunk that is not relevant.")
    var citationNoise = 0.0

    @Option(help: "1 = no sticky distractors; below 1, with probability 1 − Q per answer each topic's fixed wrong chunks take the top ranks and scores.")
    var retrieverQuality = 1.0

    @Option(help: "Share of rated rows that are broken (bad rating, blank query, malformed chunks).")
    var badShare = 0.0005

    @Option(help: "Share of rows logged with \\uXXXX-escaped JSON (an older app version).")
    var asciiEscapedShare = 0.3

    @Option(help: "Distinct leaf chunks in the corpus (default ≈ 50·√rated).")
    var chunks: Int?

    @Option(help: "Distinct topics users ask about (default ≈ 10·√rated).")
    var topics: Int?

    @Option(help: "Also write the ground truth (relevant chunks per query phrasing) as JSON Lines.")
    var truthOut: String?

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        guard rated >= 0 else { throw ValidationError("--rated must be ≥ 0") }
        guard (0..<1).contains(unratedShare) else { throw ValidationError("--unrated-share must be in [0, 1)") }
        for (name, value) in [("--up-share", upShare), ("--misclick-rate", misclickRate), ("--complaint-rate", complaintRate), ("--bad-share", badShare),
                              ("--boilerplate-rate", boilerplateRate),
                              ("--citation-noise", citationNoise), ("--retriever-quality", retrieverQuality),
                              ("--ascii-escaped-share", asciiEscapedShare)] where !(0...1).contains(value) {
            throw ValidationError("\(name) must be in [0, 1]")
        }
        if let chunks, chunks < 100 { throw ValidationError("--chunks must be at least 100") }
        if let topics, topics < 1 { throw ValidationError("--topics must be at least 1") }
    }

    func run() throws {
        let started = Date()
        let scale = Scale(rated: rated, unratedShare: unratedShare, chunks: chunks, topics: topics)
        let corpus = Corpus(seed: seed, chunkCount: scale.chunks, boilerplateRate: boilerplateRate)
        let catalog = TopicCatalog.make(seed: seed, count: scale.topics, corpus: corpus)
        var model = UserModel()
        model.upShare = upShare
        model.misclickRate = misclickRate
        model.complaintRate = complaintRate
        model.badShare = badShare
        model.asciiEscapedShare = asciiEscapedShare
        model.citationNoise = citationNoise
        model.retrieverQuality = retrieverQuality
        if let truthOut { try TruthWriter.write(topics: catalog, corpus: corpus, to: truthOut) }

        switch layout {
        case .interactions: try writeInteractions(scale: scale, corpus: corpus, catalog: catalog, model: model)
        case .threads:
            let database = try ThreadsDatabase(creatingAt: out)
            var composer = ThreadsComposer(corpus: corpus, topics: catalog, model: model, seed: seed, totalAnswers: scale.rated + scale.unrated)
            try composer.writeAll(rated: scale.rated, unrated: scale.unrated, to: database)
            try database.finish()
        }

        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            let mb = Double(bytes) / 1e6
            FileHandle.standardError.write(Data(String(
                format: "tripletforge-gen: wrote %@ — %d rated + %d unrated rows, %d chunks, %d topics, %.1f MB in %.1f s (%.0f MB/s)\n",
                out, scale.rated, scale.unrated, corpus.chunks.count, catalog.count, mb, seconds, mb / max(seconds, 1e-9)).utf8))
        }
    }

    private func writeInteractions(scale: Scale, corpus: Corpus, catalog: [Topic], model: UserModel) throws {
        let total = scale.rated + scale.unrated
        var composer = InteractionComposer(corpus: corpus, topics: catalog, model: model, seed: seed, totalRows: total)
        var mixer = SeededRandom(seed: seed, stream: 0x5000_0000)
        let database = try InteractionsDatabase(creatingAt: out)
        var row = InteractionRow()
        var ratedLeft = scale.rated, left = total
        while left > 0 {
            // Exactly `rated` rated rows, spread evenly at random among the unrated ones.
            let rated = mixer.int(below: left) < ratedLeft
            composer.next(rated: rated, into: &row)
            try database.write(row)
            if rated { ratedLeft -= 1 }
            left -= 1
        }
        try database.finish()
    }
}
