#ifndef SLAREPORT_WORKBOOK_DEFLATE_H
#define SLAREPORT_WORKBOOK_DEFLATE_H

/// The zlib level libxlsxwriter's packager deflates each workbook part with, from now on
/// (1 fastest ... 9 smallest; -1 leaves libxlsxwriter's own choice, zlib's default 6).
void slareport_set_workbook_deflate_level(int level);

/// The level set last, or -1.
int slareport_workbook_deflate_level(void);

#endif
