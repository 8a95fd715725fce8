// Shared by every brain kernel: the device layout, the layer table, activations and their
// derivatives, numbered as the C# enum Activation (Identity 0, Sigmoid 1, Tanh 2, ReLU 3,
// LeakyReLU 4, ELU 5, Softmax 6, Step 7), so the table can carry a layer's activation unchanged.
//
// Layout: agents are interleaved in tiles of TILE. Everything an agent owns (a layer's weights
// W[out][in] or biases, their gradients and optimiser state, and the training batch's
// activations [sample][neuron]) is a block of P floats per agent stored as [tile][P][lane]:
// element i of agent (tile * TILE + lane) is at (tile * P + i) * TILE + lane, so consecutive
// lanes read consecutive addresses. Every parameter-shaped buffer (parameters, gradients, each
// kind of optimiser state) has one region per layer for W and one for b, at
// the offsets the layer table gives, so one kernel launch walks every layer. Per-agent scalars
// (batch sizes, losses, norms, coefficients) are plain [agent] arrays. The host's rows (inputs,
// outputs, sample rings) keep the host layout; the kernels that read or write them convert.
//
// Two kernel families are built from this one source:
// - TILE_IN_VECTOR (CPU devices): one work-item per tile, the tile's TILE agents held in a
//   float16, so every arithmetic operation is one vector instruction over 16 agents. PoCL
//   does not vectorise the scalar form across work-items (measured: ~2 GFLOP/s against
//   ~23 for explicit float16 on a 16 x 16 tanh layer).
// - otherwise (GPUs): a work-group per tile, TILE lanes (agents) x GROUP_SIZE / TILE rows, so
//   the lanes of a row read consecutive addresses (coalesced) and the rows share the tile's
//   work (neurons, samples or parameters, by phase), its layer weights and blocks of samples'
//   rows staged in local memory.
// The code is written once over `real` (float16 or float) and the macros below; a work-item
// takes elements first, first + step, ... of a phase's outer loop (CPU: 0 and 1: all of it).

#define TILE 16

#ifdef TILE_IN_VECTOR
typedef float16 real;
typedef int16 lanes_t;
#define ITEM_TILE() ((int)get_global_id(0))
#define ITEM_LANE() 0
#define ITEM_ROW() 0
#define ITEM_ROWS() 1
#define ITEM_LANES TILE
// Every tiled pointer the kernels form is a whole tile row (64 bytes; buffers and their regions
// are whole tiles), so vectors move aligned: PoCL splits an unaligned vstore16 into three stores.
#define LD(p, i) (((__global const float16*)(p))[(size_t)(i)])
#define ST(p, i, v) (((__global float16*)(p))[(size_t)(i)] = (v))
#define TO_REAL(n) convert_float16(n)
#define ALL_LANES ((int16)(-1))
// A work-item owns its tile: nothing to wait for.
#define GROUP_SYNC()
#else
typedef float real;
typedef int lanes_t;
#define ITEM_TILE() ((int)get_group_id(0))
#define ITEM_LANE() ((int)(get_local_id(0) % TILE))
#define ITEM_ROW() ((int)(get_local_id(0) / TILE))
// From the run-time group size: PoCL 3.1 miscompiled a loop over k = row, row + rows, ... when
// rows was the compile-time GROUP_SIZE / TILE (lanes read other lanes' values); GROUP_SIZE
// only sizes local arrays.
#define ITEM_ROWS() ((int)(get_local_size(0) / TILE))
#define ITEM_LANES 1
#define LD(p, i) ((p)[(size_t)(i) * TILE])
#define ST(p, i, v) ((p)[(size_t)(i) * TILE] = (v))
#define TO_REAL(n) ((float)(n))
#define ALL_LANES 1
// The rows of a tile hand each other activations and deltas through global scratch (each
// phase then copies what it reads into local memory where it fits). Every GROUP_SYNC is reached
// by the whole group (uniform code).
#define GROUP_SYNC() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)
#endif

// This work-item's first lane of a tiled buffer with per_agent floats per agent; LD/ST index
// the agent's elements from there. ROW advances by i elements of the same agent.
#define TILED(p, per_agent, tile) ((p) + (size_t)(tile) * (size_t)(per_agent) * TILE + ITEM_LANE())
#define ROW(p, i) ((p) + (size_t)(i) * TILE)

