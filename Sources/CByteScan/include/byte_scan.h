#ifndef KIOSQUE_BYTE_SCAN_H
#define KIOSQUE_BYTE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Searches for the first byte of a class in a short run of bytes (a CSV or JSON cell), sixteen
// bytes at a time with SSE2, one at a time elsewhere. Header-only and inline on purpose: they
// run once per cell, where a function call would cost as much as the search.
//
// The SSE2 versions read whole 16-byte blocks at 16-byte-aligned addresses, starting with the
// block that holds `bytes` and ending with the one that holds its last byte. An aligned block
// never crosses a page, so the bytes read around the run are always mapped; they are masked out
// and never looked at. AddressSanitizer would flag those reads as overflows, hence the attribute.

#if defined(__has_attribute)
#if __has_attribute(no_sanitize)
#define KQ_WHOLE_BLOCKS __attribute__((no_sanitize("address")))
#endif
#endif
#ifndef KQ_WHOLE_BLOCKS
#define KQ_WHOLE_BLOCKS
#endif

/// Which bytes a search stops at.
enum { KQ_ANY4 = 0, KQ_JSON = 1, KQ_NON_ASCII = 2, KQ_CONTROL = 3 };

#if defined(__SSE2__)
/// Bit i set when byte i of `block` is one of the four.
static inline unsigned kq_block_any4(__m128i block, __m128i a, __m128i b, __m128i c, __m128i d) {
    __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, a), _mm_cmpeq_epi8(block, b)),
                                _mm_or_si128(_mm_cmpeq_epi8(block, c), _mm_cmpeq_epi8(block, d)));
    return (unsigned)_mm_movemask_epi8(hits);
}

/// Bit i set when byte i of `block` must be escaped in a JSON string: below 0x20, `"`, `\`, 0x7F.
static inline unsigned kq_block_json(__m128i block) {
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1F)), block);
    __m128i hits = _mm_or_si128(_mm_or_si128(control, _mm_cmpeq_epi8(block, _mm_set1_epi8('"'))),
                                _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\\')),
                                             _mm_cmpeq_epi8(block, _mm_set1_epi8(0x7F))));
    return (unsigned)_mm_movemask_epi8(hits);
}

/// Bit i set when byte i of `block` is a control character text should not hold: below 0x20 but
/// tab, line feed and carriage return, or 0x7F.
static inline unsigned kq_block_control(__m128i block) {
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(block, _mm_set1_epi8(0x1F)), block);
    __m128i allowed = _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\t')),
                                   _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\r'))));
    __m128i hits = _mm_or_si128(_mm_andnot_si128(allowed, control), _mm_cmpeq_epi8(block, _mm_set1_epi8(0x7F)));
    return (unsigned)_mm_movemask_epi8(hits);
}

/// Bit i set when byte i of `block` belongs to the class `kind`.
static inline unsigned kq_block_hits(__m128i block, int kind, __m128i a, __m128i b, __m128i c, __m128i d) {
    if (kind == KQ_JSON) return kq_block_json(block);
    if (kind == KQ_CONTROL) return kq_block_control(block);
    if (kind == KQ_NON_ASCII) return (unsigned)_mm_movemask_epi8(block);
    return kq_block_any4(block, a, b, c, d);
}

/// The search itself: `kind` picks the class (a constant once inlined); `a`-`d` are the four bytes of `KQ_ANY4`.
KQ_WHOLE_BLOCKS
static inline size_t kq_find_sse2(const uint8_t *bytes, size_t count, int kind, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
    const __m128i vc = _mm_set1_epi8((char)c), vd = _mm_set1_epi8((char)d);
    const size_t skip = (uintptr_t)bytes & 15;
    __m128i block = _mm_load_si128((const __m128i *)(bytes - skip));
    unsigned hits = kq_block_hits(block, kind, va, vb, vc, vd) >> skip;
    if (hits != 0) {
        size_t first = (size_t)__builtin_ctz(hits);
        return first < count ? first : count;
    }
    for (size_t done = 16 - skip; done < count; done += 16) {
        block = _mm_load_si128((const __m128i *)(bytes + done));
        hits = kq_block_hits(block, kind, va, vb, vc, vd);
        if (hits != 0) {
            size_t first = done + (size_t)__builtin_ctz(hits);
            return first < count ? first : count;
        }
    }
    return count;
}
#endif

