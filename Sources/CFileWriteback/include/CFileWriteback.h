#ifndef C_FILE_WRITEBACK_H
#define C_FILE_WRITEBACK_H

/// Asks the kernel to start writing the dirty pages of the file open as `descriptor` to its disk,
/// without waiting (Linux `sync_file_range` with `SYNC_FILE_RANGE_WRITE`; nothing elsewhere).
/// Returns 0, or -1 with errno set. Decision 0035.
int whereabouts_start_writeback(int descriptor);

#endif
