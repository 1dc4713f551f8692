/* The flat JSON Lines scan (storage/formats/flatjsonl.py) in C, for the bulk case.
 *
 * A Scanner takes whole lines of a block and stages each one it can prove the Python scan
 * would stage identically: a flat object whose question and answer are non-blank text, with
 * no flag fields, no duplicate keys, valid UTF-8, and extra fields that orjson would write back
 * exactly as this file does (strings, integers of up to 18 digits, short decimal floats, true,
 * false, null, arrays and objects of those). Any other line is handed back ("punted") so the
 * Python code decides, with `add` to stage what it accepts: the two paths share one batch, one
 * context table and one set of pair ids, so the order of a file is kept.
 *
 * Columns are built as Arrow buffers (int32 offsets, data, validity bitmaps) that Python wraps
 * with pyarrow.Array.from_buffers. Ids are SHA-256 as in flatjsonl.context_hash / pair_hash.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------- growable buffers */

typedef struct {
    char *p;
    size_t n, cap;
} Buf;

static int buf_reserve(Buf *b, size_t extra) {
    if (b->n + extra <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + extra) cap *= 2;
    char *p = PyMem_Realloc(b->p, cap);
    if (!p) {
        PyErr_NoMemory();
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static inline int buf_put(Buf *b, const void *s, size_t n) {
    if (n == 0) return 0; /* s may be NULL then, which memcpy must not see */
    if (buf_reserve(b, n) < 0) return -1;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    return 0;
}

static inline int buf_byte(Buf *b, char c) { return buf_put(b, &c, 1); }

static void buf_free(Buf *b) {
    PyMem_Free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* ---------------------------------------------------------------- Arrow columns */

typedef struct {
    Buf off, data, valid;
    Py_ssize_t rows, nulls;
} Col; /* a string column (off used) or an int64 column (off unused) */

static int col_valid(Col *c, int ok) {
    if ((c->rows & 7) == 0 && buf_byte(&c->valid, 0) < 0) return -1;
    if (ok)
        c->valid.p[c->rows >> 3] |= (char)(1 << (c->rows & 7));
    else
        c->nulls++;
    c->rows++;
    return 0;
}

static int col_str(Col *c, const char *s, size_t n, int ok) {
    if (c->off.n == 0) {
        int32_t zero = 0;
        if (buf_put(&c->off, &zero, 4) < 0) return -1;
    }
    if (ok && buf_put(&c->data, s, n) < 0) return -1;
    int32_t end = (int32_t)c->data.n;
    if (buf_put(&c->off, &end, 4) < 0) return -1;
    return col_valid(c, ok);
}

static int col_i64(Col *c, int64_t v, int ok) {
    if (buf_put(&c->data, &v, 8) < 0) return -1;
    return col_valid(c, ok);
}

static void col_reset(Col *c) {
    c->off.n = c->data.n = c->valid.n = 0;
    c->rows = c->nulls = 0;
}

static void col_free(Col *c) {
    buf_free(&c->off);
    buf_free(&c->data);
    buf_free(&c->valid);
}

static PyObject *col_bytes(Buf *b) { return PyBytes_FromStringAndSize(b->p ? b->p : "", (Py_ssize_t)b->n); }

/* (rows, nulls, validity or None, offsets or None, data) for Python to wrap */
static PyObject *col_export(Col *c, int is_str) {
    PyObject *valid = c->nulls ? col_bytes(&c->valid) : Py_NewRef(Py_None);
    if (!valid) return NULL;
    PyObject *off;
    if (!is_str) {
        off = Py_NewRef(Py_None);
    } else {
        int32_t zero = 0;
        off = c->off.n == 0 && buf_put(&c->off, &zero, 4) < 0 ? NULL : col_bytes(&c->off);
    }
    PyObject *data = off ? col_bytes(&c->data) : NULL;
    if (!data) {
        Py_DECREF(valid);
        Py_XDECREF(off);
        return NULL;
    }
    return Py_BuildValue("nnNNN", c->rows, c->nulls, valid, off, data);
}

/* ---------------------------------------------------------------- SHA-256 */

/* OpenSSL's SHA-256 (hardware instructions where the CPU has them) when the process has
 * libcrypto loaded, which Python's hashlib does; else the portable code below. The contexts
 * are plain structs, so a hash state is copied by assignment either way. */
typedef struct {
    union {
        struct {
            uint32_t h[8];
            uint64_t len;
            uint8_t buf[64];
            size_t n;
        };
        unsigned char ossl[256];
    };
} Sha;

typedef int (*ossl_init_fn)(void *);
typedef int (*ossl_update_fn)(void *, const void *, size_t);
typedef int (*ossl_final_fn)(unsigned char *, void *);
static ossl_init_fn ossl_init;
static ossl_update_fn ossl_update;
static ossl_final_fn ossl_final;

static void use_openssl(void *lib) {
    if (!lib || ossl_init) return;
    ossl_init = (ossl_init_fn)dlsym(lib, "SHA256_Init");
    ossl_update = (ossl_update_fn)dlsym(lib, "SHA256_Update");
    ossl_final = (ossl_final_fn)dlsym(lib, "SHA256_Final");
    if (!(ossl_init && ossl_update && ossl_final)) ossl_init = NULL;
}

/* Called once, at module import: the libcrypto that Python's _hashlib links (looked up through
 * that module's own file, whatever the library's name), else one already loaded by name. */
static void find_openssl(void) {
    PyObject *hashlib = PyImport_ImportModule("_hashlib");
    PyObject *file = hashlib ? PyObject_GetAttrString(hashlib, "__file__") : NULL;
    const char *path = file ? PyUnicode_AsUTF8(file) : NULL;
    if (path) use_openssl(dlopen(path, RTLD_NOW | RTLD_NOLOAD));
    Py_XDECREF(file);
    Py_XDECREF(hashlib);
    PyErr_Clear();
    static const char *const names[] = {"libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.3.dylib"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) use_openssl(dlopen(names[i], RTLD_NOW | RTLD_NOLOAD));
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(uint32_t *h, const uint8_t *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
               p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

static void sha_init(Sha *s) {
    if (ossl_init) {
        ossl_init(s->ossl);
        return;
    }
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->len = 0;
    s->n = 0;
}

static void sha_update(Sha *s, const void *data, size_t n) {
    if (ossl_init) {
        ossl_update(s->ossl, data, n);
        return;
    }
    const uint8_t *p = data;
    s->len += n;
    if (s->n) {
        size_t take = 64 - s->n < n ? 64 - s->n : n;
        memcpy(s->buf + s->n, p, take);
        s->n += take;
        p += take;
        n -= take;
        if (s->n < 64) return;
        sha_block(s->h, s->buf);
        s->n = 0;
    }
    for (; n >= 64; n -= 64, p += 64) sha_block(s->h, p);
    memcpy(s->buf, p, n);
    s->n = n;
}

/* The portable code's padding and length; the digest's first 8 bytes. */
static uint64_t sha_portable_final(Sha *s) {
    uint64_t bits = s->len * 8;
    uint8_t pad[72] = {0x80};
    size_t fill = (s->n < 56 ? 56 : 120) - s->n;
    for (int i = 0; i < 8; i++) pad[fill + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha_update(s, pad, fill + 8);
    return (uint64_t)s->h[0] << 32 | s->h[1];
}

/* The first 16 hex digits of the digest (8 bytes), as flatjsonl's `hexdigest()[:16]`. */
static uint64_t sha_final16(Sha *s, char hex[16]) {
    static const char digits[] = "0123456789abcdef";
    uint64_t top = 0;
    if (ossl_init) {
        unsigned char md[32];
        ossl_final(md, s->ossl);
        for (int i = 0; i < 8; i++) top = top << 8 | md[i];
    } else {
        top = sha_portable_final(s);
    }
    for (int i = 0; i < 8; i++) {
        uint8_t byte = (uint8_t)(top >> (56 - 8 * i));
        hex[2 * i] = digits[byte >> 4];
        hex[2 * i + 1] = digits[byte & 15];
    }
    return top;
}

/* ---------------------------------------------------------------- text tests */

/* Python's `str.isascii() and str.isprintable() and "  " not in s` on UTF-8 bytes. */
static int plain(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c > 0x7e) return 0;
        if (c == ' ' && i + 1 < n && s[i + 1] == ' ') return 0;
    }
    return 1;
}

/* Python's str.isspace() for a code point above ASCII. */
static int wide_space(uint32_t cp) {
    return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* Whether `str.strip()` leaves text, on valid UTF-8: some character is not Python whitespace. */
static int nonblank(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            if (!(c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f))) return 1;
            p++;
            continue;
        }
        uint32_t cp;
        if (c < 0xe0) {
            cp = (uint32_t)(c & 0x1f) << 6 | (p[1] & 0x3f);
            p += 2;
        } else if (c < 0xf0) {
            cp = (uint32_t)(c & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
            p += 3;
        } else {
            return 1; /* above U+FFFF: no spaces there */
        }
        if (!wide_space(cp)) return 1;
    }
    return 0;
}

/* Characters (code points) of valid UTF-8. */
static size_t chars(const char *s, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += ((unsigned char)s[i] & 0xc0) != 0x80;
    return count;
}

/* Length of the valid UTF-8 sequence at p (first byte >= 0x80), 0 when invalid. */
static int utf8_len(const unsigned char *p, const unsigned char *end) {
    unsigned char c = p[0];
    if (c >= 0xc2 && c <= 0xdf) {
        if (end - p >= 2 && (p[1] & 0xc0) == 0x80) return 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        if (end - p < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80) return 0;
        if (c == 0xe0 && p[1] < 0xa0) return 0; /* overlong */
        if (c == 0xed && p[1] > 0x9f) return 0; /* surrogate */
        return 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
        if (end - p < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
            return 0;
        if (c == 0xf0 && p[1] < 0x90) return 0;
        if (c == 0xf4 && p[1] > 0x8f) return 0;
        return 4;
    }
    return 0;
}

static int put_utf8(Buf *b, uint32_t cp) {
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xc0 | cp >> 6);
        s[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xe0 | cp >> 12);
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        s[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        s[0] = (char)(0xf0 | cp >> 18);
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        s[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return buf_put(b, s, n);
}

/* ---------------------------------------------------------------- JSON */

#define PUNT (-2) /* the line goes back to Python */
#define FAIL (-1) /* a Python exception is set */

typedef struct {
    const char *raw; /* the string's bytes between the quotes, as written */
    size_t n;
    int escaped; /* has a backslash: `raw` is not the text */
} Str;

static inline const char *skip_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    return p;
}

/* A string starting after its opening quote: sets `s`, returns the byte after the closing
 * quote, or NULL when the line needs Python (bad UTF-8, raw control characters, no end). */
static const char *scan_string(const char *p, const char *end, Str *s) {
    const char *start = p;
    int escaped = 0;
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    while (p < end) {
#ifdef __SSE2__
        if (end - p >= 16) { /* sixteen plain ASCII bytes at once */
            __m128i v = _mm_loadu_si128((const __m128i *)p);
            __m128i hit = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))); /* signed: also every byte >= 0x80 */
            int mask = _mm_movemask_epi8(hit);
            if (!mask) {
                p += 16;
                continue;
            }
            p += __builtin_ctz((unsigned)mask);
            if (p >= end) break;
        }
#endif
        if (end - p >= 8) { /* eight plain ASCII bytes at once: no quote, backslash, control */
            uint64_t w, quote, slash;
            memcpy(&w, p, 8);
            quote = w ^ (ones * '"');
            slash = w ^ (ones * '\\');
            if (!((((quote - ones) & ~quote) | ((slash - ones) & ~slash) | ((w - ones * 0x20) & ~w) | w) &
                  high)) {
                p += 8;
                continue;
            }
        }
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            s->raw = start;
            s->n = (size_t)(p - start);
            s->escaped = escaped;
            return p + 1;
        }
        if (c == '\\') {
            escaped = 1;
            if (p + 1 >= end) return NULL;
            p += 2;
        } else if (c < 0x20) {
            return NULL;
        } else if (c < 0x80) {
            p++;
        } else {
            int len = utf8_len((const unsigned char *)p, (const unsigned char *)end);
            if (!len) return NULL;
            p += len;
        }
    }
    return NULL;
}

