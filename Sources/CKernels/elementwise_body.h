// exp, sigmoid, softmax rows and the Adam update, written once over the vector macros that
// kernels_avx512.c and kernels_avx2.c define (vec, LANES, SET1, ADD, ..., SUFFIX) and included
// by each.
//
// exp(x) is Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2, exp(r) by a degree-6 polynomial
// (relative error ~1e-7, within 1–2 ulp of glibc's expf), times 2^n applied in two halves so
// that subnormal results, 0 (x ≤ -104) and inf (x ≥ 89) come out right; NaN stays NaN.

#include <math.h>

static TARGET inline vec vexp(vec x) {
    // min/max return their second operand when either is NaN, so NaN passes the clamp.
    x = MAX(SET1(-104.0f), MIN(SET1(89.0f), x));
    vec n = ROUND(MUL(x, SET1(1.44269504088896341f)));
    vec r = FMA(n, SET1(-0.693359375f), x);
    r = FMA(n, SET1(2.12194440e-4f), r);
    vec p = SET1(1.9875691500e-4f);
    p = FMA(p, r, SET1(1.3981999507e-3f));
    p = FMA(p, r, SET1(8.3334519073e-3f));
    p = FMA(p, r, SET1(4.1665795894e-2f));
    p = FMA(p, r, SET1(1.6666665459e-1f));
    p = FMA(p, r, SET1(5.0000001201e-1f));
    p = FMA(p, MUL(r, r), ADD(r, SET1(1.0f)));
    vec half = SRAI1(n);
    return MUL(MUL(p, POW2(half)), POW2(SUB(n, half)));
}

TARGET void NAME(attn_exp, SUFFIX)(const float *x, float *y, long n) {
    long i = 0;
    for (; i + LANES <= n; i += LANES) STORE(y + i, vexp(LOAD(x + i)));
    if (i < n) STOREN(y + i, vexp(LOADN(x + i, n - i)), n - i);
}

TARGET void NAME(attn_sigmoid, SUFFIX)(const float *x, float *y, long n) {
    vec one = SET1(1.0f), zero = SET1(0.0f);
    long i = 0;
    for (; i + LANES <= n; i += LANES) STORE(y + i, DIV(one, ADD(one, vexp(SUB(zero, LOAD(x + i))))));
    if (i < n) STOREN(y + i, DIV(one, ADD(one, vexp(SUB(zero, LOADN(x + i, n - i))))), n - i);
}

TARGET void NAME(attn_softmax_row, SUFFIX)(const float *x, float *y, long n, int log) {
    // The maximum, NaN if any element is (then every output is NaN, as in PyTorch).
    float top = -INFINITY;
    int nan = 0;
    long i = 0;
    if (n >= LANES) {
        vec m = LOAD(x);
        for (; i + LANES <= n; i += LANES) {
            vec v = LOAD(x + i);
            nan |= HAS_NAN(v);
            m = MAX(m, v);
        }
        top = HMAX(m);
    }
    for (; i < n; i++) {
        if (x[i] != x[i]) nan = 1; else if (x[i] > top) top = x[i];
    }
    if (nan) top = NAN;
    // Σ exp(x - max), keeping the exponentials in y for softmax.
    vec shift = SET1(top), sum = SET1(0.0f);
    float rest = 0;
    for (i = 0; i + LANES <= n; i += LANES) {
        vec e = vexp(SUB(LOAD(x + i), shift));
        if (!log) STORE(y + i, e);
        sum = ADD(sum, e);
    }
    if (i < n) {
        float tail[LANES];
        STOREN(tail, vexp(SUB(LOADN(x + i, n - i), shift)), n - i);
        for (long t = 0; t < n - i; t++) {
            rest += tail[t];
            if (!log) y[i + t] = tail[t];
        }
    }
    float total = HSUM(sum) + rest;
    if (log) {
        vec s = SET1(top + logf(total));
        for (i = 0; i + LANES <= n; i += LANES) STORE(y + i, SUB(LOAD(x + i), s));
        if (i < n) STOREN(y + i, SUB(LOADN(x + i, n - i), s), n - i);
    } else {
        vec inv = SET1(1 / total);
        for (i = 0; i + LANES <= n; i += LANES) STORE(y + i, MUL(LOAD(y + i), inv));
        if (i < n) STOREN(y + i, MUL(LOADN(y + i, n - i), inv), n - i);
    }
}

// Adam: the operations of attn's Swift update before it (and of PyTorch's single-tensor Adam),
// in the same order and without fused multiply-adds, so that results are equal bit for bit.
#pragma clang fp contract(off)
TARGET void NAME(attn_adam, SUFFIX)(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *s) {
    vec wd = SET1(s->weight_decay), w1 = SET1(s->weight1), rest1 = SET1(1 - s->weight1);
    vec b2 = SET1(s->beta2), w2 = SET1(s->weight2), step = SET1(s->step_size);
    vec c2 = SET1(s->correction2_sqrt), eps = SET1(s->eps);
    long i = 0;
    for (; i + LANES <= n; i += LANES) {
        vec gi = LOAD(g + i), wi = LOAD(w + i), mOld = LOAD(m + i);
        // PyTorch adds nothing when weight_decay is 0 (0·inf would be nan).
        if (s->weight_decay != 0) gi = ADD(gi, MUL(wd, wi));
        vec mi = s->low_weight ? ADD(mOld, MUL(w1, SUB(gi, mOld))) : SUB(gi, MUL(SUB(gi, mOld), rest1));
        vec vi = ADD(MUL(LOAD(v + i), b2), MUL(MUL(gi, gi), w2));
        STORE(m + i, mi);
        STORE(v + i, vi);
        STORE(w + i, SUB(wi, MUL(step, DIV(mi, ADD(DIV(SQRT(vi), c2), eps)))));
    }
    attn_adam_generic(w + i, g + i, m + i, v + i, n - i, s);
}
