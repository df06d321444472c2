import Foundation
import Testing
@testable import TripletForge

@Suite("CLI conventions")
struct CLIConventionsTests {
    let fixture = DatasetOutputTests.fixture.path

    @Test func versionAndHelpTeachWithExamples() throws {
        let tool = try tripletforgeExecutable()
        #expect(try runProcess(tool, ["--version"]).stdout == TripletForgeVersion.current + "\n")
        for command in ["build", "check", "snapshot", "report", "init"] {
            let help = try runProcess(tool, [command, "--help"])
            #expect(help.status == 0 && help.stdout.contains("EXAMPLES:"), "\(command) --help has no examples")
        }
        #expect(try runProcess(tool, ["build", "--help"]).stdout.contains("labeled-list"))
    }

    @Test func withoutATerminalProgressIsPlainLogLinesOnStderrAndJSONStaysClean() throws {
        let tool = try tripletforgeExecutable()
        let out = try TemporaryDirectory()
        let result = try runProcess(tool, ["build", "--db", fixture, "--out", out.url.appendingPathComponent("ds").path, "--json"], environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(summary?["dry_run"] as? Bool == false)
        #expect(result.stderr.contains("reading 311 records"))
        #expect(result.stderr.contains("writing 456/456 rows"))
        #expect(!result.stderr.contains("\u{1B}["), "no colour or cursor codes when stderr is not a terminal")
        let quiet = try runProcess(tool, ["build", "--db", fixture, "--out", out.url.appendingPathComponent("q").path, "--quiet"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }

    /// Runs the CLI under a pseudo-terminal (util-linux `script`), as a person at a terminal would.
    func runInTerminal(_ arguments: [String], environment: [String: String]) throws -> String {
        let tool = try tripletforgeExecutable()
        let command = ([tool.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try runProcess(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], environment: environment).stdout
    }

    @Test func colourIsForATerminalAndNeverWithNoColor() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"))
        let missing = ["build", "--db", "/nonexistent/feedback.sqlite", "--dry-run"]
        let coloured = try runInTerminal(missing, environment: ["TERM": "xterm"])
        #expect(coloured.contains("\u{1B}[31;1merror:"))
        let plain = try runInTerminal(missing, environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(plain.contains("error: cannot read") && !plain.contains("\u{1B}[31"))
    }

    @Test func onATerminalProgressEndsEachPhaseWithItsRateAndTheSummaryFollows() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"))
        let out = try TemporaryDirectory()
        let screen = try runInTerminal(["build", "--db", fixture, "--out", out.url.appendingPathComponent("ds").path], environment: ["TERM": "xterm"])
        #expect(screen.contains("reading 311 records") && screen.contains("rows  100%"))
        #expect(screen.contains("wrote 456 triplets"))
    }

    @Test func initWritesTheCommentedDefaultsAndNeverOverwritesWithoutForce() throws {
        let tool = try tripletforgeExecutable()
        let out = try TemporaryDirectory()
        let path = out.url.appendingPathComponent("tripletforge.toml").path
        #expect(try runProcess(tool, ["init", "--path", path]).status == 0)
        #expect(try Configuration.load(from: path) == Configuration())
        let again = try runProcess(tool, ["init", "--path", path])
        #expect(again.status == 4 && again.stderr.contains("--force"))
        #expect(try runProcess(tool, ["init", "--path", path, "--force"]).status == 0)
    }

    @Test func reportWritesThePageAndAJSONSummary() throws {
        let tool = try tripletforgeExecutable()
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds").path
        #expect(try runProcess(tool, ["build", "--db", fixture, "--out", dataset, "-q"]).status == 0)
        let page = out.url.appendingPathComponent("report.html").path
        let result = try runProcess(tool, ["report", "--dataset", dataset, "--out", page, "--json"])
        #expect(result.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(summary?["rows"] as? Int == 456)
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("<section id=\"sample\">"))
    }

    @Test func buildWritesTheReportToo() throws {
        let tool = try tripletforgeExecutable()
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds").path
        let page = out.url.appendingPathComponent("build-report.html").path
        #expect(try runProcess(tool, ["build", "--db", fixture, "--out", dataset, "--report", page, "-q"]).status == 0)
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("<section id=\"sample\">"))
        let dryRun = try runProcess(tool, ["build", "--db", fixture, "--dry-run", "--report", page])
        #expect(dryRun.status != 0 && dryRun.stderr.contains("--report needs --out"))
    }
}