static int hex4(const char *p, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

/* The text of a scanned string (escapes resolved) appended to `out`; PUNT on an escape orjson
 * refuses (unknown, or a surrogate without its pair). */
static int decode(const Str *s, Buf *out) {
    if (!s->escaped) return buf_put(out, s->raw, s->n);
    const char *p = s->raw, *end = s->raw + s->n;
    while (p < end) {
        const char *q = memchr(p, '\\', (size_t)(end - p));
        if (!q) return buf_put(out, p, (size_t)(end - p));
        if (buf_put(out, p, (size_t)(q - p)) < 0) return FAIL;
        char e = q[1];
        p = q + 2;
        char c;
        switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                uint32_t cp, lo;
                if (end - p < 4 || !hex4(p, &cp)) return PUNT;
                p += 4;
                if (cp >= 0xdc00 && cp <= 0xdfff) return PUNT;
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) || lo < 0xdc00 ||
                        lo > 0xdfff)
                        return PUNT;
                    p += 6;
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                }
                if (put_utf8(out, cp) < 0) return FAIL;
                continue;
            }
            default: return PUNT;
        }
        if (buf_byte(out, c) < 0) return FAIL;
    }
    return 0;
}

/* Text written as orjson writes a str: quotes, backslashes and control characters escaped,
 * everything else as it is. */
