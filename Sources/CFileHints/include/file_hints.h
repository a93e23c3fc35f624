#ifndef KIOSQUE_FILE_HINTS_H
#define KIOSQUE_FILE_HINTS_H

#include <stdint.h>

/// Starts writing back `length` bytes of `descriptor` from `offset` to disk without waiting for
/// it (Linux `sync_file_range` with `SYNC_FILE_RANGE_WRITE`; nothing elsewhere). A hint only:
/// durability still comes from `fsync`. Returns 0, or -1 with errno set.
int kq_start_writeback(int descriptor, int64_t offset, int64_t length);

#endif
