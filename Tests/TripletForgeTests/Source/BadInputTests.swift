import Foundation
import Testing
@testable import TripletForge

/// Every kind of bad input gets a clear error naming the file, or a counted reject naming the row.
@Suite("Bad input")
struct BadInputTests {
    func dryRun(_ url: URL, settings: BuildSettings = BuildSettings()) throws -> BuildReport {
        try BuildPipeline.run(BuildOptions(database: url, output: nil, settings: settings))
    }

    @Test func aMissingFileIsAnErrorNamingIt() {
        #expect { _ = try dryRun(URL(fileURLWithPath: "/nonexistent/x.sqlite")) } throws: { error in
            "\(error)".contains("/nonexistent/x.sqlite") && "\(error)".contains("no such file")
        }
    }

    @Test func aFileThatIsNotSQLiteIsAnError() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("notes.txt")
        try Data(String(repeating: "this is not a database\n", count: 200).utf8).write(to: file)
        #expect { _ = try dryRun(file) } throws: { error in
            guard case .unreadableDatabase(let path, let reason) = error as? TripletForgeError else { return false }
            return path == file.path && reason.contains("not a database")
        }
    }

    @Test func aTruncatedDatabaseIsAnErrorNotACrash() throws {
        let directory = try TemporaryDirectory()
        let source = try Data(contentsOf: DatasetOutputTests.fixture)
        let file = directory.url.appendingPathComponent("truncated.sqlite")
        try source.prefix(source.count / 3).write(to: file)
        #expect(throws: TripletForgeError.self) { _ = try dryRun(file) }
    }

    @Test func missingTablesOrColumnsSayWhatWasFoundAndWhatIsMissing() throws {
        let noTable = try TestDatabase(schema: "CREATE TABLE chats (id INTEGER);")
        #expect { _ = try dryRun(noTable.url) } throws: { error in
            "\(error)".contains("tables chats") && "\(error)".contains("no table `interactions`")
        }
        let noColumn = try TestDatabase(schema: "CREATE TABLE interactions (id INTEGER PRIMARY KEY, query TEXT, chunks TEXT);")
        #expect { _ = try dryRun(noColumn.url) } throws: { error in
            "\(error)".contains("lacks column(s) session_id, created_at, answer, feedback")
        }
    }

    @Test func badRowsAreQuarantinedWithTheirIdAndReason() throws {
        // No column affinity, so '1' and 1.0 are stored as written.
        let db = try TestDatabase(schema: "CREATE TABLE interactions (id INTEGER PRIMARY KEY, session_id, created_at, query, answer, chunks, feedback);")
        let fine = chunks(leaf("fine"))
        try db.interaction(1, query: "ok", answer: "[1]", chunks: fine, feedback: 1)
        try db.interaction(2, query: "zero", chunks: fine, feedback: 0)
        try db.interaction(3, query: "two", chunks: fine, feedback: 2)
        try db.interaction(4, query: "text one", chunks: fine, feedback: "1")
        try db.interaction(5, query: "real one", chunks: fine, feedback: 1.0)
        try db.interaction(6, query: nil, chunks: fine, feedback: -1)
        try db.interaction(7, query: " \n ", chunks: fine, feedback: -1)
        try db.interaction(8, query: "json", chunks: "[{\"text\": nope}]", feedback: -1)
        try db.insert("INSERT INTO interactions VALUES (9, 's', 't', ?, NULL, ?, -1)", [[UInt8]([0x71, 0xFF, 0xFE]), fine])
        try db.interaction(10, query: "nul in text", chunks: chunks(leaf("a\u{0}b")), feedback: -1)
        try db.interaction(11, query: "no chunks", chunks: nil, feedback: -1)
        var lenient = BuildSettings()
        lenient.input.maxRejectRatio = 1
        let report = try dryRun(db.url, settings: lenient)
        let reasons = Dictionary(uniqueKeysWithValues: report.rejectedRows.map { ($0.rowID, $0.reason.rawValue) })
        #expect(reasons == ["2": "invalid_rating", "3": "invalid_rating", "4": "invalid_rating", "5": "invalid_rating",
                            "6": "missing_query", "7": "missing_query", "8": "malformed_chunks_json", "9": "invalid_utf8"])
        #expect(report.rejectedRows.first { $0.rowID == "4" }?.detail.contains("text") == true)
        #expect(report.rejectedRows.first { $0.rowID == "5" }?.detail.contains("real 1.0") == true)
        #expect(report.manifest.counts.ratedRecords == 11)
        #expect(report.manifest.counts.rejectedRecords == 8)
        #expect(report.manifest.skipped["no_chunks"] == 1)
        // Row 10 (a NUL inside chunk text) is valid data, not a reject.
        #expect(report.manifest.counts.negativeSignals == 1)
    }

    @Test func tooManyRejectsFailTheRunWithTheTopReasons() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "ok", answer: "[1]", chunks: chunks(leaf("fine")), feedback: 1)
        try db.interaction(2, query: "bad", chunks: "not json", feedback: -1)
        #expect { _ = try dryRun(db.url) } throws: { error in
            guard case .tooManyRejects(1, 2, 0.05, let top) = error as? TripletForgeError else { return false }
            return top.contains("malformed_chunks_json ×1")
        }
    }

    @Test func theInputFileIsNeverModified() throws {
        let directory = try TemporaryDirectory()
        let copy = directory.url.appendingPathComponent("input.sqlite")
        try FileManager.default.copyItem(at: DatasetOutputTests.fixture, to: copy)
        let past = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: copy.path)
        let bytes = try Data(contentsOf: copy)
        _ = try BuildPipeline.run(BuildOptions(database: copy, output: directory.url.appendingPathComponent("ds")))
        _ = try dryRun(copy)
        #expect(try Data(contentsOf: copy) == bytes)
        #expect(try FileManager.default.attributesOfItem(atPath: copy.path)[.modificationDate] as? Date == past)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == ["ds", "input.sqlite"])
    }
}