static int write_text(Buf *out, const char *s, size_t n) {
    if (buf_reserve(out, n + 2) < 0) return FAIL;
    out->p[out->n++] = '"';
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (buf_put(out, s + run, i - run) < 0) return FAIL;
        run = i + 1;
        char esc[7];
        size_t len = 2;
        esc[0] = '\\';
        switch (c) {
            case '"': esc[1] = '"'; break;
            case '\\': esc[1] = '\\'; break;
            case '\b': esc[1] = 'b'; break;
            case '\t': esc[1] = 't'; break;
            case '\n': esc[1] = 'n'; break;
            case '\f': esc[1] = 'f'; break;
            case '\r': esc[1] = 'r'; break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                len = 6;
        }
        if (buf_put(out, esc, len) < 0) return FAIL;
    }
    if (buf_put(out, s + run, n - run) < 0) return FAIL;
    return buf_byte(out, '"');
}

/* A scanned string written as orjson would write its text. */
static int write_str(Buf *out, const Str *s, Buf *scratch) {
    if (!s->escaped) {
        if (buf_reserve(out, s->n + 2) < 0) return FAIL;
        out->p[out->n++] = '"';
        memcpy(out->p + out->n, s->raw, s->n);
        out->n += s->n;
        out->p[out->n++] = '"';
        return 0;
    }
    scratch->n = 0;
    int r = decode(s, scratch);
    if (r < 0) return r;
    return write_text(out, scratch->p, scratch->n);
}

enum { T_STR, T_INT, T_FLOAT, T_LIT, T_NULL, T_ARRAY, T_OBJECT };

/* A number at p: its end, and whether orjson writes it back exactly as it is written here
 * (integers of at most 18 digits other than -0; decimals without exponent of at most 15
 * significant digits whose fraction ends in a non-zero digit, or is a single 0, with at most
 * three zeros after the point of a number below one). NULL when it must go to Python. */
static const char *scan_number(const char *p, const char *end, int *type) {
    const char *start = p;
    if (p < end && *p == '-') p++;
    const char *digits = p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    size_t whole = (size_t)(p - digits);
    if (whole == 0 || (whole > 1 && *digits == '0')) return NULL;
    if (p < end && (*p == 'e' || *p == 'E')) return NULL;
    if (p >= end || *p != '.') {
        if (whole > 18 || (start[0] == '-' && whole == 1 && *digits == '0')) return NULL;
        *type = T_INT;
        return p;
    }
    const char *frac = ++p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    size_t fraction = (size_t)(p - frac);
    if (fraction == 0 || (p < end && (*p == 'e' || *p == 'E'))) return NULL;
    if (p[-1] == '0' && fraction != 1) return NULL;
    size_t significant;
    if (whole == 1 && *digits == '0') {
        size_t zeros = 0;
        while (zeros < fraction && frac[zeros] == '0') zeros++;
        if (zeros == fraction) { /* 0.0 or -0.0 */
            *type = T_FLOAT;
            return p;
        }
        if (zeros > 3) return NULL;
        significant = fraction - zeros;
    } else {
        significant = whole + (fraction == 1 && *frac == '0' ? 0 : fraction);
    }
    if (significant > 15) return NULL;
    *type = T_FLOAT;
    return p;
}

/* Parse one value at p; when `out` is set, write it there as orjson would. Returns the byte
 * after the value, or NULL with *err = PUNT or FAIL. */
