#include "sqlite_setup.h"
#include <sqlite3.h>

static int configured = 0;

int slareport_configure_sqlite(void) {
    int code = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (code != SQLITE_OK) return code;
    code = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (code != SQLITE_OK) return code;
    code = sqlite3_initialize();
    if (code == SQLITE_OK) configured = 1;
    return code;
}

int slareport_sqlite_multithreaded(void) {
    return configured;
}
