import Crypto

/// Signs and checks Jupyter messages: the signature is the hex HMAC-SHA256, under the
/// connection file's key, of the header, parent header, metadata and content frames in that
/// order. An empty key means messages are not signed (Jupyter's rule).
struct MessageSigner {
    private let key: SymmetricKey?

    init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Array(key.utf8))
    }

    func signature(_ parts: [[UInt8]]) -> String {
        guard let mac = code(parts) else { return "" }
        return Self.hex(mac)
    }

    /// Compares in time independent of where the first difference is.
    func isValid(signature: [UInt8], parts: [[UInt8]]) -> Bool {
        guard let mac = code(parts) else { return true }
        let expected = Array(Self.hex(mac).utf8)
        guard signature.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(signature, expected) { difference |= a ^ b }
        return difference == 0
    }

    private func code(_ parts: [[UInt8]]) -> [UInt8]? {
        guard let key else { return nil }
        var hmac = HMAC<SHA256>(key: key)
        for part in parts { hmac.update(data: part) }
        return Array(hmac.finalize())
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
