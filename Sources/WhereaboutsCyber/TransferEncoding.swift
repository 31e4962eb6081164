/// Content-Transfer-Encoding decoders (RFC 2045 §6): lenient, as mail readers are, and linear in
/// their input whatever it holds.
enum TransferEncoding {
    /// Base64, skipping every byte outside the alphabet (line breaks, stray characters) and stopping
    /// at padding.
    static func base64(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="): return output
            default: continue
            }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    /// Quoted-printable; `=` at a line's end joins lines; a malformed escape is kept as written.
    static func quotedPrintable(_ input: ArraySlice<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = input.startIndex
        while index < input.endIndex {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                let next = input.index(after: index)
                if next < input.endIndex, input[next] == 0x0A {
                    index = input.index(after: next)
                    continue
                }
                if next < input.endIndex, input[next] == 0x0D {
                    let after = input.index(after: next)
                    index = after < input.endIndex && input[after] == 0x0A ? input.index(after: after) : after
                    continue
                }
                if input.distance(from: next, to: input.endIndex) >= 2, let high = hex(input[next]),
                    let low = hex(input[input.index(after: next)])
                {
                    output.append(high << 4 | low)
                    index = input.index(next, offsetBy: 2)
                    continue
                }
                output.append(byte)
            } else if underscoreIsSpace, byte == UInt8(ascii: "_") {
                output.append(0x20)
            } else {
                output.append(byte)
            }
            index = input.index(after: index)
        }
        return output
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
