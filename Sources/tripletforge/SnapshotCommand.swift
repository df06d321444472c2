import ArgumentParser
import Foundation
import TripletForge

struct SnapshotCommand: Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Copy a live SQLite database consistently, while the app keeps writing.",
        discussion: """
        Never copy a live database with `cp`: in WAL mode its newest transactions live in the \
        -wal file, and a copy taken mid-write can be torn. `snapshot` copies through SQLite's online \
        backup API inside one read transaction: the copy is exactly one committed state, WAL content \
        included. The source is opened read-only; in WAL mode the app's writers are not blocked.

        The copy is written to a hidden file beside --to and renamed into place only when complete, \
        in rollback-journal (DELETE) mode: one self-contained file, safe to upload, archive or pass \
        to `build --immutable`. An existing --to is never replaced without --force.

        EXAMPLES:
          tripletforge snapshot --db /srv/app/live.sqlite --to snapshot.sqlite
          tripletforge snapshot --db live.sqlite --to nightly.sqlite --force --verify
          tripletforge snapshot --db live.sqlite --to snap.sqlite && tripletforge build --db snap.sqlite --immutable --out dataset/
        """
    )

    @Option(help: "The live SQLite database to copy (opened read-only).")
    var db: String

    @Option(help: "Where to write the snapshot (a single file).")
    var to: String

    @Flag(help: "Replace --to if it exists.")
    var force = false

    @Flag(help: "Run SQLite's integrity check on the copy before putting it in place.")
    var verify = false

    @OptionGroup var global: GlobalOptions

    /// The result as `--json` prints it.
    struct Summary: Encodable {
        var snapshot: String
        var pages: Int
        var pageSize: Int
        var bytes: Int
        var sourceJournalMode: String
        var verified: Bool

        enum CodingKeys: String, CodingKey {
            case snapshot, pages, pageSize = "page_size", bytes, sourceJournalMode = "source_journal_mode", verified
        }
    }

    func execute() throws {
        let report = try Snapshot.copy(from: URL(fileURLWithPath: db), to: URL(fileURLWithPath: to),
                                       options: .init(overwrite: force, verify: verify))
        try global.printResult(
            "snapshot: \(to): \(report.pages) pages of \(report.pageSize) bytes (\(report.bytes) bytes), from a \(report.sourceJournalMode)-mode database\(verify ? ", integrity ok" : "")",
            json: Summary(snapshot: to, pages: report.pages, pageSize: report.pageSize, bytes: report.bytes,
                          sourceJournalMode: report.sourceJournalMode, verified: verify))
    }
}