/// Library errors say what failed in the library's terms; the CLI adds the flag that helps.
@Suite("Error messages")
struct ErrorMessageTests {
    @Test func tooManyRejectsNamesTheSettingNotAFlag() {
        let message = "\(TripletForgeError.tooManyRejects(rejected: 3, read: 10, maxRatio: 0.05, topReasons: "invalid_rating ×3"))"
        #expect(message == "rejected 3 of 10 rated rows (30.0%), more than the allowed 5.0% (input.max_reject_ratio); reasons: invalid_rating ×3. So many unusable rows usually mean the input, or its mapping, is not what it seems.")
        #expect(!message.contains("--"))
    }

    @Test func noLibraryErrorNamesACLIFlag() {
        let errors: [TripletForgeError] = [
            .unreadableDatabase(path: "p", reason: "r"), .tooManyRejects(rejected: 1, read: 1, maxRatio: 0, topReasons: "x"),
            .outputFailed(path: "p", reason: "r"), .writeFailed(path: "p", reason: "r"), .destinationExists(path: "p"),
            .snapshotFailed(path: "p", reason: "r"), .queryFailed(path: "p", sql: "s", reason: "r"),
        ]
        for error in errors { #expect(!"\(error)".contains(" --"), "\(error)") }
    }

    /// The library's string literals name no flag (the config template and the settings page, which show a command
    /// line, and the report's CSS variables aside): flags are the CLI's to name.
    @Test func noLibraryStringNamesAFlag() throws {
        let root = packageRoot.appendingPathComponent("Sources/TripletForge")
        let flag = try NSRegularExpression(pattern: #""[^"\n]* --[a-z][^"\n]*""#)
        for case let path as String in FileManager.default.enumerator(atPath: root.path)!
        where path.hasSuffix(".swift") && !path.hasSuffix("ConfigTemplate.swift") && !path.hasSuffix("ConfigReference.swift")
            && !path.hasSuffix("HTMLReport.swift") {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let line = String(line)
                #expect(flag.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) == nil, "\(path): \(line)")
            }
        }
    }

    @Test func theCLIAddsTheFlagForTooManyRejects() throws {
        let database = try TestDatabase()
        try database.interaction(1, query: "q", chunks: chunks(leaf("a")), feedback: 7)
        try database.interaction(2, query: "q", chunks: chunks(leaf("a")), feedback: 1)
        database.close()
        let result = try runProcess(try tripletforgeExecutable(), ["build", "--dry-run", "--db", database.url.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: rejected 1 of 2 rated rows (50.0%), more than the allowed 5.0% (input.max_reject_ratio)"))
        #expect(result.stderr.contains("hint: `build --dry-run --verbose --max-reject-ratio 1` lists the rejected rows"))
        #expect(result.stderr.contains("raise the limit with --max-reject-ratio"))
    }

    @Test func aConfigThatCannotBeWrittenIsNotCalledADataset() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("missing-dir/tripletforge.toml").path
        let result = try runProcess(try tripletforgeExecutable(), ["init", "--path", path])
        #expect(result.status == 4)
        #expect(result.stderr.contains("error: cannot write '\(path)'"), "\(result.stderr)")
        #expect(!result.stderr.contains("dataset"))
        let exists = directory.url.appendingPathComponent("tripletforge.toml").path
        _ = FileManager.default.createFile(atPath: exists, contents: Data("x".utf8))
        let again = try runProcess(try tripletforgeExecutable(), ["init", "--path", exists])
        #expect(again.status == 4)
        #expect(again.stderr.contains("error: '\(exists)' exists; it was left as it is") && again.stderr.contains("hint: pass --force to replace it."))
    }

    @Test func aGitHubOutputThatCannotBeWrittenIsNotCalledADataset() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("ds")
        _ = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: out))
        let unwritable = directory.url.appendingPathComponent("no-such-dir/output").path
        let result = try runProcess(try tripletforgeExecutable(), ["check", "--dataset", out.path],
                                    environment: ["GITHUB_OUTPUT": unwritable])
        #expect(result.stderr.contains("cannot write '\(unwritable)': cannot open $GITHUB_OUTPUT for appending"), "\(result.stderr)")
        #expect(!result.stderr.contains("the dataset"))
    }
}
