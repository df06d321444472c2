import Foundation
import Testing
@testable import TripletForge

/// `--quiet`, `--verbose` and `--json` are one option group that every command takes, and
/// `--json` makes every command's result one JSON object on stdout.
@Suite("CLI global options")
struct GlobalOptionsTests {
    let fixture = DatasetOutputTests.fixture.path
    static let commands = ["build", "check", "snapshot", "report", "init", "validate"]

    @Test(arguments: commands) func everyCommandTakesQuietVerboseAndJSON(_ command: String) throws {
        let help = try runProcess(try tripletforgeExecutable(), [command, "--help"])
        #expect(help.status == 0)
        for option in ["-q, --quiet", "-v, --verbose", "--json"] {
            #expect(help.stdout.contains(option), "\(command) --help lacks \(option)")
        }
    }

    /// Runs `arguments` with `--json` and returns the one JSON object it printed on stdout.
    func jsonResult(_ arguments: [String], status: Int32 = 0) throws -> [String: Any] {
        let result = try runProcess(try tripletforgeExecutable(), arguments + ["--json"])
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1, "\(arguments) printed more than one line: \(result.stdout)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func everyCommandsResultIsOneJSONObjectOnStdout() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds").path
        #expect(try jsonResult(["build", "--db", fixture, "--out", dataset])["dry_run"] as? Bool == false)
        #expect(try jsonResult(["check", "--dataset", dataset])["due"] != nil)
        let snapshot = out.url.appendingPathComponent("snap.sqlite").path
        let copied = try jsonResult(["snapshot", "--db", fixture, "--to", snapshot])
        #expect(copied["snapshot"] as? String == snapshot && (copied["pages"] as? Int ?? 0) > 0)
        #expect(try jsonResult(["report", "--dataset", dataset, "--out", out.url.appendingPathComponent("r.html").path])["rows"] as? Int == 456)
        let config = out.url.appendingPathComponent("tf.toml").path
        #expect(try jsonResult(["init", "--path", config])["config"] as? String == config)
        let valid = try jsonResult(["validate", dataset])
        #expect(valid["valid"] as? Bool == true && valid["rows_checked"] as? Int == 456)
    }

    @Test func aBrokenDatasetIsAJSONVerdictWithItsProblemsAndExitFive() throws {
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        #expect(try runProcess(try tripletforgeExecutable(), ["build", "--db", fixture, "--out", dataset.path, "-q"]).status == 0)
        try FileManager.default.removeItem(at: dataset.appendingPathComponent("content-index.bin"))
        let verdict = try jsonResult(["validate", dataset.path], status: 5)
        #expect(verdict["valid"] as? Bool == false)
        #expect(!((verdict["problems"] as? [String]) ?? []).isEmpty)
    }

    @Test func resultsGoToStdoutAndQuietSilencesThem() throws {
        let tool = try tripletforgeExecutable()
        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds").path
        #expect(try runProcess(tool, ["build", "--db", fixture, "--out", dataset, "-q"]).status == 0)
        let page = out.url.appendingPathComponent("r.html").path
        let report = try runProcess(tool, ["report", "--dataset", dataset, "--out", page])
        #expect(report.stdout.hasPrefix("wrote \(page): 456 rows"))
        let config = out.url.appendingPathComponent("tf.toml").path
        #expect(try runProcess(tool, ["init", "--path", config]).stdout.hasPrefix("wrote \(config)"))
        let quiet = try runProcess(tool, ["report", "--dataset", dataset, "--out", page, "--quiet"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }

    @Test func theSettingsPageIsWhatInitMarkdownPrints() throws {
        let printed = try runProcess(try tripletforgeExecutable(), ["init", "--markdown"])
        #expect(printed.status == 0 && printed.stdout == Configuration.referencePage())
    }
}
