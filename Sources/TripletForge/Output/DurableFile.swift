import Foundation

/// Writes a small file of a dataset (manifest, card, index, rejects) the way shards are written:
/// created exclusively, never through a symbolic link, and synced before the dataset is committed.
///
/// `Data.write(to:)` follows links, truncates what exists and does not sync, so after a power loss
/// a committed dataset could hold an empty manifest; and its errors describe Cocoa, not the disk.
/// Failures here are ``TripletForgeError/outputFailed(path:reason:)`` with the system's reason
/// ("No space left on device", "Read-only file system").
enum DurableFile {
    static func write<Bytes: Sequence>(_ bytes: Bytes, to url: URL) throws(TripletForgeError) where Bytes.Element == UInt8 {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw POSIXError.current(url.path) }
        defer { close(descriptor) }
        let array = Array(bytes)
        do {
            try array.withUnsafeBytes { try writeAll(descriptor, $0, path: url.path) }
        } catch let error as TripletForgeError {
            throw error
        } catch {
            throw .outputFailed(path: url.path, reason: "\(error)")
        }
        guard fsync(descriptor) == 0 else { throw POSIXError.current(url.path) }
    }
}

/// The system's words for a Foundation file error ("No space left on device"), not Cocoa's.
func ioReason(_ error: Error) -> String {
    let nsError = error as NSError
    // On Linux the underlying error is a Swift error in an `Any`: `as? NSError` fails on it, while
    // `as? Error` and then bridging finds it (without this, every reason read "The file doesn't exist").
    if let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? Error).map({ $0 as NSError }), underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
    return nsError.localizedDescription
}
