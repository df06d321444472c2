/// How big the world behind N rated interactions is.
///
/// Real logs repeat: a popular question is asked thousands of times and retrieves the same few
/// passages. So the corpus and the set of topics grow with √N, not N — at 1M rated interactions
/// about 50k distinct chunks and 10k topics, at 10k about 5k chunks and 1k topics. That makes
/// query groups and chunks shared across many rows, which is what aggregation has to cope with.
struct Scale {
    let rated: Int
    let unrated: Int
    let chunks: Int
    let topics: Int

    init(rated: Int, unratedShare: Double, chunks: Int?, topics: Int?) {
        self.rated = rated
        // unratedShare of all rows: unrated = rated · share / (1 − share).
        self.unrated = unratedShare <= 0 ? 0 : Int((Double(rated) * unratedShare / (1 - unratedShare)).rounded())
        let root = Double(rated).squareRoot()
        self.chunks = chunks ?? max(2_000, Int(50 * root))
        self.topics = topics ?? max(100, Int(10 * root))
    }
}
