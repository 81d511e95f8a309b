import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls the store needs to make writes durable and atomic.
///
/// Why not `Data.write(options: .atomic)`: it does not fsync the file or its directory, so
/// after a power cut the rename can be visible while the bytes are not. The store's promise
/// ("a crash leaves the previous version intact") needs write → fsync → rename → fsync(dir).
enum FileIO {
    /// Writes `data` to `url` atomically: a temporary file in the same directory (so the
    /// rename cannot cross file systems), fsync, rename over the target, fsync the directory.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        try writeAndSync(data, to: tmp)
        try rename(tmp, to: url)
        try syncDirectory(dir)
    }

    /// Creates (or truncates) `url`, writes all of `data` and fsyncs it.
    static func writeAndSync(_ data: Data, to url: URL) throws {
        let path = url.path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(path: path, operation: "write", errno: errno)
                }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw StoreError.io(path: path, operation: "fsync", errno: errno) }
    }

    /// POSIX rename: atomic replacement of files, and of empty or absent directory targets.
    static func rename(_ from: URL, to: URL) throws {
        #if canImport(Glibc)
        let rc = Glibc.rename(from.path, to.path)
        #else
        let rc = Darwin.rename(from.path, to.path)
        #endif
        guard rc == 0 else { throw StoreError.io(path: to.path, operation: "rename", errno: errno) }
    }

    /// fsync on a directory makes a rename inside it durable.
    static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw StoreError.io(path: url.path, operation: "open directory", errno: errno) }
        defer { close(fd) }
        _ = fsync(fd)  // Some file systems refuse fsync on directories; that is not fatal.
    }

    static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw StoreError.io(path: url.path, operation: "mkdir", errno: EIO)
        }
    }

    static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }
}

/// A read-only memory mapping of a whole file, unmapped when the last reference goes away.
///
/// Why our own mmap rather than `Data(contentsOf:options:.alwaysMapped)`: the mapping's
/// lifetime is explicit, the base address is stable for `UnsafeBufferPointer` access, and
/// on Linux Foundation may silently read the file into memory instead of mapping it.
/// Sendable because the memory is mapped PROT_READ and never written.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let count: Int
    let base: UnsafeRawPointer?

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw StoreError.missingFile(path: path) }
            throw StoreError.io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StoreError.io(path: path, operation: "stat", errno: errno) }
        count = Int(st.st_size)
        if count == 0 {
            base = nil
            return
        }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw StoreError.io(path: path, operation: "mmap", errno: errno) }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// The whole mapping as raw bytes; valid for as long as `self` is alive.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }
}
