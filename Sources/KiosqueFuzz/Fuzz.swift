import Foundation
import KiosqueCore

#if FUZZING
/// libFuzzer's driver, called from our own entry point (SwiftPM links executables through
/// `KiosqueFuzz_main`, so libFuzzer's `main` stays out).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// One input, to the target KIOSQUE_FUZZ_TARGET names (csv, json, zip, sheet, ods, xls, recipe or cast).
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    switch ProcessInfo.processInfo.environment["KIOSQUE_FUZZ_TARGET"] ?? "csv" {
    case "json":
        Fuzzing.json(data)
        Fuzzing.jsonTree(data)
    case "zip": Fuzzing.zip(data)
    case "sheet": Fuzzing.sheet(data)
    case "ods": Fuzzing.openDocument(data)
    case "xls": Fuzzing.legacyWorkbook(data)
    case "recipe": Fuzzing.recipe(data)
    case "cast": Fuzzing.cast(data)
    default: Fuzzing.csv(data)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzOne(start, count)
}

@_cdecl("KiosqueFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { start, size in fuzzOne(start, size) }
}
#else
@main
struct FuzzPlaceholder {
    static func main() {
        print("Build this target with make fuzz (swiftc -sanitize=fuzzer -DFUZZING).")
    }
}
#endif
