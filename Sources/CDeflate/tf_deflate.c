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

long tf_gunzip(const uint8_t *input, size_t length, uint8_t **output) {
    size_t capacity = length * 4 + 4096, used = 0;
    uint8_t *buffer = malloc(capacity);
    if (!buffer) return -1;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) { free(buffer); return -1; }
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    for (;;) {
        if (used == capacity) {
            capacity *= 2;
            uint8_t *grown = realloc(buffer, capacity);
            if (!grown) { inflateEnd(&stream); free(buffer); return -1; }
            buffer = grown;
        }
        stream.next_out = buffer + used;
        stream.avail_out = (uInt)(capacity - used);
        int status = inflate(&stream, Z_NO_FLUSH);
        used = capacity - stream.avail_out;
        if (status == Z_STREAM_END) {
            if (stream.avail_in == 0) break;
            inflateReset(&stream);  /* the next gzip member */
        } else if (status != Z_OK && !(status == Z_BUF_ERROR && stream.avail_out == 0)) {
            inflateEnd(&stream); free(buffer); return -1;
        }
        if (stream.avail_in == 0 && status != Z_STREAM_END && stream.avail_out != 0) {
            inflateEnd(&stream); free(buffer); return -1;  /* truncated */
        }
    }
    inflateEnd(&stream);
    *output = buffer;
    return (long)used;
}
