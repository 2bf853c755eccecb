import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The data directory holds the SQLite database and its WAL, the data key and backups made into
/// it: only the server's own user may read them. Files this process creates are owner-only
/// (umask 077), and a directory or files left readable by an earlier version are tightened.
enum DataDirectory {
    static func secure(_ path: String) throws {
        umask(0o077)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(path, 0o700)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasPrefix("minyi.sqlite") || name == "data.key" {
            chmod((path as NSString).appendingPathComponent(name), 0o600)
        }
    }

    /// Makes a working folder of the data directory (uploads, exports). A server starting
    /// empties it of what a crash left behind; a command run beside a server must not take
    /// an upload or an export from under it.
    static func prepareFolder(_ path: String, emptied: Bool) throws {
        if emptied { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
