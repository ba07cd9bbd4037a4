#ifndef BROBYGGER_CLIBFUZZER_SHIM_H
#define BROBYGGER_CLIBFUZZER_SHIM_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (linked by `-sanitize=fuzzer`): parses the libFuzzer flags in `argv` and fuzzes `callback`.
/// SwiftPM renames an executable's `main`, so the executable calls the driver itself instead of using
/// libFuzzer's `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
