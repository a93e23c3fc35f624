#ifndef KIOSQUE_HASH_LANES_H
#define KIOSQUE_HASH_LANES_H

#include <stddef.h>
#include <stdint.h>

/// HMAC-SHA256 (RFC 2104) under one key, for many short values at once: the key's inner and
/// outer SHA-256 states are computed once, and values of up to 55 bytes (one block) are hashed
/// 16 or 8 at a time in SIMD lanes when the CPU has AVX-512 or AVX2.

/// The SHA-256 states after the key's inner and outer pad blocks.
typedef struct {
    uint32_t inner[8];
    uint32_t outer[8];
} kq_hmac_key;

/// Prepares `key` (any length; longer than 64 bytes is hashed first, as RFC 2104 says).
void kq_hmac_prepare(kq_hmac_key *key, const uint8_t *bytes, size_t length);

/// HMAC-SHA256 of one value of any length into `digest` (32 bytes).
void kq_hmac_one(const kq_hmac_key *key, const uint8_t *value, size_t length, uint8_t *digest);

/// HMAC-SHA256 of `count` values into `digests` (32 bytes each, in order). Values longer than
/// 55 bytes are hashed one at a time; the others `lanes` at a time: 0 for the most this CPU
/// has, or 1, 8 or 16 (tests compare them), never more than the CPU has.
void kq_hmac_many(const kq_hmac_key *key, const uint8_t *const *values, const size_t *lengths, size_t count,
                  uint8_t *digests, int lanes);

/// How many values this CPU hashes at once: 16 with AVX-512, 8 with AVX2, otherwise 1.
int kq_hmac_lanes(void);

#endif
