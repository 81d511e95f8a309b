import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a text file line by line through one reusable buffer, so memory does not grow with
/// the file: a 10 GB delivery is read through the same 1 MiB (grown only for a longer line).
///
/// Lines end in `\n`; a `\r` before it is dropped; a UTF-8 byte-order mark at the start is
/// skipped. The bytes handed to `body` are valid only during the call.
struct CSVLineReader {
    let url: URL
    var chunkSize = 1 << 20

    /// Calls `body(line, lineNumber)` for every line (1-based), including empty ones.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw StoreError.missingFile(path: url.path) }
            throw StoreError.io(path: url.path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var capacity = chunkSize
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0
        var lineNumber = 0
        var first = true
        var eof = false
        while !eof {
            if filled == capacity {  // One line longer than the buffer: grow it.
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: url.path, operation: "read", errno: errno)
            }
            if n == 0 { eof = true } else { filled += n }
            var start = 0
            if first, filled >= 3 || eof {
                first = false
                if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            } else if first { continue }
            var i = start
            while i < filled {
                if buffer[i] == 0x0A {
                    lineNumber += 1
                    try body(Self.line(buffer, start, i), lineNumber)
                    start = i + 1
                }
                i += 1
            }
            if eof, start < filled {  // Last line without a trailing newline.
                lineNumber += 1
                try body(Self.line(buffer, start, filled), lineNumber)
                start = filled
            }
            if start > 0 {
                memmove(buffer, buffer + start, filled - start)  // Regions may overlap.
                filled -= start
            }
        }
    }

    private static func line(_ buffer: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> {
        var end = to
        if end > from, buffer[end - 1] == 0x0D { end -= 1 }
        return UnsafeBufferPointer(start: buffer + from, count: end - from)
    }
}
