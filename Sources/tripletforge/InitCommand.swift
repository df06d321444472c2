import ArgumentParser
import Foundation
import TripletForge

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented tripletforge.toml with every setting and its default.",
        discussion: """
        The file is generated from the tool's own defaults, so it always matches this version. \
        Edit what you need, delete the rest, and pass it to `build` and `check` with --config. \
        An existing file is never replaced without --force.

        EXAMPLES:
          tripletforge init
          tripletforge init --path configs/nightly.toml
          tripletforge init --stdout | less
        """
    )

    @Option(help: "Where to write the file.")
    var path = "tripletforge.toml"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    @Flag(help: "Print the file on stdout instead of writing it.")
    var stdout = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        Console.configure(quiet: quiet, verbose: false)
        let text = Configuration.template()
        if stdout {
            print(text, terminator: "")
            return
        }
        if FileManager.default.fileExists(atPath: path) && !force {
            throw ExitStatus.fail(TripletForgeError.destinationExists(path: path))
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ExitStatus.fail(TripletForgeError.writeFailed(path: path, reason: "\(error.localizedDescription)"))
        }
        Console.log.info("wrote \(path): every setting with its default; use it with --config \(path)")
    }
}
