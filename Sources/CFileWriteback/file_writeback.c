#define _GNU_SOURCE
#include "file_writeback.h"

#ifdef __linux__
#include <fcntl.h>

int slareport_start_writeback(int fd) {
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}
#else
int slareport_start_writeback(int fd) {
    (void)fd;
    return 0;
}
#endif
