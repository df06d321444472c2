#include "tf_inflate.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

struct tf_gunzip {
    z_stream z;
    int in_member;
    char message[128];
};

tf_gunzip *tf_gunzip_new(void) {
    tf_gunzip *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    // 16 + MAX_WBITS: expect a gzip header and trailer (and check CRC-32 and ISIZE).
    if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) { free(g); return NULL; }
    return g;
}

void tf_gunzip_free(tf_gunzip *g) {
    if (!g) return;
    inflateEnd(&g->z);
    free(g);
}

int tf_gunzip_in_member(const tf_gunzip *g) { return g->in_member; }

const char *tf_gunzip_message(const tf_gunzip *g) { return g->message; }

tf_gunzip_status tf_gunzip_run(tf_gunzip *g, const uint8_t *input, size_t input_length, size_t *input_used,
                               uint8_t *output, size_t output_capacity, size_t *output_made) {
    g->z.next_in = (Bytef *)input;
    g->z.avail_in = (uInt)input_length;
    g->z.next_out = output;
    g->z.avail_out = (uInt)output_capacity;
    if (input_length > 0) g->in_member = 1;
    int status = inflate(&g->z, Z_NO_FLUSH);
    *input_used = input_length - g->z.avail_in;
    *output_made = output_capacity - g->z.avail_out;
    switch (status) {
    case Z_STREAM_END:
        g->in_member = 0;
        inflateReset(&g->z);
        return TF_GUNZIP_MEMBER_END;
    case Z_OK:
    case Z_BUF_ERROR:  // no progress possible: needs more input or output
        return TF_GUNZIP_MORE;
    default:
        snprintf(g->message, sizeof g->message, "%s", g->z.msg ? g->z.msg : "invalid deflate data");
        return TF_GUNZIP_ERROR;
    }
}
