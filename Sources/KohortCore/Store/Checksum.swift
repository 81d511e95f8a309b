/// FNV-1a, 64-bit, over raw bytes.
///
/// Why FNV-1a: it is a dozen lines, needs no tables or dependencies, is stable across
/// platforms and endianness of the host (it consumes bytes), and is plenty to detect the
/// failures a cache sees (truncation, torn writes, flipped bits). It is not a cryptographic
/// hash and is not meant to resist tampering. Parameters: offset basis 0xcbf29ce484222325,
/// prime 0x100000001b3; for each byte b: h = (h ^ b) &* prime.
public enum FNV1a64 {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Hash of `bytes`, continuing from `seed` so large payloads can be hashed in pieces.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = offsetBasis) -> UInt64 {
        var h = seed
        for b in bytes {
            h = (h ^ UInt64(b)) &* prime
        }
        return h
    }
}
