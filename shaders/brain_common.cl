// Shared by every brain kernel: the device layout, activations and their derivatives,
// numbered as the C# enum Activation (Identity 0, Sigmoid 1, Tanh 2, ReLU 3, LeakyReLU 4,
// ELU 5, Softmax 6, Step 7), so a kernel argument can carry a layer's activation unchanged.
//
// Layout: agents are interleaved in tiles of TILE. Everything an agent owns (a layer's
// weights W[out][in], biases, gradients, optimiser state, backups, and the training batch's
// activations [sample][neuron]) is a block of P floats per agent stored as [tile][P][lane]:
// element i of agent (tile * TILE + lane) is at (tile * P + i) * TILE + lane, so consecutive
// lanes read consecutive addresses. Per-agent scalars (batch sizes, losses, norms,
// coefficients) are plain [agent] arrays. The host's rows (inputs, outputs, sample rings)
// keep the host layout; the kernels that read or write them convert.
//
// Two kernel families are built from this one source:
// - TILE_IN_VECTOR (CPU devices): one work-item per tile, the tile's TILE agents held in a
//   float16, so every arithmetic operation is one vector instruction over 16 agents. PoCL
//   does not vectorise the scalar form across work-items (measured: ~2 GFLOP/s against
//   ~23 for explicit float16 on a 16 x 16 tanh layer).
// - otherwise (GPUs): one work-item per agent, TILE agents of a tile in consecutive
//   work-items, so each load of a work-group is coalesced.
// The code is written once over `real` (float16 or float) and the macros below.
// Kernels guard the surplus work-items of the rounded-up global size.

#define TILE 16

#ifdef TILE_IN_VECTOR
typedef float16 real;
typedef int16 lanes_t;
#define ITEM_TILE() ((int)get_global_id(0))
#define ITEM_LANE() 0
#define ITEM_LANES TILE
#define LD(p, i) vload16((size_t)(i), (p))
#define ST(p, i, v) vstore16((v), (size_t)(i), (p))
#define LDA(p) vload16(0, (p))
#define STA(p, v) vstore16((v), 0, (p))
#define TO_REAL(n) convert_float16(n)
#define ALL_LANES ((int16)(-1))
#else
typedef float real;
typedef int lanes_t;
#define ITEM_TILE() ((int)(get_global_id(0) / TILE))
#define ITEM_LANE() ((int)(get_global_id(0) % TILE))
#define ITEM_LANES 1
#define LD(p, i) ((p)[(size_t)(i) * TILE])
#define ST(p, i, v) ((p)[(size_t)(i) * TILE] = (v))
#define LDA(p) (*(p))
#define STA(p, v) (*(p) = (v))
#define TO_REAL(n) ((float)(n))
#define ALL_LANES 1
#endif

// This work-item's first lane of a tiled buffer with per_agent floats per agent; LD/ST index
// the agent's elements from there. ROW advances by i elements of the same agent.
#define TILED(p, per_agent, tile) ((p) + (size_t)(tile) * (size_t)(per_agent) * TILE + ITEM_LANE())
#define ROW(p, i) ((p) + (size_t)(i) * TILE)
// This work-item's first lane of a per-agent array.
#define AGENTS(p, tile) ((p) + (size_t)(tile) * TILE + ITEM_LANE())

#define ACT_IDENTITY 0
#define ACT_SIGMOID 1
#define ACT_TANH 2
#define ACT_RELU 3
#define ACT_LEAKY_RELU 4
#define ACT_ELU 5
#define ACT_SOFTMAX 6
#define ACT_STEP 7

// The largest batch size among this work-item's agents (loops run to it; lanes past their own
// batch are masked).
int lanes_max(lanes_t n)
{
#ifdef TILE_IN_VECTOR
    int8 m8 = max(n.lo, n.hi);
    int4 m4 = max(m8.lo, m8.hi);
    int2 m2 = max(m4.lo, m4.hi);
    return max(m2.x, m2.y);
#else
    return n;
#endif
}

// Per-agent arrays are read and written only for the cohort's agents (count of them), so the
// host moves exactly count values and the surplus lanes of the last tile read as 0.
#ifdef TILE_IN_VECTOR
real load_agents(__global const float* p, int tile, int count)
{
    const int valid = count - tile * TILE;
    if (valid >= TILE)
    {
        return vload16(0, p + (size_t)tile * TILE);
    }

    float t[TILE];
    for (int l = 0; l < TILE; l++)
    {
        t[l] = l < valid ? p[(size_t)tile * TILE + l] : 0.0f;
    }

    return vload16(0, t);
}

