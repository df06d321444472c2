import CAtomicRename
import Foundation

/// A directory written aside and then put in place of the destination in one step.
///
/// A dataset is written into a hidden sibling of its destination (same file system), synced, and
/// then exchanged with the old dataset atomically (`renameat2(RENAME_EXCHANGE)` on Linux), so a
/// reader or a crash sees the old complete dataset or the new complete one, never a mix. Staging
/// directories left by a killed run are removed by the next run.
///
/// ```swift
/// let staging = try StagingDirectory(for: URL(fileURLWithPath: "dataset"))
/// try writeEverything(into: staging.url)
/// try staging.commit()
/// ```
public final class StagingDirectory {
    public let destination: URL
    public let url: URL
    private var committed = false

    static let prefix = ".tripletforge-staging-"

    public convenience init(for destination: URL) throws {
        try self.init(for: destination, nonce: String(UUID().uuidString.prefix(8)))
    }

    /// `nonce` makes the name unguessable; tests pass their own to pre-create the path.
    init(for destination: URL, nonce: String) throws {
        let destination = destination.standardizedFileURL
        self.destination = destination
        let parent = destination.deletingLastPathComponent()
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if let type = try? manager.attributesOfItem(atPath: destination.path)[.type] as? FileAttributeType {
            if type == .typeSymbolicLink {
                throw TripletForgeError.outputFailed(path: destination.path, reason: "it is a symbolic link; TripletForge does not write through links, pass the real directory")
            }
            if type != .typeDirectory {
                throw TripletForgeError.outputFailed(path: destination.path, reason: "it exists and is not a directory")
            }
        }
        guard manager.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TripletForgeError.outputFailed(path: destination.path, reason: "the parent directory \(parent.path) does not exist")
        }
        Self.removeAbandoned(in: parent, for: destination.lastPathComponent)
        let pid = ProcessInfo.processInfo.processIdentifier
        url = parent.appendingPathComponent("\(Self.prefix)\(destination.lastPathComponent)-\(pid)-\(nonce)")
        // mkdir is exclusive: it fails on anything already there, a link included, so nobody can
        // pre-create the staging directory (or a `data` link inside it) for this run to write through.
        do {
            try Self.makeExclusiveDirectory(url)
        } catch {
            committed = true  // nothing of ours to remove
            throw TripletForgeError.outputFailed(path: destination.path, reason: "cannot create a staging directory in \(parent.path): \(error.reason)")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: url) }
    }

    /// Puts the staged directory in place of the destination, atomically where the OS allows.
    public func commit() throws {
        let manager = FileManager.default
        try syncDirectory(url.appendingPathComponent("data"), ifPresent: true)
        try syncDirectory(url)
        if manager.fileExists(atPath: destination.path) {
            if tf_exchange_paths(url.path, destination.path) == 0 {
                // `url` now holds the previous dataset.
                try? manager.removeItem(at: url)
            } else {
                // Without an atomic exchange: move the old one aside, then the new one in.
                let aside = url.appendingPathExtension("previous")
                try rename(destination, aside)
                try rename(url, destination)
                try? manager.removeItem(at: aside)
            }
        } else {
            try rename(url, destination)
        }
        committed = true
        try? syncDirectory(destination.deletingLastPathComponent())
    }

    private func rename(_ from: URL, _ to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw TripletForgeError.outputFailed(path: to.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Creates `url` as a new directory, failing if anything (a link included) is already there.
    static func makeExclusiveDirectory(_ url: URL) throws(ExclusiveCreateError) {
        guard mkdir(url.path, 0o755) == 0 else { throw ExclusiveCreateError(reason: String(cString: strerror(errno))) }
    }

    struct ExclusiveCreateError: Error { let reason: String }

    /// Removes staging directories of runs that are no longer alive.
    ///
    /// Without an atomic exchange, a run killed between moving the old dataset aside and moving
    /// the new one in leaves no dataset at the destination and the old one in a `.previous`
    /// directory: that one is put back, not removed.
    static func removeAbandoned(in parent: URL, for name: String) {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        let mine = prefix + name + "-"
        let destination = parent.appendingPathComponent(name)
        for entry in entries.sorted() where entry.hasPrefix(mine) {
            let pidText = entry.dropFirst(mine.count).prefix { $0 != "-" }
            if let pid = Int32(pidText), pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) == 0 { continue }
            let abandoned = parent.appendingPathComponent(entry)
            if entry.hasSuffix(".previous"), (try? manager.attributesOfItem(atPath: destination.path)) == nil,
               Foundation.rename(abandoned.path, destination.path) == 0 {
                continue
            }
            try? manager.removeItem(at: abandoned)
        }
    }
}

/// Syncs a directory's entries, so a rename after it cannot reach the disk before the files did.
func syncDirectory(_ url: URL, ifPresent: Bool = false) throws {
    let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
    if descriptor < 0 && ifPresent && errno == ENOENT { return }
    guard descriptor >= 0 else { throw POSIXError.current(url.path) }
    defer { close(descriptor) }
    _ = fsync(descriptor)
}
