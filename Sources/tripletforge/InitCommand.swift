import ArgumentParser
import Foundation
import TripletForge

struct InitCommand: Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented tripletforge.toml with every setting and its default.",
        discussion: """
        The file is generated from the tool's own defaults, so it always matches this version. \
        Edit what you need, delete the rest, and pass it to `build` and `check` with --config. \
        An existing file is never replaced without --force.

        --markdown prints the same reference as a Markdown page instead (docs/configuration.md \
        is this page).

        EXAMPLES:
          tripletforge init
          tripletforge init --path configs/nightly.toml
          tripletforge init --stdout | less
          tripletforge init --markdown > docs/configuration.md
        """
    )

    @Option(help: "Where to write the file.")
    var path = "tripletforge.toml"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    @Flag(help: "Print the file on stdout instead of writing it.")
    var stdout = false

    @Flag(help: "Print the settings reference as Markdown on stdout instead of writing the file.")
    var markdown = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if stdout && markdown { throw ValidationError("--stdout and --markdown exclude each other") }
    }

    func execute() throws {
        if stdout || markdown {
            print(markdown ? Configuration.referencePage() : Configuration.template(), terminator: "")
            return
        }
        if FileManager.default.fileExists(atPath: path) && !force {
            throw TripletForgeError.destinationExists(path: path)
        }
        do {
            try Configuration.template().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw TripletForgeError.writeFailed(path: path, reason: "\(error.localizedDescription)")
        }
        try global.printResult("wrote \(path): every setting with its default; use it with --config \(path)",
                               json: ["config": path])
    }
}
