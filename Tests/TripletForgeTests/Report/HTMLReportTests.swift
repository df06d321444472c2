import Foundation
import Testing
@testable import TripletForge

@Suite("HTML report")
struct HTMLReportTests {
    func fixtureReport(_ format: ShardFormat = .triplet) throws -> (ReportData, String) {
        let out = try TemporaryDirectory()
        var settings = BuildSettings()
        settings.output.format = format
        settings.output.negativesPerRow = 2
        let dataset = out.url.appendingPathComponent("ds")
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset, settings: settings))
        let data = try ReportData(dataset: dataset)
        return (data, HTMLReport(data: data).html)
    }

    @Test func thePageHasEverySectionAndStandsAlone() throws {
        let (_, html) = try fixtureReport()
        for id in HTMLReport.sectionIDs { #expect(html.contains("<section id=\"\(id)\">")) }
        #expect(html.components(separatedBy: "<svg ").count - 1 >= 6)
        for external in ["<script", "<link", "src=\"http", "href=\"http", "@import", "url("] { #expect(!html.contains(external)) }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test(arguments: [ShardFormat.triplet, .grouped, .labeledPair])
    func theSampleShowsEachPassagesLabelAndTheInteractionBehindIt(format: ShardFormat) throws {
        let (data, html) = try fixtureReport(format)
        #expect(data.sample.count == 8)
        for row in data.sample {
            #expect(!row.passages.isEmpty)
            for passage in row.passages {
                #expect(Int(passage.signal) != nil, "interaction ids of the fixture are integers")
                #expect(passage.positive ? passage.votesUp > 0 : passage.votesDown + passage.votesSurfaced > 0)
                // Every listed vote, signed by direction, the first of them the first signal.
                #expect(passage.voters.count == passage.votesUp + passage.votesDown + passage.votesSurfaced)
                #expect(passage.voters.first.map { String($0.dropFirst()) } == passage.signal)
                #expect(passage.relevance.map { passage.positive ? $0 >= 0.9 : $0 <= 0.1 } == true)
            }
        }
        #expect(html.contains(data.sample[0].passages[0].signal))
        #expect(data.topGroups.count == 10 && data.pairingsPerGroup.reduce(0, +) == data.manifest.contentIndex.triplets)
    }

    @Test func aPageThatCannotBeWrittenIsAWriteErrorWithTheSystemsReason() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: dataset))
        let page = out.url.appendingPathComponent("no-such-folder/report.html").path
        #expect {
            try HTMLReport.write(dataset: dataset, to: page)
        } throws: { error in
            guard case let .writeFailed(path, reason)? = error as? TripletForgeError else { return false }
            return path == page && reason.contains("No such file or directory")
        }
    }

    @Test func theEvidenceTableShowsOnlyKindsThisInputHeld() throws {
        let (data, html) = try fixtureReport()
        let model = try #require(data.manifest.evidenceModel)
        let unseen = model.events.filter { $0.observed == 0 }
        #expect(!unseen.isEmpty && unseen.count < model.events.count)
        let section = html.components(separatedBy: "<section id=\"evidence-model\">")[1].components(separatedBy: "</section>")[0]
        #expect(section.components(separatedBy: "<tr><td>").count - 1 == model.events.count - unseen.count)
        #expect(section.contains("\(unseen.count) kinds of event never occurred in this input"))
    }

    @Test func aPassageShowsItsFirstFiveVotersAndHowManyMore() {
        var passage = ReportData.SamplePassage(text: "t", positive: false, signal: "1", rank: 0, votesUp: 1, votesDown: 6,
                                               score: nil, categories: "")
        passage.voters = ["+1", "−2", "−3", "−4", "−5", "−6", "−7"]
        let cell = HTMLReport.voters(passage)
        #expect(cell.components(separatedBy: "<code>").count - 1 == 5)
        #expect(cell.contains("<code>−5</code>") && !cell.contains("−6") && cell.contains("+2 more"))
    }

    @Test func aProvenanceLinesGroupIsFoundWithoutParsingTheLine() {
        let line = Array(#"{"split":"train","row":3,"query_group":"00577b217fb05bca","labels":[1,0]}"#.utf8)
        #expect(line.withUnsafeBufferPointer(ReportData.queryGroup(inProvenanceLine:))?.rawValue == 0x0057_7b21_7fb0_5bca)
        #expect(Array(#"{"row":3}"#.utf8).withUnsafeBufferPointer(ReportData.queryGroup(inProvenanceLine:)) == nil)
    }

    @Test func textFromTheDataIsEscaped() {
        #expect(HTML.escape("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;")
        #expect(SVGChart.bars([("<script>", 3)], title: "t").contains("&lt;script&gt;"))
    }
}