lanes_t load_counts(__global const int* p, int tile, int count)
{
    const int valid = count - tile * TILE;
    if (valid >= TILE)
    {
        return vload16(0, p + (size_t)tile * TILE);
    }

    int t[TILE];
    for (int l = 0; l < TILE; l++)
    {
        t[l] = l < valid ? p[(size_t)tile * TILE + l] : 0;
    }

    return vload16(0, t);
}

void store_agents(__global float* p, int tile, int count, real v)
{
    const int valid = count - tile * TILE;
    if (valid >= TILE)
    {
        vstore16(v, 0, p + (size_t)tile * TILE);
        return;
    }

    float t[TILE];
    vstore16(v, 0, t);
    for (int l = 0; l < valid; l++)
    {
        p[(size_t)tile * TILE + l] = t[l];
    }
}
#else
real load_agents(__global const float* p, int tile, int count)
{
    const int agent = tile * TILE + ITEM_LANE();
    return agent < count ? p[agent] : 0.0f;
}

lanes_t load_counts(__global const int* p, int tile, int count)
{
    const int agent = tile * TILE + ITEM_LANE();
    return agent < count ? p[agent] : 0;
}

void store_agents(__global float* p, int tile, int count, real v)
{
    const int agent = tile * TILE + ITEM_LANE();
    if (agent < count)
    {
        p[agent] = v;
    }
}
#endif

real activate(int act, float alpha, real z)
{
    const real zero = (real)(0.0f);
    switch (act)
    {
        case ACT_SIGMOID: return 1.0f / (1.0f + exp(-z));
        case ACT_TANH: return tanh(z);
        case ACT_RELU: return select(zero, z, z > zero);
        case ACT_LEAKY_RELU: return select(alpha * z, z, z > zero);
        case ACT_ELU: return select(alpha * (exp(z) - 1.0f), z, z > zero);
        case ACT_STEP: return select(zero, (real)(1.0f), z > zero);
        default: return z;
    }
}

// sigma'(z), using the activation a = sigma(z) where that is cheaper and as exact.
real derivative(int act, float alpha, real z, real a)
{
    const real zero = (real)(0.0f);
    const real one = (real)(1.0f);
    switch (act)
    {
        case ACT_SIGMOID: return a * (1.0f - a);
        case ACT_TANH: return 1.0f - a * a;
        case ACT_RELU: return select(zero, one, z > zero);
        case ACT_LEAKY_RELU: return select((real)(alpha), one, z > zero);
        case ACT_ELU: return select(alpha * exp(z), one, z > zero);
        default: return one;
    }
}

// Normalises one sample's tiled outputs a[0..outputs) in place as a softmax; lanes outside
// keep store 0.
void softmax(__global float* a, int outputs, lanes_t keep)
{
    // Subtracting the largest z keeps every exp finite and changes nothing mathematically.
    const real zero = (real)(0.0f);
    real largest = LD(a, 0);
    for (int j = 1; j < outputs; j++)
    {
        largest = fmax(largest, LD(a, j));
    }

    real total = zero;
    for (int j = 0; j < outputs; j++)
    {
        const real e = exp(LD(a, j) - largest);
        ST(a, j, e);
        total += e;
    }

    for (int j = 0; j < outputs; j++)
    {
        ST(a, j, select(zero, LD(a, j) / total, keep));
    }
}

// Stores output j of a dense layer: z, and a = sigma(z) (softmax normalises afterwards).
void dense_store(int act, float alpha, lanes_t keep, int j, real sum, __global float* z, __global float* a)
{
    const real zero = (real)(0.0f);
    if (z)
    {
        ST(z, j, select(zero, sum, keep));
    }

    if (act == ACT_SOFTMAX)
    {
        ST(a, j, sum);
    }
    else
    {
        ST(a, j, select(zero, activate(act, alpha, sum), keep));
    }
}

