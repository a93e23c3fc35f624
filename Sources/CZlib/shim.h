#ifndef KIOSQUE_CZLIB_SHIM_H
#define KIOSQUE_CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros: Swift sees them through these functions. */

static inline int kiosque_deflate_init_gzip(z_streamp stream, int level) {
    /* windowBits 15 + 16 writes a gzip wrapper; memLevel 8 is zlib's default. */
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

static inline int kiosque_deflate_init_raw(z_streamp stream, int level) {
    /* Negative windowBits: raw deflate data without a wrapper, as a ZIP member holds it. */
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

static inline int kiosque_inflate_init_auto(z_streamp stream) {
    /* windowBits 15 + 32 accepts both zlib and gzip wrappers. */
    return inflateInit2(stream, 15 + 32);
}

static inline int kiosque_inflate_init_raw(z_streamp stream) {
    /* Negative windowBits: raw deflate data without a wrapper, as ZIP archives hold it. */
    return inflateInit2(stream, -15);
}

#endif
