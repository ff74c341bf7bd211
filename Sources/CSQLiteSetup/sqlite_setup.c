#include "sqlite_setup.h"
#include <sqlite3.h>

int slareport_configure_sqlite(void) {
    int code = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (code != SQLITE_OK) return code;
    code = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (code != SQLITE_OK) return code;
    // Not sqlite3_initialize(): the first connection does it, and until then other settings
    // (GRDB's error log callback, which reports damage) can still be made.
    return SQLITE_OK;
}