// The layer table (OpenClBackend's LayerTable): a header, then a record of LT_FIELDS ints per
// layer. The field numbers (LT_*) come from the host as build options, so they cannot drift.
#define TABLE(t, field) ((t)[(field)])
#define LAYER(t, l, field) ((t)[LT_HEADER + (l) * LT_FIELDS + (field)])
#define LAYER_ALPHA(t, l) as_float(LAYER(t, l, LT_ALPHA))

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

// The sum of v over the rows of the tile's work-group: a CPU-family work-item is the whole tile.
real rows_sum(real v, __local float* part)
{
    return v;
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

// Row 0 writes a lane's value (every row holds the same one).
void store_agents(__global float* p, int tile, int count, real v)
{
    const int agent = tile * TILE + ITEM_LANE();
    if (agent < count && ITEM_ROW() == 0)
    {
        p[agent] = v;
    }
}

// The sum of each lane's v over the group's rows, in row order, handed to every row of the lane.
// part holds GROUP_SIZE floats; the whole group calls this.
real rows_sum(real v, __local float* part)
{
    part[get_local_id(0)] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    real total = 0.0f;
    for (int r = 0; r < ITEM_ROWS(); r++)
    {
        total += part[r * TILE + ITEM_LANE()];
    }

    barrier(CLK_LOCAL_MEM_FENCE);
    return total;
}
#endif

// tanh as a rational function of z (the CPU backend's VectorMath.Tanh, same coefficients):
// within a few ulp of float's tanh, and a third of the instructions of PoCL's tanh, which
// cost as much as a layer's multiply-adds.
real fast_tanh(real z)
{
    const real x = clamp(z, -7.90531110763549805f, 7.90531110763549805f);
    const real x2 = x * x;
    real p = fma(x2, (real)(-2.76076847742355e-16f), (real)(2.00018790482477e-13f));
    p = fma(x2, p, (real)(-8.60467152213735e-11f));
    p = fma(x2, p, (real)(5.12229709037114e-08f));
    p = fma(x2, p, (real)(1.48572235717979e-05f));
    p = fma(x2, p, (real)(6.37261928875436e-04f));
    p = fma(x2, p, (real)(4.89352455891786e-03f));
    p = x * p;
    real q = fma(x2, (real)(1.19825839466702e-06f), (real)(1.18534705686654e-04f));
    q = fma(x2, q, (real)(2.26843463243900e-03f));
    q = fma(x2, q, (real)(4.89352518554385e-03f));

    // Beyond 9, 1 - tanh is below half an ulp of 1: float's tanh is exactly +-1 there.
    return select(p / q, copysign((real)(1.0f), z), fabs(z) > 9.0f);
}

real activate(int act, float alpha, real z)
{
    const real zero = (real)(0.0f);
    switch (act)
    {
        case ACT_SIGMOID: return 1.0f / (1.0f + exp(-z));
        case ACT_TANH: return fast_tanh(z);
        case ACT_RELU: return select(zero, z, z > zero);
        case ACT_LEAKY_RELU: return select(alpha * z, z, z > zero);
        case ACT_ELU: return select(alpha * (exp(z) - 1.0f), z, z > zero);
        case ACT_STEP: return select(zero, (real)(1.0f), z > zero);
        default: return z;
    }
}

// sigma'(z) from the activation a = sigma(z) alone, so the training pass keeps no z: the
// rectifiers' a > 0 exactly when z > 0 (alpha >= 0, as BrainSpec requires), and ELU's
// alpha e^z is a + alpha below 0 (as the CPU kernels compute it).
real derivative(int act, float alpha, real a)
{
    const real zero = (real)(0.0f);
    const real one = (real)(1.0f);
    switch (act)
    {
        case ACT_SIGMOID: return a * (1.0f - a);
        case ACT_TANH: return 1.0f - a * a;
        case ACT_RELU: return select(zero, one, a > zero);
        case ACT_LEAKY_RELU: return select((real)(alpha), one, a > zero);
        case ACT_ELU: return select(a + alpha, one, a > zero);
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

// Stores output j of a dense layer, a = sigma(z) (a softmax stores z and normalises afterwards).
void dense_store(int act, float alpha, lanes_t keep, int j, real z, __global float* a)
{
    ST(a, j, act == ACT_SOFTMAX ? z : select((real)(0.0f), activate(act, alpha, z), keep));
}

// Element i of this work-item's agent in a tiled block (a layer's weights, a sample's row):
// from the GPU family's local copy l when the group staged one (staged: uniform over the group,
// so the branch costs nothing), else from global memory g. Both hold the same floats, so the
// sums are the same bits either way. The CPU family reads global memory, where its work-item is
// the only reader.
#ifdef TILE_IN_VECTOR
#define STAGED_LD(g, l, staged, i) LD((g), (i))
#else
#define STAGED_LD(g, l, staged, i) ((staged) ? (l)[(size_t)(i) * TILE] : LD((g), (i)))
#endif

// Outputs first, first + step, ... of one dense layer for one sample of this work-item's
// agents: a = sigma(W x + b), all tiled (w, lw, x and lx at this work-item's lane; lw and lx are
// read when staged and held say the group copied the weights and the input row there). Lanes
// outside keep store 0, so samples past an agent's batch add nothing later. A softmax (only ever
// the output layer) is computed whole by the work-item with first 0, which then normalises it.
void dense(
    int inputs, int outputs, int act, float alpha, lanes_t keep, int first, int step,
    __global const float* x, __local const float* lx, int held,
    __global const float* w, __local const float* lw, int staged,
    __global const float* b, __global float* a)
{
    if (act == ACT_SOFTMAX)
    {
        if (first != 0)
        {
            return;
        }

        step = 1;
    }

    // Four outputs a pass: each input is loaded once for four multiply-adds.
    int j = first;
    for (; j + 3 * step < outputs; j += 4 * step)
    {
        const int w0 = j * inputs;
        const int w1 = (j + step) * inputs;
        const int w2 = (j + 2 * step) * inputs;
        const int w3 = (j + 3 * step) * inputs;
        real s0 = LD(b, j);
        real s1 = LD(b, j + step);
        real s2 = LD(b, j + 2 * step);
        real s3 = LD(b, j + 3 * step);
        for (int k = 0; k < inputs; k++)
        {
            const real xk = STAGED_LD(x, lx, held, k);
            s0 = fma(STAGED_LD(w, lw, staged, w0 + k), xk, s0);
            s1 = fma(STAGED_LD(w, lw, staged, w1 + k), xk, s1);
            s2 = fma(STAGED_LD(w, lw, staged, w2 + k), xk, s2);
            s3 = fma(STAGED_LD(w, lw, staged, w3 + k), xk, s3);
        }

        dense_store(act, alpha, keep, j, s0, a);
        dense_store(act, alpha, keep, j + step, s1, a);
        dense_store(act, alpha, keep, j + 2 * step, s2, a);
        dense_store(act, alpha, keep, j + 3 * step, s3, a);
    }

    for (; j < outputs; j += step)
    {
        real sum = LD(b, j);
        for (int k = 0; k < inputs; k++)
        {
            sum = fma(STAGED_LD(w, lw, staged, j * inputs + k), STAGED_LD(x, lx, held, k), sum);
        }

        dense_store(act, alpha, keep, j, sum, a);
    }

    if (act == ACT_SOFTMAX)
    {
        softmax(a, outputs, keep);
    }
}

// Software prefetch into L1. PoCL's prefetch() compiles to nothing; clang's builtin (PoCL and
// other CPU runtimes compile with clang) becomes the processor's prefetch instruction.
#ifdef __clang__
#define PREFETCH(p) __builtin_prefetch((p), 0, 3)
#else
#define PREFETCH(p) prefetch((p), 1)
#endif

// Asks for n tile rows (16 floats each) from p: the CPU family's work-item calls it for the
// next tile's block of a layer while it computes its own, since that tile is likely the next
// its thread runs (a work-group's items run in order) and the parameters of many agents come
// from memory, not cache. GPUs hide memory latency with other work-groups: nothing there.
void prefetch_rows(__global const float* p, int n)
{
#ifdef TILE_IN_VECTOR
    for (int i = 0; i < n; i++)
    {
        PREFETCH(ROW(p, i));
    }
#endif
}

// Asks for the next tile's weights and biases of a layer (see prefetch_rows), when there is a
// next tile and it has parameters of its own.
void prefetch_layer(__global const float* params, int weights_at, int biases_at, int weights, int outputs, int next, int count, int shared)
{
    if (!shared && next * TILE < count)
    {
        prefetch_rows(params + weights_at + (size_t)next * weights * TILE, weights);
        prefetch_rows(params + biases_at + (size_t)next * outputs * TILE, outputs);
    }
}

// Local memory of the GPU family, one array per work-group (lw) used in turn by every phase:
// - a layer's tile of weights (all 16 agents) when it fits in LOCAL_WEIGHTS floats (a 16 x 16
//   layer), at the start of the array, for the layer's forward pass and its BP2;
// - after them (or from the start when they are not staged), blocks of samples' rows: the
//   layer's inputs for its forward pass, its deltas and inputs for its weight gradients and BP2.
//   LOCAL_SAMPLES floats are left for them when the weights fill theirs: 8 samples of a 16-wide
//   input row, 4 of a 16 x 16 layer's deltas and inputs. 24 KiB in all (plus rows_sum's 256
//   bytes), under the 32 KiB every OpenCL device offers; a layer whose row (or one sample of
//   deltas and inputs) does not fit reads global memory.
#define LOCAL_WEIGHTS 4096
#define LOCAL_SAMPLES 2048

#ifdef TILE_IN_VECTOR
// The CPU family stages nothing (the kernels still declare one float of local memory so the
// calls are written once).
#define LOCAL_FLOATS 1
#define PART_FLOATS 1
__local float* rows_after_weights(__local float* lw, int staged, int weights)
{
    return lw;
}

int stage_layer(__local float* lw, __global const float* wt, int weights, __global const float* row, int width, int* held)
{
    *held = 0;
    return 0;
}
#else
#define LOCAL_FLOATS (LOCAL_WEIGHTS + LOCAL_SAMPLES)
// rows_sum's exchange: a float per work-item.
#define PART_FLOATS GROUP_SIZE

// Copies floats floats from g to l, consecutive work-items copying consecutive addresses. The
// whole group calls this, between the caller's barriers: one before, after the last reader of
// what l held, one after, so that every work-item sees the whole copy. A phase copies all it
// needs between one pair (a barrier on PoCL ends a loop over the group's work-items), and no
// barrier sits where only some paths reach it: PoCL replicates the code after such a barrier
// (with a few of them the program took 11 minutes to compile instead of about one).
void copy_to_local(__local float* l, __global const float* g, int floats)
{
    for (int i = get_local_id(0); i < floats; i += get_local_size(0))
    {
        l[i] = g[i];
    }
}

// Whether a layer's tile of weights fits at the start of lw.
int weights_fit(int weights)
{
    return weights * TILE <= LOCAL_WEIGHTS;
}

// Where a layer's rows go in lw: after its weights, when they are staged.
__local float* rows_after_weights(__local float* lw, int staged, int weights)
{
    return lw + (staged ? weights * TILE : 0);
}

// How many rows of width floats (all 16 lanes of each) fit after the layer's staged weights.
int rows_that_fit(int staged, int weights, int width)
{
    return (LOCAL_FLOATS - (staged ? weights * TILE : 0)) / (width * TILE);
}

// Stages a layer's tile of weights (wt: the tile's first lane) when they fit, and one tiled row
// of width floats (row: at this work-item's lane) after them when it fits; returns whether the
// weights were staged, and held whether the row was. The whole group calls this.
int stage_layer(__local float* lw, __global const float* wt, int weights, __global const float* row, int width, int* held)
{
    const int staged = weights_fit(weights);
    *held = rows_that_fit(staged, weights, width) > 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    copy_to_local(lw, wt, staged ? weights * TILE : 0);
    copy_to_local(rows_after_weights(lw, staged, weights), row - ITEM_LANE(), *held ? width * TILE : 0);
    barrier(CLK_LOCAL_MEM_FENCE);
    return staged;
}
#endif
