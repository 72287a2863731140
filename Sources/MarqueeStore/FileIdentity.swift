/// Which file a byte offset is in: the device and inode of a log file, as `stat(2)` reports them.
///
/// A path can name different files over time (a log rotated by renaming it is replaced by a new file at the same
/// path), so an offset alone does not say where to resume; the checkpoint of a file source keeps its identity too.
public struct FileIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The device the file is on (`st_dev`).
    public var device: UInt64
    /// The file's inode on that device (`st_ino`).
    public var inode: UInt64

    /// Creates an identity.
    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    public var description: String { "device \(device) inode \(inode)" }
}

extension FileIdentity {
    /// The two columns a checkpoint stores (`file_device`, `file_inode`): signed 64-bit integers holding the bits of
    /// the unsigned values, since neither SQLite nor PostgreSQL has an unsigned 64-bit type.
    var columns: (device: Int64, inode: Int64) { (Int64(bitPattern: device), Int64(bitPattern: inode)) }

    /// The identity stored in a checkpoint's columns, `nil` when they are `NULL`.
    init?(storedDevice device: Int64?, storedInode inode: Int64?) {
        guard let device, let inode else { return nil }
        self.init(device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode))
    }
}