static const char *value(const char *p, const char *end, Buf *out, Buf *scratch, int depth, int *type,
                         Str *str, int *err) {
    *err = PUNT;
    if (p >= end) return NULL;
    char c = *p;
    if (c == '"') {
        const char *q = scan_string(p + 1, end, str);
        if (!q) return NULL;
        if (str->escaped) { /* orjson refuses what `decode` refuses */
            scratch->n = 0;
            int r = decode(str, scratch);
            if (r < 0) {
                *err = r;
                return NULL;
            }
        }
        *type = T_STR;
        int r = out ? write_str(out, str, scratch) : 0;
        if (r < 0) {
            *err = r;
            return NULL;
        }
        return q;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        const char *q = scan_number(p, end, type);
        if (!q) return NULL;
        if (out && buf_put(out, p, (size_t)(q - p)) < 0) {
            *err = FAIL;
            return NULL;
        }
        return q;
    }
    static const char *const lits[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(lits[i]);
        if ((size_t)(end - p) >= n && memcmp(p, lits[i], n) == 0) {
            *type = i == 2 ? T_NULL : T_LIT;
            if (out && buf_put(out, p, n) < 0) {
                *err = FAIL;
                return NULL;
            }
            return p + n;
        }
    }
    if ((c != '[' && c != '{') || depth > 32) return NULL;
    int object = c == '{';
    *type = object ? T_OBJECT : T_ARRAY;
    if (out && buf_byte(out, c) < 0) {
        *err = FAIL;
        return NULL;
    }
    char close = object ? '}' : ']';
    Str keys[32];
    int count = 0;
    p = skip_ws(p + 1, end);
    if (p < end && *p == close) {
        if (out && buf_byte(out, close) < 0) {
            *err = FAIL;
            return NULL;
        }
        return p + 1;
    }
    for (;;) {
        if (count && out && buf_byte(out, ',') < 0) {
            *err = FAIL;
            return NULL;
        }
        if (object) {
            if (count >= 32 || p >= end || *p != '"') return NULL;
            Str *key = &keys[count];
            p = scan_string(p + 1, end, key);
            if (!p || key->escaped) return NULL;
            for (int k = 0; k < count; k++)
                if (keys[k].n == key->n && memcmp(keys[k].raw, key->raw, key->n) == 0) return NULL;
            if (out && write_str(out, key, scratch) < 0) {
                *err = FAIL;
                return NULL;
            }
            p = skip_ws(p, end);
            if (p >= end || *p != ':') return NULL;
            if (out && buf_byte(out, ':') < 0) {
                *err = FAIL;
                return NULL;
            }
            p = skip_ws(p + 1, end);
        }
        int inner;
        Str s;
        p = value(p, end, out, scratch, depth + 1, &inner, &s, err);
        if (!p) return NULL;
        *err = PUNT;
        count++;
        p = skip_ws(p, end);
        if (p >= end) return NULL;
        if (*p == close) break;
        if (*p != ',') return NULL;
        p = skip_ws(p + 1, end);
    }
    if (out && buf_byte(out, close) < 0) {
        *err = FAIL;
        return NULL;
    }
    return p + 1;
}

/* ---------------------------------------------------------------- the scanner */

typedef struct {
    int64_t key;
    uint64_t hash;
    int32_t row;   /* row in the batch's context columns */
    int has_id;    /* context id computed (else SQL computes it) */
    int has_state; /* prefix state valid (else ids are left to SQL) */
    char cid[16];
    Sha state; /* after 'normalised context + chr(31)' */
} Entry;

enum { R_Q = 1, R_A = 2, R_C = 4, R_DOC = 8, R_CHUNK = 16, R_KIND = 32 };

typedef struct {
    PyObject_HEAD
    Buf names[6]; /* question, answer, context, doc id, chunk, kind field names */
    int named[6]; /* 0 when the mapping has no such field (question/answer) */
    Buf *used;
    int nused;
    Py_ssize_t limit, batch;
    int64_t next_key;
    Py_ssize_t fast;
    int sql_ids;
    /* the batch */
    Col ord, ctx_key, cid, id, q, a, kind, doc, chunk, meta;
    Col c_key, c_text, c_cid;
    Entry *entries;
    Py_ssize_t nentries, centries;
    int32_t *slots;
    size_t nslots;
    Py_ssize_t last; /* entry of the previous line's context, -1 none */
    /* pair ids taken so far (first 64 bits), open addressing, 0 = empty */
    uint64_t *seen;
    size_t nseen, cseen;
    int seen_zero;
    Buf tq, ta, tc, tdoc, tchunk, tkind, tmeta, scratch;
    Sha none; /* sha256(chr(31)): the state of a pair without context */
    int ready;  /* initialised */
    int broken; /* an error (out of memory) left the batch half written */
} Scanner;

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 1099511628211ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ^ (h >> 31) ^ n;
}

static const char *ctx_text(Scanner *s, Entry *e, size_t *n) {
    int32_t *off = (int32_t *)s->c_text.off.p;
    *n = (size_t)(off[e->row + 1] - off[e->row]);
    return s->c_text.data.p + off[e->row];
}

/* 1 when the id was new (and is now taken), 0 when it repeats one already taken. */
static int seen_add(Scanner *s, uint64_t v) {
    if (v == 0) {
        if (s->seen_zero) return 0;
        s->seen_zero = 1;
        return 1;
    }
    if ((s->nseen + 1) * 2 > s->cseen) {
        size_t cap = s->cseen ? s->cseen * 2 : 1 << 16;
        uint64_t *table = PyMem_Calloc(cap, 8);
        if (!table) {
            PyErr_NoMemory();
            return -1;
        }
        for (size_t i = 0; i < s->cseen; i++) {
            uint64_t x = s->seen[i];
            if (!x) continue;
            size_t j = (size_t)(x * 0x9e3779b97f4a7c15ULL) & (cap - 1);
            while (table[j]) j = (j + 1) & (cap - 1);
            table[j] = x;
        }
        PyMem_Free(s->seen);
        s->seen = table;
        s->cseen = cap;
    }
    size_t j = (size_t)(v * 0x9e3779b97f4a7c15ULL) & (s->cseen - 1);
    while (s->seen[j]) {
        if (s->seen[j] == v) return 0;
        j = (j + 1) & (s->cseen - 1);
    }
    s->seen[j] = v;
    s->nseen++;
    return 1;
}

