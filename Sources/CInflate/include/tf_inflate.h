#ifndef TRIPLETFORGE_INFLATE_H
#define TRIPLETFORGE_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/// A streaming gunzip over a file of one or more concatenated gzip members (RFC 1952), with zlib.
/// Used by `tripletforge validate` to re-read shards exactly as a consumer would.
typedef struct tf_gunzip tf_gunzip;

typedef enum {
    /// Needs more input (or more output room): call again.
    TF_GUNZIP_MORE = 0,
    /// A member ended (its CRC-32 and length checked); the next bytes must start a new member.
    TF_GUNZIP_MEMBER_END = 1,
    /// The data is not valid gzip; tf_gunzip_message says why.
    TF_GUNZIP_ERROR = -1,
} tf_gunzip_status;

tf_gunzip *tf_gunzip_new(void);
void tf_gunzip_free(tf_gunzip *g);

/// Inflates from `input` into `output`; sets how much of each was used.
tf_gunzip_status tf_gunzip_run(tf_gunzip *g, const uint8_t *input, size_t input_length, size_t *input_used,
                               uint8_t *output, size_t output_capacity, size_t *output_made);

/// Whether a member has started and not yet ended (at end of file: the file is truncated).
int tf_gunzip_in_member(const tf_gunzip *g);

/// zlib's explanation of the last error.
const char *tf_gunzip_message(const tf_gunzip *g);

#endif
