import Foundation
import Testing
@testable import TripletForge

/// Every reason a build can count is a documented ``ReasonCode``: the card, the report and
/// `--help` never show a code without its meaning.
@Suite("Reason codes")
struct ReasonCodeTests {
    @Test func everyCodeHasAMeaningAndAUniqueSnakeCaseName() {
        for code in ReasonCode.allCases {
            #expect(!code.meaning.isEmpty, "\(code) has no meaning")
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(code.rawValue)")
        }
        #expect(Set(ReasonCode.allCases.map(\.rawValue)).count == ReasonCode.allCases.count)
        #expect(Set(ReasonCode.allCases.map(\.meaning)).count == ReasonCode.allCases.count)
    }

    @Test func aDetailedKeyReadsAsItsCode() {
        var counts = ReasonCounts()
        counts.add(.adminExcluded, detail: "spam")
        #expect(counts.counts == ["admin_excluded:spam": 1])
        #expect(ReasonCode(key: "admin_excluded:spam") == .adminExcluded)
        #expect(ReasonCode.meaning(ofKey: "admin_excluded:spam") == ReasonCode.adminExcluded.meaning)
        #expect(ReasonCode.meaning(ofKey: "written_by_a_newer_version").isEmpty)
    }

    /// The reason literals in the sources: `add("…")`, `reason: "…"`, `rejected("…"`.
    static func reasonLiterals() throws -> [(file: String, literal: String)] {
        let pattern = try NSRegularExpression(pattern: #"(?:\.add\(|reason: |rejected\(|RowProblem\()"([a-z0-9]+(?:_[a-z0-9]+)+)(?::[^"]*)?""#)
        var found: [(String, String)] = []
        let root = packageRoot.appendingPathComponent("Sources")
        for case let path as String in FileManager.default.enumerator(atPath: root.path)! where path.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.append(("Sources/" + path, String(text[Range(match.range(at: 1), in: text)!])))
            }
        }
        return found
    }

    /// No source passes a reason as a string: every call site names a ``ReasonCode`` case, so a
    /// new reason cannot reach a manifest without its documented meaning. (The generator writes
    /// test data, not manifests.)
    @Test func noSourcePassesAReasonAsAString() throws {
        let literals = try Self.reasonLiterals().filter { !$0.file.hasPrefix("Sources/tripletforge-gen/") }
        #expect(literals.isEmpty, "reason strings outside ReasonCode: \(literals)")
    }

    /// Builds of every fixture, hostile ones included: each code they count is documented, and
    /// the card's meaning column is never empty.
    @Test(arguments: ["interactions.sqlite", "threads.sqlite", "hostile/rows.sqlite", "hostile/ratings-as-text.sqlite"])
    func everyCodeAFixtureBuildCountsIsDocumentedOnTheCard(fixture: String) throws {
        var settings = BuildSettings()
        settings.input.maxRejectRatio = 1
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("ds")
        let report = try BuildPipeline.run(BuildOptions(database: packageRoot.appendingPathComponent("Fixtures/" + fixture), output: out, settings: settings))
        let m = report.manifest
        let keys = [m.skipped, m.dropped, m.rejects, m.observed].flatMap(\.counts.keys)
        #expect(!keys.isEmpty)
        for key in keys { #expect(ReasonCode(key: key) != nil, "\(fixture) counts \(key), which ReasonCode does not know") }
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        for line in card.split(separator: "\n") where line.hasPrefix("| ") && line.contains("`") && line.hasSuffix("|  |") {
            Issue.record("a reason without a meaning on the card: \(line)")
        }
    }
}

extension ReasonCodeTests {
    @Test func buildHelpListsEveryCodeWithItsMeaning() throws {
        // Compared with whitespace collapsed: the help is wrapped to the terminal's width.
        let help = try runProcess(try tripletforgeExecutable(), ["build", "--help"]).stdout
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for code in ReasonCode.allCases {
            #expect(help.contains("\(code.rawValue) \(code.meaning)"), "\(code.rawValue) is not in build --help")
        }
    }
}