/* The batch's entry for a context text, added (with its key, id and hash state) when new. */
static Py_ssize_t context_entry(Scanner *s, const char *text, size_t n) {
    if (s->last >= 0) {
        size_t m;
        const char *t = ctx_text(s, &s->entries[s->last], &m);
        if (m == n && (n == 0 || memcmp(t, text, n) == 0)) return s->last;
    }
    uint64_t h = fnv(text, n);
    if ((size_t)(s->nentries + 1) * 2 > s->nslots) {
        size_t cap = s->nslots ? s->nslots * 2 : 1024;
        int32_t *slots = PyMem_Malloc(cap * sizeof(int32_t));
        if (!slots) {
            PyErr_NoMemory();
            return -1;
        }
        memset(slots, 0xff, cap * sizeof(int32_t));
        for (Py_ssize_t i = 0; i < s->nentries; i++) {
            size_t j = (size_t)s->entries[i].hash & (cap - 1);
            while (slots[j] >= 0) j = (j + 1) & (cap - 1);
            slots[j] = (int32_t)i;
        }
        PyMem_Free(s->slots);
        s->slots = slots;
        s->nslots = cap;
    }
    size_t j = (size_t)h & (s->nslots - 1);
    while (s->slots[j] >= 0) {
        Entry *e = &s->entries[s->slots[j]];
        size_t m;
        const char *t = ctx_text(s, e, &m);
        if (e->hash == h && m == n && (n == 0 || memcmp(t, text, n) == 0))
            return s->last = s->slots[j];
        j = (j + 1) & (s->nslots - 1);
    }
    if (s->nentries == s->centries) {
        Py_ssize_t cap = s->centries ? s->centries * 2 : 256;
        Entry *entries = PyMem_Realloc(s->entries, (size_t)cap * sizeof(Entry));
        if (!entries) {
            PyErr_NoMemory();
            return -1;
        }
        s->entries = entries;
        s->centries = cap;
    }
    Entry *e = &s->entries[s->nentries];
    e->key = s->next_key++;
    e->hash = h;
    e->row = (int32_t)s->c_text.rows;
    e->has_id = e->has_state = 0;
    if (plain(text, n)) { /* context_hash: strip spaces, hash */
        const char *b = text, *t = text + n;
        while (b < t && *b == ' ') b++;
        while (t > b && t[-1] == ' ') t--;
        if (t > b) {
            Sha id;
            sha_init(&id);
            sha_update(&id, b, (size_t)(t - b));
            sha_final16(&id, e->cid);
            e->has_id = 1;
        }
        sha_init(&e->state);
        sha_update(&e->state, b, (size_t)(t - b));
        sha_update(&e->state, "\x1f", 1);
        e->has_state = 1;
    }
    if (col_i64(&s->c_key, e->key, 1) < 0 || col_str(&s->c_text, text, n, 1) < 0 ||
        col_str(&s->c_cid, e->cid, 16, e->has_id) < 0)
        return -1;
    s->slots[j] = (int32_t)s->nentries;
    return s->last = s->nentries++;
}

static void trim_spaces(const char **p, size_t *n) {
    const char *b = *p, *t = *p + *n;
    while (b < t && *b == ' ') b++;
    while (t > b && t[-1] == ' ') t--;
    *p = b;
    *n = (size_t)(t - b);
}

/* Stage one accepted pair (texts as UTF-8; NULL for absent). Returns 1 when the batch is full,
 * 0 otherwise, -1 on error. */
static int stage(Scanner *s, int64_t number, const char *q, size_t nq, const char *a, size_t na,
                 const char *c, size_t nc, const char *kind, size_t nkind, const char *doc, size_t ndoc,
                 const char *chunk, size_t nchunk, const char *meta, size_t nmeta) {
    Entry *e = NULL;
    Sha state;
    int hashable;
    if (c) {
        Py_ssize_t k = context_entry(s, c, nc);
        if (k < 0) return -1;
        e = &s->entries[k];
        hashable = e->has_state;
        if (hashable) state = e->state;
    } else {
        hashable = 1;
        state = s->none;
    }
    s->fast++;
    char idhex[16];
    int has_id = 0;
    if (hashable && plain(q, nq) && plain(a, na)) {
        const char *tq = q, *ta = a;
        size_t mq = nq, ma = na;
        trim_spaces(&tq, &mq);
        trim_spaces(&ta, &ma);
        sha_update(&state, tq, mq);
        sha_update(&state, "\x1f", 1);
        sha_update(&state, ta, ma);
        int fresh = seen_add(s, sha_final16(&state, idhex));
        if (fresh < 0) return -1;
        if (!fresh) return 0;
        has_id = 1;
    } else {
        s->sql_ids = 1;
    }
    if (col_i64(&s->ord, number, 1) < 0 || col_i64(&s->ctx_key, e ? e->key : 0, e != NULL) < 0 ||
        col_str(&s->cid, e ? e->cid : "", 16, e && e->has_id) < 0 ||
        col_str(&s->id, idhex, 16, has_id) < 0 || col_str(&s->q, q, nq, 1) < 0 ||
        col_str(&s->a, a, na, 1) < 0 || col_str(&s->kind, kind, nkind, 1) < 0 ||
        col_str(&s->doc, doc, ndoc, doc != NULL) < 0 ||
        col_str(&s->chunk, chunk, nchunk, chunk != NULL) < 0 ||
        col_str(&s->meta, meta, nmeta, meta != NULL) < 0)
        return -1;
    /* a batch is also cut before any column's text could pass Arrow's 32-bit offsets */
    size_t most = s->c_text.data.n;
    Col *texts[] = {&s->q, &s->a, &s->meta, &s->doc, &s->chunk};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i]->data.n > most) most = texts[i]->data.n;
    if (s->ord.rows >= s->batch || most > (1u << 30)) return 1;
    return 0;
}

static const char *const KIND_NAMES[] = {"qa", "instruction", "chat"};

