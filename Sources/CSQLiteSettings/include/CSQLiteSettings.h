#ifndef BROBYGGER_CSQLITE_SETTINGS_H
#define BROBYGGER_CSQLITE_SETTINGS_H

/// What SQLite answered when this process's settings were applied, as it was loaded: SQLITE_OK (0) once they
/// hold, SQLite's error code otherwise.
int brobygger_sqlite_settings_result(void);

#endif
