// gzip members through ISA-L (loaded at run time) or zlib.
#include "tf_deflate.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#if __has_include(<isa-l/igzip_lib.h>)
#include <isa-l/igzip_lib.h>
#define TF_HAVE_ISAL_HEADERS 1
#endif

size_t tf_gzip_bound(size_t length) {
    return length + length / 8 + 1024;
}

static long zlib_member(int level, const uint8_t *input, size_t length, uint8_t *output, size_t capacity) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    // Window bits 31: a gzip wrapper with mtime 0 and no name, so output depends on input only.
    if (deflateInit2(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    stream.next_out = output;
    stream.avail_out = (uInt)capacity;
    int status = deflate(&stream, Z_FINISH);
    long produced = (long)stream.total_out;
    deflateEnd(&stream);
    return status == Z_STREAM_END ? produced : -1;
}

#ifdef TF_HAVE_ISAL_HEADERS
static void (*isal_init)(struct isal_zstream *);
static int (*isal_run)(struct isal_zstream *);
static pthread_once_t isal_once = PTHREAD_ONCE_INIT;

static void load_isal(void) {
    void *library = dlopen("libisal.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    isal_init = (void (*)(struct isal_zstream *))dlsym(library, "isal_deflate_init");
    isal_run = (int (*)(struct isal_zstream *))dlsym(library, "isal_deflate");
    if (!isal_init || !isal_run) isal_init = NULL, isal_run = NULL;
}

static long isal_member(int level, const uint8_t *input, size_t length, uint8_t *output, size_t capacity) {
    struct isal_zstream stream;
    isal_init(&stream);
    // ISA-L has levels 0-3; map zlib-style 1-9 onto 1 (fast) and 3 (smaller).
    int isal_level = level <= 2 ? 1 : 3;
    size_t scratch_size = isal_level == 1 ? ISAL_DEF_LVL1_DEFAULT : ISAL_DEF_LVL3_DEFAULT;
    uint8_t *scratch = malloc(scratch_size);
    if (!scratch) return -1;
    stream.level = (uint32_t)isal_level;
    stream.level_buf = scratch;
    stream.level_buf_size = (uint32_t)scratch_size;
    stream.gzip_flag = IGZIP_GZIP;  // default header: mtime 0, OS 255; stable across runs
    stream.end_of_stream = 1;
    stream.flush = NO_FLUSH;
    stream.next_in = (uint8_t *)input;
    stream.avail_in = (uint32_t)length;
    stream.next_out = output;
    stream.avail_out = (uint32_t)capacity;
    int status = isal_run(&stream);
    long produced = (long)stream.total_out;
    int finished = stream.internal_state.state == ZSTATE_END;
    free(scratch);
    return (status == COMP_OK && finished) ? produced : -1;
}
#endif

tf_deflate_engine tf_deflate_best_engine(void) {
#ifdef TF_HAVE_ISAL_HEADERS
    pthread_once(&isal_once, load_isal);
    if (isal_run) return TF_DEFLATE_ISAL;
#endif
    return TF_DEFLATE_ZLIB;
}

long tf_gzip_member(tf_deflate_engine engine, int level, const uint8_t *input, size_t length,
                    uint8_t *output, size_t capacity) {
#ifdef TF_HAVE_ISAL_HEADERS
    if (engine == TF_DEFLATE_ISAL && tf_deflate_best_engine() == TF_DEFLATE_ISAL)
        return isal_member(level, input, length, output, capacity);
#endif
    (void)engine;
    return zlib_member(level, input, length, output, capacity);
}