static int is_kind(const char *s, size_t n) {
    for (int i = 0; i < 3; i++)
        if (strlen(KIND_NAMES[i]) == n && memcmp(KIND_NAMES[i], s, n) == 0) return 1;
    return 0;
}

/* The text of a scanned string: its own bytes when it has no escapes, else decoded into tmp. */
static int text_of(const Str *s, Buf *tmp, const char **out, size_t *n) {
    if (!s->escaped) {
        *out = s->raw;
        *n = s->n;
        return 0;
    }
    tmp->n = 0;
    int r = decode(s, tmp);
    *out = tmp->p ? tmp->p : "";
    *n = tmp->n;
    return r;
}

/* Text of a doc id or chunk value for the stage (NULL: None or ""), from a string or integer. */
static int opt_text(int type, const Str *s, const char *num, size_t nnum, Buf *tmp, const char **out,
                    size_t *n) {
    *out = NULL;
    *n = 0;
    if (type == T_NULL) return 0;
    if (type == T_INT) {
        *out = num;
        *n = nnum;
        return 0;
    }
    if (type != T_STR) return PUNT;
    int r = text_of(s, tmp, out, n);
    if (r < 0) return r;
    if (*n == 0) *out = NULL;
    return 0;
}

#define MAXKEYS 64
/* The largest field limit (characters) the scanner takes: a field then holds at most 256 MB,
 * so a batch cut once a column passes 1 GB stays within Arrow's 32-bit offsets. */
#define MAX_LIMIT (1 << 26)

/* One line [p, end): 1 batch full, 0 staged or dropped as a repeat, PUNT or FAIL. */
static int line(Scanner *s, const char *p, const char *end, int64_t number) {
    p = skip_ws(p, end);
    if (p >= end || *p != '{') return PUNT;
    p = skip_ws(p + 1, end);
    Str keys[MAXKEYS];
    int count = 0, err;
    /* per role: present, type, string, number span */
    int has[6] = {0}, types[6] = {0};
    Str strs[6];
    const char *nums[6] = {0};
    size_t nnums[6] = {0};
    Buf *meta = &s->tmeta;
    meta->n = 0;
    if (buf_byte(meta, '{') < 0) return FAIL;
    int metas = 0;
    if (p < end && *p == '}') return PUNT; /* {}: no question */
    for (;;) {
        if (count >= MAXKEYS || p >= end || *p != '"') return PUNT;
        Str *key = &keys[count];
        p = scan_string(p + 1, end, key);
        if (!p || key->escaped) return PUNT;
        for (int k = 0; k < count; k++)
            if (keys[k].n == key->n && memcmp(keys[k].raw, key->raw, key->n) == 0) return PUNT;
        count++;
        if ((key->n == 13 && memcmp(key->raw, "is_impossible", 13) == 0) ||
            (key->n == 10 && memcmp(key->raw, "answerable", 10) == 0) ||
            (key->n == 4 && memcmp(key->raw, "meta", 4) == 0))
            return PUNT;
        p = skip_ws(p, end);
        if (p >= end || *p != ':') return PUNT;
        p = skip_ws(p + 1, end);
        int used = 0;
        for (int u = 0; u < s->nused && !used; u++)
            used = s->used[u].n == key->n && (key->n == 0 || memcmp(s->used[u].p, key->raw, key->n) == 0);
        Buf *out = NULL;
        if (!used) {
            if (metas++ && buf_byte(meta, ',') < 0) return FAIL;
            if (write_str(meta, key, &s->scratch) < 0 || buf_byte(meta, ':') < 0) return FAIL;
            out = meta;
        }
        int type;
        Str str;
        const char *start = p;
        p = value(p, end, out, &s->scratch, 0, &type, &str, &err);
        if (!p) return err;
        for (int r = 0; r < 6; r++) {
            if (!s->named[r] || s->names[r].n != key->n ||
                (key->n && memcmp(s->names[r].p, key->raw, key->n) != 0))
                continue;
            has[r] = 1;
            types[r] = type;
            strs[r] = str;
            nums[r] = start;
            nnums[r] = (size_t)(p - start);
        }
        p = skip_ws(p, end);
        if (p >= end) return PUNT;
        if (*p == '}') break;
        if (*p != ',') return PUNT;
        p = skip_ws(p + 1, end);
    }
    if (skip_ws(p + 1, end) != end) return PUNT;
    if (buf_byte(meta, '}') < 0) return FAIL;
    /* the roles: question and answer text, context text or null, doc id and chunk text,
     * integer or null, kind null or one of KIND_NAMES */
    enum { Q, A, C, DOC, CHUNK, KIND };
    if (!has[Q] || types[Q] != T_STR || !has[A] || types[A] != T_STR) return PUNT;
    if (has[C] && types[C] != T_STR && types[C] != T_NULL) return PUNT;
    int r;
    const char *q, *a, *c = NULL;
    size_t nq, na, nc = 0;
    if ((r = text_of(&strs[Q], &s->tq, &q, &nq)) < 0 || (r = text_of(&strs[A], &s->ta, &a, &na)) < 0)
        return r;
    if (has[C] && types[C] == T_STR && (r = text_of(&strs[C], &s->tc, &c, &nc)) < 0) return r;
    const char *doc, *chunk, *kind;
    size_t ndoc, nchunk, nkind;
    if ((r = opt_text(has[DOC] ? types[DOC] : T_NULL, &strs[DOC], nums[DOC], nnums[DOC], &s->tdoc, &doc,
                      &ndoc)) < 0 ||
        (r = opt_text(has[CHUNK] ? types[CHUNK] : T_NULL, &strs[CHUNK], nums[CHUNK], nnums[CHUNK],
                      &s->tchunk, &chunk, &nchunk)) < 0)
        return r;
    if (ndoc > 4 * (size_t)MAX_LIMIT || nchunk > 4 * (size_t)MAX_LIMIT) return PUNT; /* see MAX_LIMIT */
    if (has[KIND] && types[KIND] != T_NULL) {
        if (types[KIND] != T_STR) return PUNT;
        if ((r = text_of(&strs[KIND], &s->tkind, &kind, &nkind)) < 0) return r;
        if (!is_kind(kind, nkind)) return PUNT;
    } else if (c && nc) {
        kind = "qa";
        nkind = 2;
    } else {
        kind = "instruction";
        nkind = 11;
    }
    size_t limit = (size_t)s->limit;
    if ((nq > limit && chars(q, nq) > limit) || (na > limit && chars(a, na) > limit) ||
        (c && nc > limit && chars(c, nc) > limit))
        return PUNT;
    /* without a context text, doc id and chunk stay in meta: the general path's job */
    if (!(c && nonblank(c, nc)) && (doc || chunk)) return PUNT;
    if (!nonblank(q, nq) || !nonblank(a, na)) return PUNT;
    const char *m = NULL;
    size_t nm = 0;
    if (metas) {
        m = meta->p;
        nm = meta->n;
        if (nm > limit && chars(m, nm) > limit) return PUNT;
    }
    return stage(s, number, q, nq, a, na, c, nc, kind, nkind, doc, ndoc, chunk, nchunk, m, nm);
}

