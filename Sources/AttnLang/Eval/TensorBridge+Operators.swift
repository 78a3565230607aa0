import TensorRuntime

/// `~m`: logical not of a bool tensor, bitwise not of an int64 one.
func tensorInvert(_ t: Tensor) throws -> Tensor { try bitwiseNot(t) }