// One dense layer for one sample of this work-item's agents: z = W x + b, a = sigma(z), all
// tiled. Softmax normalises over the layer's outputs (it is only ever the output layer).
// Lanes outside keep store 0, so samples past an agent's batch contribute nothing later.
// z may be null when not needed.
void dense(
    int inputs, int outputs, int act, float alpha, lanes_t keep,
    __global const float* x,
    __global const float* w,
    __global const float* b,
    __global float* z,
    __global float* a)
{
    // Four outputs at a time: each input is loaded once for four multiply-adds.
    int j = 0;
    for (; j + 4 <= outputs; j += 4)
    {
        __global const float* w0 = w + (size_t)j * inputs * TILE;
        real s0 = LD(b, j);
        real s1 = LD(b, j + 1);
        real s2 = LD(b, j + 2);
        real s3 = LD(b, j + 3);
        for (int k = 0; k < inputs; k++)
        {
            const real xk = LD(x, k);
            s0 = fma(LD(w0, k), xk, s0);
            s1 = fma(LD(w0, inputs + k), xk, s1);
            s2 = fma(LD(w0, 2 * inputs + k), xk, s2);
            s3 = fma(LD(w0, 3 * inputs + k), xk, s3);
        }

        dense_store(act, alpha, keep, j, s0, z, a);
        dense_store(act, alpha, keep, j + 1, s1, z, a);
        dense_store(act, alpha, keep, j + 2, s2, z, a);
        dense_store(act, alpha, keep, j + 3, s3, z, a);
    }

    for (; j < outputs; j++)
    {
        real sum = LD(b, j);
        for (int k = 0; k < inputs; k++)
        {
            sum = fma(LD(w, j * inputs + k), LD(x, k), sum);
        }

        dense_store(act, alpha, keep, j, sum, z, a);
    }

    if (act == ACT_SOFTMAX)
    {
        softmax(a, outputs, keep);
    }
}

#ifndef TILE_IN_VECTOR
// The GPU family's layer kernels (forward_layer, train_forward_layer) run a work-group per
// tile: TILE lanes (agents) x get_local_size(0) / TILE rows (neurons), so every weight row of
// the tile is read by the group at once. The tile's weights are staged in local memory when
// they fit (LOCAL_WEIGHTS floats: a 16 x 16 layer of 16 agents) and read from global memory,
// still coalesced, when they do not.
#define LOCAL_WEIGHTS 4096
#define GROUP_TILE() ((int)get_group_id(0))
#define GROUP_LANE() ((int)(get_local_id(0) % TILE))
#define GROUP_ROW() ((int)(get_local_id(0) / TILE))
#define GROUP_ROWS() ((int)(get_local_size(0) / TILE))

// Copies n floats with the whole group, consecutive work-items on consecutive addresses.
void stage(__local float* to, __global const float* from, int n)
{
    for (int i = get_local_id(0); i < n; i += get_local_size(0))
    {
        to[i] = from[i];
    }
}

// Output j of one sample for one lane: b + W[j] . x, x tiled and already at the lane.
float dot_local(__local const float* w, __global const float* x, float b, int inputs, int j)
{
    float sum = b;
    for (int k = 0; k < inputs; k++)
    {
        sum = fma(w[(j * inputs + k) * TILE], x[k * TILE], sum);
    }

    return sum;
}

float dot_global(__global const float* w, __global const float* x, float b, int inputs, int j)
{
    float sum = b;
    for (int k = 0; k < inputs; k++)
    {
        sum = fma(w[(j * inputs + k) * TILE], x[k * TILE], sum);
    }

    return sum;
}

// One sample's outputs of this work-item's rows for its lane (weights at the lane already).
void dense_rows(
    int inputs, int outputs, int act, float alpha, int staged,
    __local const float* lw, __global const float* gw, __global const float* x, __global const float* b,
    __global float* z, __global float* a)
{
    // A softmax layer (only ever the small output layer) is computed whole by row 0, which then
    // normalises it without waiting for the other rows.
    const int softmax_layer = act == ACT_SOFTMAX;
    const int first = softmax_layer ? (GROUP_ROW() == 0 ? 0 : outputs) : GROUP_ROW();
    const int step = softmax_layer ? 1 : GROUP_ROWS();
    for (int j = first; j < outputs; j += step)
    {
        const float sum = staged ? dot_local(lw, x, b[j * TILE], inputs, j) : dot_global(gw, x, b[j * TILE], inputs, j);
        if (z)
        {
            z[j * TILE] = sum;
        }

        a[j * TILE] = softmax_layer ? sum : activate(act, alpha, sum);
    }

    if (softmax_layer && GROUP_ROW() == 0)
    {
        softmax(a, outputs, ALL_LANES);
    }
}
#endif
