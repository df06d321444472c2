#ifndef TRIPLETFORGE_CLIBPQ_H
#define TRIPLETFORGE_CLIBPQ_H
/* libpq's API, loaded at run time (see tf_libpq.c). Debian/Ubuntu's libpq-dev puts the header here. */
#include "/usr/include/postgresql/libpq-fe.h"

/* Loads libpq.so.5 once; 1 when its functions can be called, else 0 with the reason in `error`. */
int tf_libpq_load(char *error, unsigned long size);

#endif