/* ---------------------------------------------------------------- Python type */

/* The batch's columns in the order `take` hands them over: STAGE_SCHEMA without answerable,
 * then CONTEXT_SCHEMA; IS_TEXT says which are strings (the others int64). */
enum { PAIR_COLS = 10, NCOLS = 13 };
static const int IS_TEXT[NCOLS] = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1};

static void columns(Scanner *s, Col *out[NCOLS]) {
    Col *all[NCOLS] = {&s->ord,   &s->ctx_key, &s->cid,   &s->id,    &s->q,      &s->a,    &s->kind,
                       &s->doc,   &s->chunk,   &s->meta,  &s->c_key, &s->c_text, &s->c_cid};
    memcpy(out, all, sizeof all);
}

static void reset_batch(Scanner *s) {
    Col *cols[NCOLS];
    columns(s, cols);
    for (int i = 0; i < NCOLS; i++) col_reset(cols[i]);
    s->nentries = 0;
    if (s->slots) memset(s->slots, 0xff, s->nslots * sizeof(int32_t));
    s->last = -1;
}

static void Scanner_dealloc(Scanner *s) {
    Col *cols[NCOLS];
    columns(s, cols);
    for (int i = 0; i < NCOLS; i++) col_free(cols[i]);
    Buf *bufs[] = {&s->tq, &s->ta, &s->tc, &s->tdoc, &s->tchunk, &s->tkind, &s->tmeta, &s->scratch};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) buf_free(bufs[i]);
    for (int i = 0; i < 6; i++) buf_free(&s->names[i]);
    for (int i = 0; i < s->nused; i++) buf_free(&s->used[i]);
    PyMem_Free(s->used);
    PyMem_Free(s->entries);
    PyMem_Free(s->slots);
    PyMem_Free(s->seen);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

static int utf8_of(PyObject *o, Buf *b) {
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(o, &n);
    if (!p) return -1;
    b->n = 0;
    return buf_put(b, p, (size_t)n);
}

/* Scanner(names, used, limit, batch, key_base): names = (question, answer, context, doc id,
 * chunk, kind) field names, question and answer may be None; used = the fields kept out of meta. */
static int Scanner_init(Scanner *s, PyObject *args, PyObject *kwds) {
    PyObject *names, *used;
    long long key_base;
    if (s->ready) {
        PyErr_SetString(PyExc_TypeError, "a Scanner is initialised once");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "O!O!nnL", &PyTuple_Type, &names, &PyTuple_Type, &used, &s->limit,
                          &s->batch, &key_base))
        return -1;
    if (s->limit < 0 || s->limit > MAX_LIMIT || s->batch < 1) {
        PyErr_SetString(PyExc_ValueError, "limit: 0 to 2**26 characters; batch: at least 1");
        return -1;
    }
    if (PyTuple_GET_SIZE(names) != 6) {
        PyErr_SetString(PyExc_ValueError, "names: six field names");
        return -1;
    }
    for (int i = 0; i < 6; i++) {
        PyObject *o = PyTuple_GET_ITEM(names, i);
        s->named[i] = o != Py_None;
        if (s->named[i] && utf8_of(o, &s->names[i]) < 0) return -1;
    }
    s->nused = (int)PyTuple_GET_SIZE(used);
    s->used = PyMem_Calloc((size_t)s->nused + 1, sizeof(Buf));
    if (!s->used) {
        PyErr_NoMemory();
        return -1;
    }
    for (int i = 0; i < s->nused; i++)
        if (utf8_of(PyTuple_GET_ITEM(used, i), &s->used[i]) < 0) return -1;
    s->next_key = key_base;
    s->last = -1;
    sha_init(&s->none);
    sha_update(&s->none, "\x1f", 1);
    s->ready = 1;
    return 0;
}

/* Methods run only on a scanner initialised and not broken by an earlier error. */
static int usable(Scanner *s) {
    if (s->ready && !s->broken) return 1;
    PyErr_SetString(PyExc_RuntimeError,
                    s->ready ? "the Scanner failed earlier; its batch is incomplete" : "Scanner not initialised");
    return 0;
}

/* scan(block, pos, cut, number) -> (pos, number, status): stage the lines of block[:cut] from
 * byte `pos` (line numbers after `number`) until they end (status 0), the batch is full (1), or
 * a line needs Python (2: `pos` is that line's start, `number` the line before it). */
