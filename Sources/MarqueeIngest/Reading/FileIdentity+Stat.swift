import Foundation
import MarqueeStore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

extension FileIdentity {
    /// The identity of the file at `path` now (following symbolic links), or `nil` when there is none.
    public init?(ofFileAt path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The identity of the file open as `descriptor`, or `nil` when `fstat(2)` fails.
    init?(ofDescriptor descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(status)
    }

    private init(_ status: stat) {
        self.init(device: UInt64(truncatingIfNeeded: status.st_dev), inode: UInt64(truncatingIfNeeded: status.st_ino))
    }

    /// The path of the file with this identity in `directory`, other than `excluded`: where a log rotated by renaming
    /// went (`movielog.1`, `movielog-20270101`, …). `nil` when there is none, e.g. once it was compressed or deleted.
    func find(in directory: String, excluding excluded: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        for name in names.sorted() {
            let candidate = (directory as NSString).appendingPathComponent(name)
            if candidate != excluded, FileIdentity(ofFileAt: candidate) == self { return candidate }
        }
        return nil
    }
}
