import Foundation

/// Writes every byte to a file descriptor, retrying short writes and `EINTR`; a failure names the file.
///
/// Every file TripletForge writes by descriptor (scratch files, gzip members, durable files) goes
/// through here, so a full disk is reported the same way wherever it happens.
func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    var done = 0
    while done < bytes.count {
        let wrote = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
        if wrote < 0 && errno == EINTR { continue }
        guard wrote > 0 else { throw POSIXError.current(path) }
        done += wrote
    }
}

extension POSIXError {
    /// The current `errno` as an error that names the file.
    static func current(_ path: String) -> TripletForgeError {
        .outputFailed(path: path, reason: String(cString: strerror(errno)))
    }
}