static PyObject *Scanner_scan(Scanner *s, PyObject *args) {
    Py_buffer view;
    Py_ssize_t pos, cut;
    long long number;
    if (!usable(s) || !PyArg_ParseTuple(args, "y*nnL", &view, &pos, &cut, &number)) return NULL;
    if (pos < 0 || cut < pos || cut > view.len) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "scan: 0 <= pos <= cut <= len(block)");
        return NULL;
    }
    const char *base = view.buf, *end = base + cut;
    int status = 0;
    while (base + pos < end) {
        const char *p = base + pos;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        int r = line(s, p, stop, number + 1);
        if (r == FAIL) {
            s->broken = 1;
            PyBuffer_Release(&view);
            return NULL;
        }
        if (r == PUNT) {
            status = 2;
            break;
        }
        number++;
        pos = (Py_ssize_t)(stop - base) + (nl != NULL);
        if (r == 1) {
            status = 1;
            break;
        }
    }
    PyBuffer_Release(&view);
    return Py_BuildValue("nLi", pos, number, status);
}

/* add(number, question, answer, context, kind, doc_id, chunk, meta) -> batch full: stage a
 * line Python accepted (context, doc id, chunk and meta may be None). */
static PyObject *Scanner_add(Scanner *s, PyObject *args) {
    long long number;
    PyObject *o[7];
    if (!usable(s) ||
        !PyArg_ParseTuple(args, "LUUOUOOO", &number, &o[0], &o[1], &o[2], &o[3], &o[4], &o[5], &o[6]))
        return NULL;
    const char *t[7] = {0};
    Py_ssize_t n[7] = {0};
    for (int i = 0; i < 7; i++) {
        if (o[i] == Py_None) continue;
        if (!PyUnicode_Check(o[i])) {
            PyErr_SetString(PyExc_TypeError, "add: text or None expected");
            return NULL;
        }
        t[i] = PyUnicode_AsUTF8AndSize(o[i], &n[i]);
        if (!t[i]) return NULL;
    }
    int r = stage(s, number, t[0], (size_t)n[0], t[1], (size_t)n[1], t[2], (size_t)n[2], t[3],
                  (size_t)n[3], t[4], (size_t)n[4], t[5], (size_t)n[5], t[6], (size_t)n[6]);
    if (r < 0) {
        s->broken = 1;
        return NULL;
    }
    return PyBool_FromLong(r);
}

/* take() -> (pair columns, context columns): the batch's columns in STAGE_SCHEMA order without
 * `answerable`, then ctx_key, text, context_id; each (rows, nulls, validity, offsets, data).
 * The batch starts again empty. */
static PyObject *Scanner_take(Scanner *s, PyObject *unused) {
    (void)unused;
    if (!usable(s)) return NULL;
    Col *cols[NCOLS];
    columns(s, cols);
    PyObject *a = PyTuple_New(PAIR_COLS), *b = PyTuple_New(NCOLS - PAIR_COLS);
    if (!a || !b) goto fail;
    for (int i = 0; i < NCOLS; i++) {
        PyObject *x = col_export(cols[i], IS_TEXT[i]);
        if (!x) goto fail;
        if (i < PAIR_COLS)
            PyTuple_SET_ITEM(a, i, x);
        else
            PyTuple_SET_ITEM(b, i - PAIR_COLS, x);
    }
    reset_batch(s);
    return Py_BuildValue("NN", a, b);
fail:
    Py_XDECREF(a);
    Py_XDECREF(b);
    return NULL;
}

static PyObject *Scanner_rows(Scanner *s, void *closure) {
    (void)closure;
    return PyLong_FromSsize_t(s->ord.rows);
}

static PyObject *Scanner_fast(Scanner *s, void *closure) {
    (void)closure;
    return PyLong_FromSsize_t(s->fast);
}

static PyObject *Scanner_sql_ids(Scanner *s, void *closure) {
    (void)closure;
    return PyBool_FromLong(s->sql_ids);
}

/* digest16(data, portable=False) -> the first 16 hex digits of sha256(data), by OpenSSL when
 * loaded or by the portable code: how the tests hold both to hashlib. */
static PyObject *digest16(PyObject *module, PyObject *args) {
    Py_buffer view;
    int portable = 0;
    if (!PyArg_ParseTuple(args, "y*|p", &view, &portable)) return NULL;
    ossl_init_fn saved = ossl_init;
    if (portable) ossl_init = NULL;
    Sha sha;
    char hex[16];
    sha_init(&sha);
    sha_update(&sha, view.buf, (size_t)view.len);
    sha_final16(&sha, hex);
    ossl_init = saved;
    PyBuffer_Release(&view);
    return PyUnicode_FromStringAndSize(hex, 16);
}

static PyObject *uses_openssl(PyObject *module, PyObject *unused) {
    return PyBool_FromLong(ossl_init != NULL);
}

static PyMethodDef module_methods[] = {
    {"digest16", digest16, METH_VARARGS, "sha256(data).hexdigest()[:16], OpenSSL or portable."},
    {"uses_openssl", uses_openssl, METH_NOARGS, "Whether ids are hashed by OpenSSL's SHA-256."},
    {NULL, NULL, 0, NULL}};

static PyMethodDef Scanner_methods[] = {
    {"scan", (PyCFunction)Scanner_scan, METH_VARARGS, "Stage the lines of a block; see the C source."},
    {"add", (PyCFunction)Scanner_add, METH_VARARGS, "Stage a line Python accepted."},
    {"take", (PyCFunction)Scanner_take, METH_NOARGS, "The batch's Arrow buffers; empties it."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef Scanner_getset[] = {
    {"rows", (getter)Scanner_rows, NULL, "pairs in the batch", NULL},
    {"fast", (getter)Scanner_fast, NULL, "pairs staged, repeats included", NULL},
    {"sql_ids", (getter)Scanner_sql_ids, NULL, "whether some ids are left to SQL", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "storage.formats._flatscan.Scanner",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The flat JSON Lines scan's staging, in C.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
    .tp_getset = Scanner_getset,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_flatscan",
    .m_doc = "The flat JSON Lines scan in C (see flatjsonl.py).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__flatscan(void) {
    find_openssl();
    if (PyType_Ready(&ScannerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (PyModule_AddIntConstant(m, "MAX_LIMIT", MAX_LIMIT) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
