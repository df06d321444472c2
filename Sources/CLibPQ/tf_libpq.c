/*
 * libpq, loaded with dlopen the first time a PostgreSQL database is opened, instead of linked.
 *
 * Linked, libpq.so.5 drags libssl, libkrb5, libgssapi, libldap… into every run: +6 MB resident
 * and their relocations at start-up, for SQLite builds that never talk to a server. So the
 * binary does not link it; these definitions carry libpq's own names and signatures (the header
 * is libpq's) and forward to the real functions, looked up once. The SQLite path never loads it.
 * (As CDeflate loads ISA-L's igzip at run time.)
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include "CLibPQ.h"

static void *library;
static char load_error[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libpq.so.5", "libpq.so"};
    for (unsigned i = 0; i < sizeof names / sizeof *names && !library; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (!library) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libpq.so.5 (Debian: apt-get install libpq5): %s", reason ? reason : "not found");
    }
}

int tf_libpq_load(char *error, unsigned long size) {
    pthread_once(&once, load);
    if (!library && error && size) snprintf(error, size, "%s", load_error);
    return library != NULL;
}

/* Looks `name` up in libpq (loading it if needed); callers run only after tf_libpq_load succeeded. */
static void *resolve(const char *name) {
    pthread_once(&once, load);
    return library ? dlsym(library, name) : NULL;
}

#define FORWARD(ret, name, params, args) \
    ret name params { \
        static ret (*function) params; \
        if (!function) function = (ret (*) params) resolve(#name); \
        return function args; \
    }
#define FORWARD_VOID(name, params, args) \
    void name params { \
        static void (*function) params; \
        if (!function) function = (void (*) params) resolve(#name); \
        function args; \
    }

FORWARD(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))
FORWARD(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname), (keywords, values, expand_dbname))
FORWARD_VOID(PQfinish, (PGconn *conn), (conn))
FORWARD(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg))
FORWARD_VOID(PQconninfoFree, (PQconninfoOption *options), (options))
FORWARD(char *, PQdb, (const PGconn *conn), (conn))
FORWARD(char *, PQuser, (const PGconn *conn), (conn))
FORWARD(char *, PQhost, (const PGconn *conn), (conn))
FORWARD(char *, PQport, (const PGconn *conn), (conn))
FORWARD(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
FORWARD(char *, PQerrorMessage, (const PGconn *conn), (conn))
FORWARD(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
FORWARD(PGresult *, PQexecParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                                   const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat),
        (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
FORWARD(PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
        (conn, stmtName, query, nParams, paramTypes))
FORWARD(PGresult *, PQdescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt))
FORWARD(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
FORWARD(char *, PQresultErrorMessage, (const PGresult *res), (res))
FORWARD(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
FORWARD(int, PQntuples, (const PGresult *res), (res))
FORWARD(int, PQnfields, (const PGresult *res), (res))
FORWARD(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))
FORWARD(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))
FORWARD(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
FORWARD(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
FORWARD(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
FORWARD_VOID(PQclear, (PGresult *res), (res))
FORWARD_VOID(PQfreemem, (void *ptr), (ptr))
FORWARD(unsigned char *, PQunescapeBytea, (const unsigned char *strtext, size_t *retbuflen), (strtext, retbuflen))
