#include "hash_lanes.h"

#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t IV[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t load_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The 64 rounds of SHA-256 on state S with message words W[16] (a rolling schedule), for scalars
   and vectors alike: T is uint32_t or a vector of them. */
#define ROTR(T, x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define ROUNDS(T, S, W)                                                                             \
    do {                                                                                            \
        T a = S[0], b = S[1], c = S[2], d = S[3], e = S[4], f = S[5], g = S[6], h = S[7];            \
        _Pragma("clang loop unroll(full)")                                                          \
        for (int t = 0; t < 64; t++) {                                                              \
            T word;                                                                                 \
            if (t < 16) {                                                                           \
                word = W[t];                                                                        \
            } else {                                                                                \
                T w15 = W[(t + 1) & 15], w2 = W[(t + 14) & 15];                                     \
                T s0 = ROTR(T, w15, 7) ^ ROTR(T, w15, 18) ^ (w15 >> 3);                             \
                T s1 = ROTR(T, w2, 17) ^ ROTR(T, w2, 19) ^ (w2 >> 10);                              \
                word = W[t & 15] + s0 + W[(t + 9) & 15] + s1;                                       \
                W[t & 15] = word;                                                                   \
            }                                                                                       \
            T sum1 = ROTR(T, e, 6) ^ ROTR(T, e, 11) ^ ROTR(T, e, 25);                               \
            T choose = (e & f) ^ (~e & g);                                                          \
            T first = h + sum1 + choose + K[t] + word;                                              \
            T sum0 = ROTR(T, a, 2) ^ ROTR(T, a, 13) ^ ROTR(T, a, 22);                               \
            T majority = (a & b) ^ (a & c) ^ (b & c);                                               \
            T second = sum0 + majority;                                                             \
            h = g; g = f; f = e; e = d + first;                                                     \
            d = c; c = b; b = a; a = first + second;                                                \
        }                                                                                           \
        S[0] += a; S[1] += b; S[2] += c; S[3] += d; S[4] += e; S[5] += f; S[6] += g; S[7] += h;      \
    } while (0)

static void compress(uint32_t state[8], const uint8_t block[64]) {
    uint32_t w[16];
    for (int t = 0; t < 16; t++) w[t] = load_be32(block + 4 * t);
    ROUNDS(uint32_t, state, w);
}

/* SHA-256 of `length` bytes after `prefix` whole blocks already folded into `state`. */
static void finish(uint32_t state[8], uint64_t prefix, const uint8_t *bytes, size_t length, uint8_t digest[32]) {
    size_t whole = length / 64 * 64;
    for (size_t offset = 0; offset < whole; offset += 64) compress(state, bytes + offset);
    uint8_t block[128] = {0};
    size_t rest = length - whole;
    memcpy(block, bytes + whole, rest);
    block[rest] = 0x80;
    size_t size = rest < 56 ? 64 : 128;
    uint64_t bits = (prefix * 64 + (uint64_t)length) * 8;
    for (int i = 0; i < 8; i++) block[size - 1 - i] = (uint8_t)(bits >> (8 * i));
    compress(state, block);
    if (size == 128) compress(state, block + 64);
    for (int i = 0; i < 8; i++) store_be32(digest + 4 * i, state[i]);
    memset(block, 0, sizeof block);
}

void kq_hmac_prepare(kq_hmac_key *key, const uint8_t *bytes, size_t length) {
    uint8_t block[64] = {0};
    if (length > 64) {
        uint32_t state[8];
        memcpy(state, IV, sizeof state);
        finish(state, 0, bytes, length, block);
    } else if (length > 0) {
        memcpy(block, bytes, length);
    }
    uint8_t pad[64];
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
    memcpy(key->inner, IV, sizeof IV);
    compress(key->inner, pad);
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5c;
    memcpy(key->outer, IV, sizeof IV);
    compress(key->outer, pad);
    memset(block, 0, sizeof block);
    memset(pad, 0, sizeof pad);
}

void kq_hmac_one(const kq_hmac_key *key, const uint8_t *value, size_t length, uint8_t *digest) {
    uint32_t state[8];
    uint8_t inner[32];
    memcpy(state, key->inner, sizeof state);
    finish(state, 1, value, length, inner);
    memcpy(state, key->outer, sizeof state);
    finish(state, 1, inner, 32, digest);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define HAVE_LANES 1

#define LANES 16
#define VEC u32x16
#define NAME hmac_lanes16
#define TARGET __attribute__((target("avx512f,avx512vl")))
typedef uint32_t u32x16 __attribute__((vector_size(64)));
#include "sha256_lanes_body.inc"
#undef LANES
#undef VEC
#undef NAME
#undef TARGET

#define LANES 8
#define VEC u32x8
#define NAME hmac_lanes8
#define TARGET __attribute__((target("avx2")))
typedef uint32_t u32x8 __attribute__((vector_size(32)));
#include "sha256_lanes_body.inc"
#undef LANES
#undef VEC
#undef NAME
#undef TARGET
#endif

int kq_hmac_lanes(void) {
#ifdef HAVE_LANES
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")) return 16;
    if (__builtin_cpu_supports("avx2")) return 8;
#endif
    return 1;
}

void kq_hmac_many(const kq_hmac_key *key, const uint8_t *const *values, const size_t *lengths, size_t count,
                  uint8_t *digests, int lanes) {
    int best = kq_hmac_lanes();
    if (lanes <= 0 || lanes > best) lanes = best;
    lanes = lanes >= 16 ? 16 : lanes >= 8 ? 8 : 1;
#ifdef HAVE_LANES
    if (lanes > 1) {
        const uint8_t *group[16];
        size_t groupLengths[16], positions[16];
        uint8_t out[16 * 32];
        int filled = 0;
        for (size_t index = 0; index <= count; index++) {
            if (index < count && lengths[index] > 55) {
                kq_hmac_one(key, values[index], lengths[index], digests + 32 * index);
                continue;
            }
            if (index < count) {
                group[filled] = values[index];
                groupLengths[filled] = lengths[index];
                positions[filled] = index;
                filled++;
            }
            if (filled == lanes || (index == count && filled > 0)) {
                /* A partial group repeats its first value in the free lanes. */
                for (int lane = filled; lane < lanes; lane++) {
                    group[lane] = group[0];
                    groupLengths[lane] = groupLengths[0];
                }
                if (lanes == 16) hmac_lanes16(key, group, groupLengths, out);
                else hmac_lanes8(key, group, groupLengths, out);
                for (int lane = 0; lane < filled; lane++) memcpy(digests + 32 * positions[lane], out + 32 * lane, 32);
                filled = 0;
            }
        }
        memset(out, 0, sizeof out);
        return;
    }
#endif
    for (size_t index = 0; index < count; index++) kq_hmac_one(key, values[index], lengths[index], digests + 32 * index);
}
