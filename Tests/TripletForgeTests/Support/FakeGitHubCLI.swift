import Foundation

/// A stand-in `gh` on PATH for the workflow's state steps: one release kept as a directory (its
/// files are the assets; no directory = "release not found", as gh says), every call appended to a
/// log, and `failing` set to a subcommand (view, upload, …) that then fails as the API does with an
/// HTTP 500. Only the `gh release` calls the workflows make are understood; anything else fails.
struct FakeGitHubCLI {
    let root: URL
    var bin: URL { root.appendingPathComponent("bin") }
    var release: URL { root.appendingPathComponent("release") }
    var log: URL { root.appendingPathComponent("gh-calls") }

    init(in directory: URL) throws {
        root = directory.appendingPathComponent("fake-gh")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = #"""
            #!/bin/sh
            printf '%s\n' "$*" >> "$FAKE_GH_LOG"
            [ "$1" = release ] || { echo "fake gh: unexpected call: $*" >&2; exit 2; }
            command="$2"; shift 3
            if [ "$command" = "$FAKE_GH_FAIL" ]; then
              echo "HTTP 500: Internal Server Error (https://api.github.com/repos/o/r/releases/tags/x)" >&2; exit 1
            fi
            if [ "$command" != create ] && [ ! -d "$FAKE_GH_RELEASE" ]; then echo "release not found" >&2; exit 1; fi
            case "$command" in
              view) ls "$FAKE_GH_RELEASE" ;;
              create) mkdir "$FAKE_GH_RELEASE" ;;
              upload) cp "$1" "$FAKE_GH_RELEASE/" ;;
              delete-asset) rm "$FAKE_GH_RELEASE/$1" ;;
              edit) ;;
              download)
                while [ $# -gt 0 ]; do
                  case "$1" in --pattern) pattern="$2"; shift ;; --dir) dir="$2"; shift ;; esac; shift
                done
                cp "$FAKE_GH_RELEASE/$pattern" "$dir/" ;;
              *) echo "fake gh: unexpected release command $command" >&2; exit 2 ;;
            esac
            """#
        let gh = bin.appendingPathComponent("gh")
        try Data(script.utf8).write(to: gh)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: gh.path)
    }

    /// PATH with the fake first, and the variables it reads; `failing` names a subcommand to fail.
    func environment(failing: String = "") -> [String: String] {
        ["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
         "FAKE_GH_LOG": log.path, "FAKE_GH_RELEASE": release.path, "FAKE_GH_FAIL": failing]
    }

    func createRelease(assets: [String: URL] = [:]) throws {
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        for (name, file) in assets { try FileManager.default.copyItem(at: file, to: release.appendingPathComponent(name)) }
    }

    var assets: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: release.path)) ?? []).sorted() }
    var calls: [String] { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }
}
