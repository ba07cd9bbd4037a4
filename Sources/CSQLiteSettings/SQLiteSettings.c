// SQLite's process-wide settings, applied before anything opens a connection.
//
// With memory statistics on (SQLite's default, and Debian's build), every allocation and free SQLite makes
// takes one process-wide mutex to count it, so connections reading on different threads wait on each other
// for each of them. Nothing in the registry reads those statistics or sets a heap limit, which needs them,
// so they are turned off.
//
// sqlite3_config is refused once SQLite has started, that is once anything in the process has opened a
// connection; a constructor runs as the program is loaded, before any of it, whichever command or test
// bundle the library is linked into.
#include <sqlite3.h>
#include "CSQLiteSettings.h"

static int settingsResult = SQLITE_MISUSE;

__attribute__((constructor)) static void applySQLiteSettings(void) {
    settingsResult = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int brobygger_sqlite_settings_result(void) {
    return settingsResult;
}