/// Whether `byte` belongs to the class `kind`: the byte-by-byte form of the searches.
static inline int kq_byte_hits(uint8_t byte, int kind, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    if (kind == KQ_JSON) return byte < 0x20 || byte == '"' || byte == '\\' || byte == 0x7F;
    if (kind == KQ_NON_ASCII) return byte >= 0x80;
    if (kind == KQ_CONTROL) return (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F;
    return byte == a || byte == b || byte == c || byte == d;
}

/// The index of the first byte of `bytes[0..<count]` in the class `kind`; `count` when none is.
static inline size_t kq_find(const uint8_t *bytes, size_t count, int kind, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    if (count == 0) return 0;
#if defined(__SSE2__)
    return kq_find_sse2(bytes, count, kind, a, b, c, d);
#else
    for (size_t index = 0; index < count; index++) {
        if (kq_byte_hits(bytes[index], kind, a, b, c, d)) return index;
    }
    return count;
#endif
}

/// The first byte equal to `a`, `b`, `c` or `d`.
static inline size_t kq_find_any4(const uint8_t *bytes, size_t count, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return kq_find(bytes, count, KQ_ANY4, a, b, c, d);
}

/// The first byte a JSON string must escape: below 0x20, `"`, `\` or 0x7F.
static inline size_t kq_find_json_escape(const uint8_t *bytes, size_t count) {
    return kq_find(bytes, count, KQ_JSON, 0, 0, 0, 0);
}

/// The first control character text should not hold: below 0x20 but tab, line feed and
/// carriage return, or 0x7F.
static inline size_t kq_find_control(const uint8_t *bytes, size_t count) {
    return kq_find(bytes, count, KQ_CONTROL, 0, 0, 0, 0);
}

/// The first byte that is not ASCII (0x80 or above).
static inline size_t kq_find_non_ascii(const uint8_t *bytes, size_t count) {
    return kq_find(bytes, count, KQ_NON_ASCII, 0, 0, 0, 0);
}

/// The first `Ã` (C3 83), `Â` (C3 82) or `â` (C3 A2) in a long run of bytes (a chunk of a source),
/// where text encoded twice begins; `count` when there is none. Unlike the searches above it reads
/// only `bytes[0..<count]` (unaligned blocks and a byte-by-byte tail): it runs once per chunk.
static inline size_t kq_find_double_encoding_lead(const uint8_t *bytes, size_t count) {
    size_t index = 0;
#if defined(__SSE2__)
    const __m128i lead = _mm_set1_epi8((char)0xC3);
    const __m128i tilde = _mm_set1_epi8((char)0x83), circumflex = _mm_set1_epi8((char)0x82), small = _mm_set1_epi8((char)0xA2);
    for (; index + 17 <= count; index += 16) {
        __m128i first = _mm_loadu_si128((const __m128i *)(bytes + index));
        __m128i second = _mm_loadu_si128((const __m128i *)(bytes + index + 1));
        __m128i follows = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(second, tilde), _mm_cmpeq_epi8(second, circumflex)),
                                       _mm_cmpeq_epi8(second, small));
        unsigned hits = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(first, lead), follows));
        if (hits != 0) return index + (size_t)__builtin_ctz(hits);
    }
#endif
    for (; index + 1 < count; index++) {
        uint8_t next = bytes[index + 1];
        if (bytes[index] == 0xC3 && (next == 0x83 || next == 0x82 || next == 0xA2)) return index;
    }
    return count;
}

/// Asks the CPU to bring the cache line at `address` in for writing (a hint: nothing happens
/// if it cannot). For a hash table slot read a few hundred nanoseconds later.
static inline void kq_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
