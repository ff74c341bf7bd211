#ifndef SLAREPORT_FILE_WRITEBACK_H
#define SLAREPORT_FILE_WRITEBACK_H

/// Asks the kernel to start writing the file's dirty pages to disk without waiting for them
/// (Linux `sync_file_range(SYNC_FILE_RANGE_WRITE)`, which Swift's Glibc module does not declare:
/// it needs _GNU_SOURCE). Returns 0, or -1 with errno set; elsewhere it does nothing and returns 0.
int slareport_start_writeback(int fd);

#endif
