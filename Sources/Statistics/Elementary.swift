import Foundation

// Thin wrappers over the C maths library, kept in one place so the rest of the module reads as
// mathematics and so that any future replacement (e.g. a portable lgamma) is one edit.

@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func _log1p(_ x: Double) -> Double { Foundation.log1p(x) }
@inline(__always) func _expm1(_ x: Double) -> Double { Foundation.expm1(x) }
@inline(__always) func _erfc(_ x: Double) -> Double { Foundation.erfc(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
@inline(__always) func _log10(_ x: Double) -> Double { Foundation.log10(x) }
@inline(__always) func Foundation_asin(_ x: Double) -> Double { Foundation.asin(x) }
