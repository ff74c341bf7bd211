// libxlsxwriter 1.1.4 (Debian) deflates every workbook part at zlib's default level and has
// no option to change it; at a million tickets that deflate is about a third of the workbook's
// time. Its packager calls minizip's zipOpenNewFileInZip4_64 from the shared libminizip, so a
// definition in this program (which the linker exports, since a shared library in the link
// references it) is the one the packager reaches: it passes the call on to minizip's own with
// the level chosen here. Nothing else in the program uses minizip.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>
#include "workbook_deflate.h"

static _Atomic int chosen_level = -1;

void slareport_set_workbook_deflate_level(int level) { atomic_store(&chosen_level, level); }

int slareport_workbook_deflate_level(void) { return atomic_load(&chosen_level); }

// minizip 1.1's signature (zip.h): zipFile is a void pointer, uInt and uLong are unsigned int
// and unsigned long; zip_fileinfo is only passed through.
typedef int (*open_new_file_fn)(void *file, const char *filename, const void *zipfi,
                                const void *extrafield_local, unsigned int size_extrafield_local,
                                const void *extrafield_global, unsigned int size_extrafield_global,
                                const char *comment, int method, int level, int raw, int windowBits,
                                int memLevel, int strategy, const char *password,
                                unsigned long crcForCrypting, unsigned long versionMadeBy,
                                unsigned long flagBase, int zip64);

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned int size_extrafield_local,
                            const void *extrafield_global, unsigned int size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy,
                            unsigned long flagBase, int zip64) {
    static _Atomic(open_new_file_fn) minizip = NULL;
    open_new_file_fn next = atomic_load(&minizip);
    if (next == NULL) {
        next = (open_new_file_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
        if (next == NULL) return -104;  // ZIP_INTERNALERROR: libminizip is not loaded
        atomic_store(&minizip, next);
    }
    int chosen = atomic_load(&chosen_level);
    // Only a deflated part (method 8) has a level; a stored one is passed on as it came.
    if (chosen >= 1 && chosen <= 9 && method == 8 && raw == 0) level = chosen;
    return next(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy,
                password, crcForCrypting, versionMadeBy, flagBase, zip64);
}
