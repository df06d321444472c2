#ifndef TRIPLETFORGE_DEFLATE_H
#define TRIPLETFORGE_DEFLATE_H

#include <stddef.h>
#include <stdint.h>

/// Which deflate implementation compresses gzip members.
typedef enum { TF_DEFLATE_ZLIB = 0, TF_DEFLATE_ISAL = 1 } tf_deflate_engine;

/// The fastest engine this process can use: ISA-L (igzip) when its shared library loads,
/// else zlib. ISA-L is looked up at run time, so a build without it still works.
tf_deflate_engine tf_deflate_best_engine(void);

/// An upper bound on the size of one gzip member for `length` input bytes.
size_t tf_gzip_bound(size_t length);

/// Compresses `input` into one complete gzip member (header mtime 0, OS 3) in `output`.
/// Returns the member's size, or -1 on failure. Thread-safe: no shared state.
long tf_gzip_member(tf_deflate_engine engine, int level, const uint8_t *input, size_t length,
                    uint8_t *output, size_t capacity);

#endif
