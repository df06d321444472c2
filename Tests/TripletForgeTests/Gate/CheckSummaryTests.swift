import Foundation
import Testing
@testable import TripletForge

@Suite struct CheckSummaryTests {
    static func manifest() throws -> Manifest {
        let db = try TestDatabase()
        let pos = leaf("Retrieval-augmented generation retrieves passages.")
        let neg = leaf("A rag is a cloth.")
        try db.interaction(1, query: "what is rag", chunks: chunks(pos), feedback: 1, session: "a")
        try db.interaction(2, query: "what is rag", chunks: chunks(neg), feedback: -1, session: "b")
        return try BuildPipeline.run(BuildOptions(database: db.url, output: nil)).manifest
    }

    @Test func rendersDecisionCountsReasonsAndCharts() throws {
        var manifest = try Self.manifest()
        manifest.rejects = ReasonCounts(["missing_query": 2, "a|b": 1])
        let decision = ThresholdCheck.decide(newTriplets: 7, newQueryGroups: 3, totalTriplets: 9, ageDays: 4,
                                             firstTraining: false, policy: CheckPolicy())
        let text = CheckSummary.markdown(decision: decision, manifest: manifest)

        #expect(text.hasPrefix("## TripletForge threshold check: ⏸️ not due"))
        #expect(text.contains("- not due: 7 new triplets since the last training, fewer than 1000"))
        #expect(text.contains("| **new triplets** (min 1000) | 7 |"))
        #expect(text.contains("| **new query groups** (min 256) | 3 |"))
        #expect(text.contains("| rated records read | \(manifest.counts.ratedRecords) |"))
        #expect(text.contains("| days since the last training's newest rating (max 30) | 4 |"))
        #expect(text.contains("| `missing_query` | 2 |"))
        #expect(text.contains("| `a\\|b` | 1 |"), "a pipe in a reason must not split the table row")
        #expect(text.contains("### Dropped by reason\n\nNone."))
        #expect(text.contains("```mermaid\npie showData title Label mix\n    \"positive pairs\" : \(manifest.counts.positivePairs)\n    \"hard-negative pairs\" : \(manifest.counts.negativePairs)\n```"))
        #expect(text.contains("pie showData title Triplets by split"))
    }

    @Test func skipsEmptyCharts() throws {
        var manifest = try Self.manifest()
        manifest.counts.positivePairs = 0
        manifest.counts.negativePairs = 0
        let decision = ThresholdCheck.decide(newTriplets: 0, newQueryGroups: 0, totalTriplets: 0, ageDays: nil,
                                             firstTraining: true, policy: CheckPolicy())
        let text = CheckSummary.markdown(decision: decision, manifest: manifest)
        #expect(text.contains("### Label mix\n\nNothing to chart."))
        #expect(!text.contains("days since"))
    }
}
