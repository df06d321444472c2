import Foundation
import Testing
@testable import TripletForge

/// `--db` must name a file: a FIFO, a directory or a device is refused at once (exit 3), never
/// opened — opening a FIFO for reading blocks until a writer comes, so the build would hang.
@Suite("Non-regular input files")
struct NonRegularFileTests {
    func fifo(in directory: TemporaryDirectory) throws -> URL {
        let url = directory.url.appendingPathComponent("pipe.sqlite")
        guard mkfifo(url.path, 0o600) == 0 else { throw TestError("mkfifo failed: \(String(cString: strerror(errno)))") }
        return url
    }

    @Test(arguments: [["build", "--dry-run"], ["build", "--out", "OUT"], ["snapshot", "--to", "OUT"]])
    func aFIFOAsTheDatabaseIsRefusedAtOnceWithExitThree(command: [String]) throws {
        let directory = try TemporaryDirectory()
        let pipe = try fifo(in: directory)
        let arguments = command.map { $0 == "OUT" ? directory.url.appendingPathComponent("out").path : $0 }
            + ["--db", pipe.path]
        let result = try runProcess(try tripletforgeExecutable(), arguments, timeout: 30)
        #expect(result != nil, "tripletforge \(arguments.joined(separator: " ")) still ran after 30 s")
        #expect(result?.status == 3)
        #expect(result?.stderr.contains("cannot read '\(pipe.path)' as an SQLite database: it is a FIFO (named pipe), not a regular file") == true, "\(result?.stderr ?? "")")
    }

    @Test func aDirectoryAsTheDatabaseIsRefusedSayingSo() throws {
        let directory = try TemporaryDirectory()
        #expect { _ = try SQLiteDatabase(readingAt: directory.url.path) } throws: { error in
            error as? TripletForgeError == .unreadableDatabase(path: directory.url.path, reason: "it is a directory, not a file")
        }
        let result = try runProcess(try tripletforgeExecutable(), ["build", "--dry-run", "--db", directory.url.path], timeout: 30)
        #expect(result?.status == 3)
    }

    @Test func aSymbolicLinkToTheFixtureIsReadLikeTheFixture() throws {
        let directory = try TemporaryDirectory()
        let link = directory.url.appendingPathComponent("link.sqlite")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: DatasetOutputTests.fixture)
        let viaLink = try BuildPipeline.run(BuildOptions(database: link, output: nil))
        let direct = try BuildPipeline.run(BuildOptions(database: DatasetOutputTests.fixture, output: nil))
        #expect(viaLink.manifest.counts == direct.manifest.counts && direct.manifest.counts.totalTriplets > 0)
    }

    @Test func aCharacterDeviceIsRefused() throws {
        #expect { _ = try SQLiteDatabase(readingAt: "/dev/zero") } throws: { error in
            error as? TripletForgeError == .unreadableDatabase(path: "/dev/zero", reason: "it is a device, not a regular file")
        }
    }
}
