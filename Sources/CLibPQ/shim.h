#ifndef BROBYGGER_CLIBPQ_SHIM_H
#define BROBYGGER_CLIBPQ_SHIM_H
/* Debian installs libpq's header under postgresql/, outside the default include path's top level. */
#include <postgresql/libpq-fe.h>
#endif
