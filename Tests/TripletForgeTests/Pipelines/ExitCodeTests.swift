import Foundation
import Testing

/// The exit codes documented in `tripletforge --help` and the README, asserted on the real executable:
/// CI gates and scripts depend on them.
@Suite struct ExitCodeTests {
    static func run(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(try tripletforgeExecutable(), arguments)
    }

    @Test func helpDocumentsTheCodes() throws {
        let help = try Self.run(["--help"])
        #expect(help.status == 0)
        for line in ["0    the command ran", "1    `check --exit-code`: retraining is not due", "2    usage error", "3    bad input",
                     "4    output error", "5    `validate`", "130  `build` stopped by SIGINT"] {
            #expect(help.stdout.contains(line), "missing from --help: \(line)")
        }
        #expect(help.stdout.contains("snapshot"))
    }

    @Test func usageErrorsExitWith2() throws {
        #expect(try Self.run(["build", "--no-such-flag"]).status == 2)
        #expect(try Self.run(["check"]).status == 2, "missing --dataset")
        #expect(try Self.run(["snapshot", "--db", "x.sqlite"]).status == 2, "missing --to")
    }

    @Test func badInputExitsWith3() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.url.appendingPathComponent("missing.sqlite").path
        let build = try Self.run(["build", "--db", missing, "--dry-run"])
        #expect(build.status == 3)
        #expect(build.stderr.hasPrefix("error: cannot read"))
        #expect(try Self.run(["snapshot", "--db", missing, "--to", dir.url.appendingPathComponent("s.sqlite").path]).status == 3)
        #expect(try Self.run(["check", "--dataset", dir.url.path]).status == 3, "not a dataset")
    }

    @Test func notDueWithExitCodeExitsWith1AndDueWith0() throws {
        let dir = try TemporaryDirectory()
        let dataset = dir.url.appendingPathComponent("dataset").path
        let fixture = packageRoot.appendingPathComponent("Fixtures/interactions.sqlite").path
        #expect(try Self.run(["build", "--db", fixture, "--out", dataset, "--quiet"]).status == 0)
        #expect(try Self.run(["check", "--dataset", dataset, "--since", dataset, "--exit-code", "--quiet"]).status == 1)
        #expect(try Self.run(["check", "--dataset", dataset, "--since", dataset, "--quiet"]).status == 0, "without --exit-code, not due is still 0")
        #expect(try Self.run(["check", "--dataset", dataset, "--exit-code", "--min-new-triplets", "1", "--min-new-query-groups", "1", "--quiet"]).status == 0)
    }

    @Test func outputErrorsExitWith4() throws {
        let dir = try TemporaryDirectory()
        let fixture = packageRoot.appendingPathComponent("Fixtures/interactions.sqlite").path
        let existing = dir.url.appendingPathComponent("snap.sqlite")
        try Data("keep".utf8).write(to: existing)
        #expect(try Self.run(["snapshot", "--db", fixture, "--to", existing.path]).status == 4, "refuses to overwrite without --force")
        #expect(try Self.run(["snapshot", "--db", fixture, "--to", existing.path, "--force", "--quiet"]).status == 0)
        #expect(try Self.run(["build", "--db", fixture, "--out", dir.url.appendingPathComponent("no/such/dir").path]).status == 4)
    }
}
