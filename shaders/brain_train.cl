// One training step of every learning agent in one launch: a work-item (CPU family) or a
// work-group (GPU family) takes a tile of 16 agents through the whole step (gather the drawn
// samples, forward through every layer, output error, backward through every layer, then the
// optimiser step), so the batch's activations and deltas stay in the tile's own scratch, in
// cache, from the forward pass to the update.
//
// Per-agent step data the host writes each step: batch_of[agent] (0: the agent does not train
// this step), positions[agent][LT_MAX_BATCH] (ring positions the host drew, so every backend
// trains on the same samples), and three coefficient arrays of count floats each (learning rate,
// Adam's two bias corrections, computed in double on the host as the CPU path does). losses holds
// each agent's loss, then each agent's update status. Tiled scratch per agent (the table's
// offsets within LT_TRAIN_SCRATCH floats): the gathered batch [sample][inputs] and targets
// [sample][outputs], each layer's activations [sample][outputs], two deltas [sample][width].
// Samples past an agent's batch are 0 in all of them, so loops run to the tile's largest batch
// and add exact zeros.

#define LOSS_QUADRATIC 0
#define LOSS_BINARY_CE 1
#define LOSS_SOFTMAX_CE 2

#define REG_NONE 0
#define REG_L1 1
#define REG_L2 2

// A reported loss clamps saturated outputs so it stays finite (as the CPU path does).
#define LOSS_FLOOR 1e-7f

// Copies sample s of this work-item's agents' drawn ring rows (width floats each) into tiled
// scratch [sample][width] at to (this work-item's lane), zero for agents whose batch is shorter.
// The CPU family reads each row four floats at a time and turns 16 rows into float16 columns
// in registers, a vector store per column instead of 16 scalar ones. The rows sit at random
// ring positions, so what costs is waiting for them: see prefetch_samples.
#ifdef TILE_IN_VECTOR
// Floats k..k+3 of a row, 0 past its width or for a lane without the sample.
float4 row_part(__global const float* row, int k, int width, int valid)
{
    if (!valid)
    {
        return (float4)(0.0f);
    }

    if (k + 4 <= width)
    {
        return vload4(0, row + k);
    }

    float4 r = (float4)(0.0f);
    r.x = row[k];
    r.y = k + 1 < width ? row[k + 1] : 0.0f;
    r.z = k + 2 < width ? row[k + 2] : 0.0f;
    return r;
}

#define COLUMN(r, q) (float16)(r[0].q, r[1].q, r[2].q, r[3].q, r[4].q, r[5].q, r[6].q, r[7].q, \
                               r[8].q, r[9].q, r[10].q, r[11].q, r[12].q, r[13].q, r[14].q, r[15].q)

void gather_sample(int s, const int* n, const size_t* at, int width, __global const float* rows, __global float* to)
{
    for (int k = 0; k < width; k += 4)
    {
        float4 r[TILE];
        for (int l = 0; l < TILE; l++)
        {
            r[l] = row_part(rows + at[l] * width, k, width, s < n[l]);
        }

        __global float* column = ROW(to, s * width + k);
        ST(column, 0, COLUMN(r, x));
        if (k + 1 < width)
        {
            ST(column, 1, COLUMN(r, y));
        }

        if (k + 2 < width)
        {
            ST(column, 2, COLUMN(r, z));
        }

        if (k + 3 < width)
        {
            ST(column, 3, COLUMN(r, w));
        }
    }
}

// Samples first, first + step, ... of the batch: inputs to xs and targets to ts, one pass over
// the drawn positions for both.
void gather(
    int tile, int count, int ring, int stride, int inputs, int outputs, int n_max, int first, int step,
    __global const float* ring_inputs, __global const float* ring_targets, __global const int* positions,
    __global const int* batch_of, __global float* xs, __global float* ts)
{
    int n[TILE];
    for (int l = 0; l < TILE; l++)
    {
        const int agent = tile * TILE + l;
        n[l] = agent < count ? batch_of[agent] : 0;
    }

    for (int s = first; s < n_max; s += step)
    {
        // Ring rows of the sample (row 0 of the agent for lanes without it: read as zeros).
        size_t at[TILE];
        for (int l = 0; l < TILE; l++)
        {
            const int agent = tile * TILE + l;
            at[l] = (size_t)agent * ring + (s < n[l] ? positions[(size_t)agent * stride + s] : 0);
        }

        gather_sample(s, n, at, inputs, ring_inputs, xs);
        gather_sample(s, n, at, outputs, ring_targets, ts);
    }
}
// Asks for the ring rows of samples from..to-1 that tile will gather. A work-item asks for the
// next tile's while it computes its own (between the first layer's samples, so the requests
// do not pile up): that work-item is likely the next one its thread runs (a work-group's items
// run in order), and the random rows then come from cache instead of memory.
void prefetch_samples(
    int tile, int from, int to, int count, int ring, int stride, int inputs, int outputs,
    __global const float* ring_inputs, __global const float* ring_targets, __global const int* positions, __global const int* batch_of)
{
    for (int l = 0; l < TILE; l++)
    {
        const int agent = tile * TILE + l;
        const int n = agent < count ? min(batch_of[agent], to) : 0;
        for (int s = from; s < n; s++)
        {
            const size_t at = (size_t)agent * ring + positions[(size_t)agent * stride + s];
            PREFETCH(ring_inputs + at * inputs);
            PREFETCH(ring_targets + at * outputs);
        }
    }
}
#else
// GPUs hide memory latency with other work-groups.
void prefetch_samples(
    int tile, int from, int to, int count, int ring, int stride, int inputs, int outputs,
    __global const float* ring_inputs, __global const float* ring_targets, __global const int* positions, __global const int* batch_of)
{
}

void gather(
    int tile, int count, int ring, int stride, int inputs, int outputs, int n_max, int first, int step,
    __global const float* ring_inputs, __global const float* ring_targets, __global const int* positions,
    __global const int* batch_of, __global float* xs, __global float* ts)
{
    const int agent = tile * TILE + ITEM_LANE();
    for (int s = first; s < n_max; s += step)
    {
        const size_t at = (size_t)agent * ring + positions[(size_t)agent * stride + s];
        for (int k = 0; k < inputs; k++)
        {
            xs[(s * inputs + k) * TILE] = ring_inputs[at * inputs + k];
        }

        for (int j = 0; j < outputs; j++)
        {
            ts[(s * outputs + j) * TILE] = ring_targets[at * outputs + j];
        }
    }
}
#endif

// BP1 for samples first, first + step, ...: the output layer's delta [sample][outputs] from its
// activations and the targets; returns the sum of those samples' losses.
real output_error(
    int outputs, int act, float alpha, int loss, lanes_t n, int n_max, int first, int step,
    __global const float* yt, __global const float* at, __global float* dt)
{
    const real zero = (real)(0.0f);
    real total = zero;
    for (int s = first; s < n_max; s += step)
    {
        const lanes_t keep = (lanes_t)(s) < n;
        __global const float* y = ROW(yt, s * outputs);
        __global const float* a = ROW(at, s * outputs);
        __global float* d = ROW(dt, s * outputs);
        real mass = zero;
        for (int j = 0; j < outputs; j++)
        {
            mass += LD(y, j);
        }

        for (int j = 0; j < outputs; j++)
        {
            const real aj = LD(a, j);
            const real yj = LD(y, j);
            real term;
            real dj;
            if (loss == LOSS_QUADRATIC)
            {
                term = 0.5f * (yj - aj) * (yj - aj);
                dj = (aj - yj) * derivative(act, alpha, aj);
            }
            else if (loss == LOSS_BINARY_CE)
            {
                term = -(yj * log(clamp(aj, LOSS_FLOOR, 1.0f - LOSS_FLOOR)) + (1.0f - yj) * log(clamp(1.0f - aj, LOSS_FLOOR, 1.0f - LOSS_FLOOR)));
                dj = aj - yj;
            }
            else
            {
                // dC/dz_j = a_j sum(y) - y_j: exact also for targets that do not sum to 1.
                term = select(-yj * log(fmax(aj, LOSS_FLOOR)), zero, yj == zero);
                dj = aj * mass - yj;
            }

            total += select(zero, term, keep);
            ST(d, j, select(zero, dj, keep));
        }
    }

    return total;
}

// One weight's gradient from its batch sum: the mean, the regularisation term, clip by value;
// stored at g[i], its square added to squares (returned).
real weight_gradient(real sum, real inverse, real wk, int regularization, float lambda, float clip_value, __global float* g, int i, real squares)
{
    real gw = sum * inverse;
    if (regularization == REG_L2)
    {
        gw = fma((real)(lambda), wk, gw);
    }
    else if (regularization == REG_L1)
    {
        gw = fma((real)(lambda), sign(wk), gw);
    }

    if (clip_value > 0.0f)
    {
        gw = clamp(gw, -clip_value, clip_value);
    }

    ST(g, i, gw);
    return fma(gw, gw, squares);
}

// BP3 and BP4 for outputs first, first + step, ... of one layer: the batch means of delta and
// of delta x input (x: the layer's tiled input), regularisation on the weights (wt: their
// current values), clip by value, stored in the layer's gradient regions gw and gb. Returns
// squares plus the squares of what it stored, added output by output, bias first.
real layer_gradients(
    int inputs, int outputs, int n_max, real inverse, int regularization, float lambda, float clip_value, int first, int step,
    __global const float* x, __global const float* d, __global const float* wt, __global float* gw, __global float* gb, real squares)
{
    const real zero = (real)(0.0f);
    for (int j = first; j < outputs; j += step)
    {
        real sum = zero;
        for (int s = 0; s < n_max; s++)
        {
            sum += LD(d, s * outputs + j);
        }

        real b = sum * inverse;
        if (clip_value > 0.0f)
        {
            b = clamp(b, -clip_value, clip_value);
        }

        ST(gb, j, b);
        squares = fma(b, b, squares);
        // Four inputs at a time: each delta is loaded once for four multiply-adds. The results
        // are finished in input order, so the squared norm adds up as one at a time would.
        const int row = j * inputs;
        int k = 0;
        for (; k + 4 <= inputs; k += 4)
        {
            real g0 = zero;
            real g1 = zero;
            real g2 = zero;
            real g3 = zero;
            for (int s = 0; s < n_max; s++)
            {
                const real dj = LD(d, s * outputs + j);
                __global const float* xs = ROW(x, s * inputs + k);
                g0 = fma(dj, LD(xs, 0), g0);
                g1 = fma(dj, LD(xs, 1), g1);
                g2 = fma(dj, LD(xs, 2), g2);
                g3 = fma(dj, LD(xs, 3), g3);
            }

            squares = weight_gradient(g0, inverse, LD(wt, row + k), regularization, lambda, clip_value, gw, row + k, squares);
            squares = weight_gradient(g1, inverse, LD(wt, row + k + 1), regularization, lambda, clip_value, gw, row + k + 1, squares);
            squares = weight_gradient(g2, inverse, LD(wt, row + k + 2), regularization, lambda, clip_value, gw, row + k + 2, squares);
            squares = weight_gradient(g3, inverse, LD(wt, row + k + 3), regularization, lambda, clip_value, gw, row + k + 3, squares);
        }

        for (; k < inputs; k++)
        {
            real g = zero;
            for (int s = 0; s < n_max; s++)
            {
                g = fma(LD(d, s * outputs + j), LD(x, s * inputs + k), g);
            }

            squares = weight_gradient(g, inverse, LD(wt, row + k), regularization, lambda, clip_value, gw, row + k, squares);
        }
    }

    return squares;
}

// BP2's last factor: below[i] = sum sigma'(a_i) of the layer below, 0 past the batch.
void delta_store(real sum, lanes_t keep, int act, float alpha, real ai, int i, __global float* below)
{
    ST(below, i, select((real)(0.0f), sum * derivative(act, alpha, ai), keep));
}

// BP2 for one sample with the weights before this step's update: below[k] = (W^T delta)_k
// sigma'(a[k]), a the layer's input (the activations of the layer below, whose activation act
// and alpha are). The sample's delta and input rows are read from global memory (d, a) or, when
// held, from the group's local copy (ld, la); weights as in dense. All tiled at this lane.
void input_error_sample(
    int inputs, int outputs, lanes_t keep, int act, float alpha,
    __global const float* d, __global const float* a, __local const float* ld, __local const float* la, int held,
    __global const float* w, __local const float* lw, int staged, __global float* below)
{
    const real zero = (real)(0.0f);
    // Four inputs at a time, as above.
    int k = 0;
    for (; k + 4 <= inputs; k += 4)
    {
        real s0 = zero;
        real s1 = zero;
        real s2 = zero;
        real s3 = zero;
        for (int j = 0; j < outputs; j++)
        {
            const real dj = STAGED_LD(d, ld, held, j);
            const int at = j * inputs + k;
            s0 = fma(STAGED_LD(w, lw, staged, at), dj, s0);
            s1 = fma(STAGED_LD(w, lw, staged, at + 1), dj, s1);
            s2 = fma(STAGED_LD(w, lw, staged, at + 2), dj, s2);
            s3 = fma(STAGED_LD(w, lw, staged, at + 3), dj, s3);
        }

        delta_store(s0, keep, act, alpha, STAGED_LD(a, la, held, k), k, below);
        delta_store(s1, keep, act, alpha, STAGED_LD(a, la, held, k + 1), k + 1, below);
        delta_store(s2, keep, act, alpha, STAGED_LD(a, la, held, k + 2), k + 2, below);
        delta_store(s3, keep, act, alpha, STAGED_LD(a, la, held, k + 3), k + 3, below);
    }

    for (; k < inputs; k++)
    {
        real sum = zero;
        for (int j = 0; j < outputs; j++)
        {
            sum = fma(STAGED_LD(w, lw, staged, j * inputs + k), STAGED_LD(d, ld, held, j), sum);
        }

        delta_store(sum, keep, act, alpha, STAGED_LD(a, la, held, k), k, below);
    }
}

// BP2 for samples first, first + step, ... of the batch, every row from global memory (d: the
// layer's deltas [sample][outputs], a its inputs [sample][inputs]), 0 past each agent's batch.
void layer_input_error(
    int inputs, int outputs, lanes_t n, int n_max, int act, float alpha, int first, int step,
    __global const float* d, __global const float* w, __local const float* lw, int staged,
    __global const float* a, __global float* below)
{
    for (int s = first; s < n_max; s += step)
    {
        input_error_sample(
            inputs, outputs, (lanes_t)(s) < n, act, alpha, ROW(d, s * outputs), ROW(a, s * inputs), lw, lw, 0,
            w, lw, staged, ROW(below, s * inputs));
    }
}

#ifndef TILE_IN_VECTOR
// The largest batch among the tile's agents, the same for every work-item of the group: the
// trip count of loops with barriers inside (a GPU-family work-item's own n_max is its lane's).
int tile_max_batch(__global const int* batch_of, int tile, int count)
{
    int m = 0;
    for (int l = 0; l < TILE; l++)
    {
        const int agent = tile * TILE + l;
        m = max(m, agent < count ? batch_of[agent] : 0);
    }

    return m;
}

// One layer's forward pass for the GPU family (the CPU family's work-item owns its tile and
// reads the rows from its scratch, in its core's cache): the group copies the layer's tile of
// weights when it fits, and blocks of as many samples' input rows as fit after them, all 16
// lanes of each row, consecutive work-items copying consecutive addresses (the weights with the
// first block); a barrier; then the rows of work-items compute the block's samples (row r:
// samples from + r, from + r + rows, ... of its lane's batch; a sample's sums are its own, so
// which work-item computes it changes no bits); a barrier before the next block. The loop over
// blocks runs to the tile's largest batch n_tile (uniform, so every work-item reaches every
// barrier); n is this lane's batch. A layer whose input row does not fit has one pass: the
// weights, then every sample read from global memory. x is tiled at this work-item's lane, wt
// at the tile's first.
void layer_forward_blocked(
    int inputs, int outputs, int act, float alpha, int n, int n_tile, int first, int step,
    __global const float* x, __global const float* wt, __local float* lw, __global const float* b, __global float* a)
{
    const int weights = inputs * outputs;
    const int staged = weights_fit(weights);
    const int per_block = rows_that_fit(staged, weights, inputs);
    const int passes = per_block > 0 ? max(1, (n_tile + per_block - 1) / per_block) : 1;
    const int lane = ITEM_LANE();
    __local float* lx = rows_after_weights(lw, staged, weights);
    for (int pass = 0; pass < passes; pass++)
    {
        const int from = pass * per_block;
        const int samples = max(0, min(per_block, n_tile - from));
        // Wait for the readers of lw: the previous block's, or the previous phase's.
        barrier(CLK_LOCAL_MEM_FENCE);
        copy_to_local(lw, wt, pass == 0 && staged ? weights * TILE : 0);
        copy_to_local(lx, x - lane + (size_t)from * inputs * TILE, samples * inputs * TILE);
        barrier(CLK_LOCAL_MEM_FENCE);
        const int held = per_block > 0;
        const int end = held ? min(from + samples, n) : n;
        for (int s = from + first; s < end; s += step)
        {
            dense(inputs, outputs, act, alpha, (lanes_t)(s) < n, 0, 1,
                  ROW(x, s * inputs), ROW(lx + lane, held ? (s - from) * inputs : 0), held, wt + lane, lw + lane, staged, b, ROW(a, s * outputs));
        }
    }
}

// layer_gradients and BP2 (layer_input_error, when errors) for the GPU family, the batch's
// deltas and layer inputs read from local memory: the group copies the layer's tile of weights
// when BP2 follows and they fit, and blocks of as many samples as fit after them, all 16 lanes
// of a block's rows, consecutive work-items copying consecutive addresses (the weights with the
// first block); a barrier; then every work-item adds the block's samples of its lane to its
// outputs' sums, and computes BP2 for its samples of the block (as layer_forward_blocked); a
// barrier before the next block. The gradient sums run from block to block in the gradient
// regions gw and gb (a float round-trips exactly), in sample order into the same chains as
// layer_gradients, and the last block finishes them as layer_gradients does (mean,
// regularisation, clip, squares in the same order), so the results are the same bits. n: this
// lane's batch; n_tile: the tile's largest (uniform, so every work-item reaches every barrier).
// A layer for which not one sample of deltas and inputs fits has one pass: the weights, then
// layer_gradients and layer_input_error from global memory. x, d and wt are tiled at this
// work-item's lane. Returns squares plus the squares of the gradients.
real layer_backward_blocked(
    int inputs, int outputs, int n, int n_tile, real inverse, int regularization, float lambda, float clip_value, int first, int step,
    __global const float* x, __global const float* d, __global const float* wt, __global float* gw, __global float* gb,
    int errors, int act, float alpha, __local float* lw, __global float* below, real squares)
{
    const int weights = inputs * outputs;
    const int staged = errors && weights_fit(weights);
    const int per_block = rows_that_fit(staged, weights, inputs + outputs);
    const real zero = 0.0f;
    const int lane = ITEM_LANE();
    __global const float* dt = d - lane;
    __global const float* xt = x - lane;
    __local float* ld = rows_after_weights(lw, staged, weights);
    __local float* lx = ld + per_block * outputs * TILE;
    // At least one block, so a tile in which nobody trains still stores its (zero) gradients.
    const int blocks = per_block > 0 ? max(1, (n_tile + per_block - 1) / per_block) : 1;
    for (int b = 0; b < blocks; b++)
    {
        const int from = b * per_block;
        const int samples = max(0, min(per_block, n_tile - from));
        // Wait for the readers of lw: the previous block's, or the previous phase's.
        barrier(CLK_LOCAL_MEM_FENCE);
        copy_to_local(lw, wt - lane, b == 0 && staged ? weights * TILE : 0);
        copy_to_local(ld, dt + (size_t)from * outputs * TILE, samples * outputs * TILE);
        copy_to_local(lx, xt + (size_t)from * inputs * TILE, samples * inputs * TILE);
        barrier(CLK_LOCAL_MEM_FENCE);
        if (per_block == 0)
        {
            squares = layer_gradients(inputs, outputs, n, inverse, regularization, lambda, clip_value, first, step, x, d, wt, gw, gb, squares);
            if (errors)
            {
                layer_input_error(inputs, outputs, n, n, act, alpha, first, step, d, wt, lw + lane, staged, x, below);
            }

            continue;
        }

        const int last = b == blocks - 1;
        // This lane's samples in the block (none past its own batch, as layer_gradients).
        const int own = min(n - from, samples);
        __local const float* dl = ld + lane;
        __local const float* xl = lx + lane;
        for (int j = first; j < outputs; j += step)
        {
            real sum = b == 0 ? zero : LD(gb, j);
            for (int s = 0; s < own; s++)
            {
                sum += dl[(s * outputs + j) * TILE];
            }

            if (last)
            {
                real bj = sum * inverse;
                if (clip_value > 0.0f)
                {
                    bj = clamp(bj, -clip_value, clip_value);
                }

                ST(gb, j, bj);
                squares = fma(bj, bj, squares);
            }
            else
            {
                ST(gb, j, sum);
            }

            const int row = j * inputs;
            int k = 0;
            for (; k + 4 <= inputs; k += 4)
            {
                real g0 = b == 0 ? zero : LD(gw, row + k);
                real g1 = b == 0 ? zero : LD(gw, row + k + 1);
                real g2 = b == 0 ? zero : LD(gw, row + k + 2);
                real g3 = b == 0 ? zero : LD(gw, row + k + 3);
                for (int s = 0; s < own; s++)
                {
                    const real dj = dl[(s * outputs + j) * TILE];
                    __local const float* xs = xl + (s * inputs + k) * TILE;
                    g0 = fma(dj, xs[0], g0);
                    g1 = fma(dj, xs[TILE], g1);
                    g2 = fma(dj, xs[2 * TILE], g2);
                    g3 = fma(dj, xs[3 * TILE], g3);
                }

                if (last)
                {
                    squares = weight_gradient(g0, inverse, LD(wt, row + k), regularization, lambda, clip_value, gw, row + k, squares);
                    squares = weight_gradient(g1, inverse, LD(wt, row + k + 1), regularization, lambda, clip_value, gw, row + k + 1, squares);
                    squares = weight_gradient(g2, inverse, LD(wt, row + k + 2), regularization, lambda, clip_value, gw, row + k + 2, squares);
                    squares = weight_gradient(g3, inverse, LD(wt, row + k + 3), regularization, lambda, clip_value, gw, row + k + 3, squares);
                }
                else
                {
                    ST(gw, row + k, g0);
                    ST(gw, row + k + 1, g1);
                    ST(gw, row + k + 2, g2);
                    ST(gw, row + k + 3, g3);
                }
            }

            for (; k < inputs; k++)
            {
                real g = b == 0 ? zero : LD(gw, row + k);
                for (int s = 0; s < own; s++)
                {
                    g = fma(dl[(s * outputs + j) * TILE], xl[(s * inputs + k) * TILE], g);
                }

                if (last)
                {
                    squares = weight_gradient(g, inverse, LD(wt, row + k), regularization, lambda, clip_value, gw, row + k, squares);
                }
                else
                {
                    ST(gw, row + k, g);
                }
            }
        }

        if (errors)
        {
            const int end = min(from + samples, n);
            for (int s = from + first; s < end; s += step)
            {
                input_error_sample(
                    inputs, outputs, (lanes_t)(s) < n, act, alpha, ROW(d, s * outputs), ROW(x, s * inputs),
                    ROW(dl, (s - from) * outputs), ROW(xl, (s - from) * inputs), 1, wt, lw + lane, staged, ROW(below, s * inputs));
            }
        }
    }

    return squares;
}
#endif

// Gather, forward, output error (each agent's mean loss to losses) and backward (each layer's
// gradient to grads, each agent's squared gradient norm to norms) for one tile. Shared cohorts
// read the parameters of tile 0 (their 16 copies). The GPU family's rows share each phase:
// samples (gather, forward, error, BP2) or outputs (gradients); GROUP_SYNC hands results on
// through the tile's scratch, and each layer's forward and backward read their blocks of
// samples' rows from local memory (layer_forward_blocked, layer_backward_blocked).
void batch_passes(
    int tile, int count, int shared, int ring, int loss, int regularization, float lambda, float clip_value,
    __global const int* table, __local float* lw, __local float* part,
    __global const float* ring_inputs, __global const float* ring_targets, __global const int* positions,
    __global const int* batch_of, __global float* scratch, __global const float* params, __global float* grads,
    __global float* norms, __global float* losses)
{
    const lanes_t n = load_counts(batch_of, tile, count);
    const int n_max = lanes_max(n);
    const int layers = TABLE(table, LT_LAYERS);
    const int stride = TABLE(table, LT_MAX_BATCH);
    const int first = ITEM_ROW();
    const int step = ITEM_ROWS();
#ifndef TILE_IN_VECTOR
    // The trip count of the GPU family's loops over blocks of samples (uniform over the group).
    const int n_tile = tile_max_batch(batch_of, tile, count);
#endif
    const int ptile = shared ? 0 : tile;
    __global float* block = TILED(scratch, TABLE(table, LT_TRAIN_SCRATCH), tile);
    const int last = layers - 1;
    const int last_outputs = LAYER(table, last, LT_OUTPUTS);
    __global float* xs = ROW(block, TABLE(table, LT_BATCH_INPUTS));
    __global float* ts = ROW(block, TABLE(table, LT_BATCH_TARGETS));
    gather(tile, count, ring, stride, LAYER(table, 0, LT_INPUTS), last_outputs, n_max, first, step, ring_inputs, ring_targets, positions, batch_of, xs, ts);
    GROUP_SYNC();

    for (int l = 0; l < layers; l++)
    {
        const int inputs = LAYER(table, l, LT_INPUTS);
        const int outputs = LAYER(table, l, LT_OUTPUTS);
        __global const float* wt = params + LAYER(table, l, LT_WEIGHTS) + (size_t)ptile * inputs * outputs * TILE;
        __global const float* bt = TILED(params + LAYER(table, l, LT_BIASES), outputs, ptile);
        __global const float* x = l == 0 ? xs : ROW(block, LAYER(table, l - 1, LT_ACTIVATIONS));
        __global float* a = ROW(block, LAYER(table, l, LT_ACTIVATIONS));
        const int act = LAYER(table, l, LT_ACT);
        const float alpha = LAYER_ALPHA(table, l);
#ifdef TILE_IN_VECTOR
        prefetch_layer(params, LAYER(table, l, LT_WEIGHTS), LAYER(table, l, LT_BIASES), inputs * outputs, outputs, tile + 1, count, shared);
        for (int s = first; s < n_max; s += step)
        {
            if (l == 0)
            {
                prefetch_samples(tile + 1, s, s + 1, count, ring, stride, inputs, last_outputs, ring_inputs, ring_targets, positions, batch_of);
            }

            dense(inputs, outputs, act, alpha, (lanes_t)(s) < n, 0, 1,
                  ROW(x, s * inputs), lw, 0, wt + ITEM_LANE(), lw, 0, bt, ROW(a, s * outputs));
        }

        if (l == 0)
        {
            prefetch_samples(tile + 1, n_max, stride, count, ring, stride, inputs, last_outputs, ring_inputs, ring_targets, positions, batch_of);
        }
#else
        layer_forward_blocked(inputs, outputs, act, alpha, n_max, n_tile, first, step, x, wt, lw, bt, a);
#endif

        GROUP_SYNC();
    }

    __global float* delta = ROW(block, TABLE(table, LT_DELTA_A));
    __global float* below = ROW(block, TABLE(table, LT_DELTA_B));
    const real total = output_error(
        last_outputs, LAYER(table, last, LT_ACT), LAYER_ALPHA(table, last), loss, n, n_max, first, step,
        ts, ROW(block, LAYER(table, last, LT_ACTIVATIONS)), delta);
    // Agents without a batch store a value nobody reads.
    store_agents(losses, tile, count, rows_sum(total, part) / TO_REAL(max(n, 1)));
    GROUP_SYNC();

    const real inverse = 1.0f / TO_REAL(max(n, 1));
    real squares = (real)(0.0f);
    for (int l = last; l >= 0; l--)
    {
        const int inputs = LAYER(table, l, LT_INPUTS);
        const int outputs = LAYER(table, l, LT_OUTPUTS);
        const int weights = inputs * outputs;
        __global const float* wt = params + LAYER(table, l, LT_WEIGHTS) + (size_t)ptile * weights * TILE;
        __global const float* x = l == 0 ? xs : ROW(block, LAYER(table, l - 1, LT_ACTIVATIONS));
        __global float* gw = TILED(grads + LAYER(table, l, LT_WEIGHTS), weights, tile);
        __global float* gb = TILED(grads + LAYER(table, l, LT_BIASES), outputs, tile);
        // BP2 (every layer but the first) with the weights before the update.
        const int errors = l > 0;
        const int act = errors ? LAYER(table, l - 1, LT_ACT) : ACT_IDENTITY;
        const float alpha = errors ? LAYER_ALPHA(table, l - 1) : 0.0f;
#ifdef TILE_IN_VECTOR
        squares = layer_gradients(
            inputs, outputs, n_max, inverse, regularization, lambda, clip_value, first, step, x, delta, wt + ITEM_LANE(), gw, gb, squares);
        if (errors)
        {
            layer_input_error(inputs, outputs, n, n_max, act, alpha, first, step, delta, wt + ITEM_LANE(), lw, 0, x, below);
        }
#else
        squares = layer_backward_blocked(
            inputs, outputs, n_max, n_tile, inverse, regularization, lambda, clip_value, first, step, x, delta, wt + ITEM_LANE(),
            gw, gb, errors, act, alpha, lw, below, squares);
#endif

        GROUP_SYNC();
        __global float* swap = delta;
        delta = below;
        below = swap;
    }

    store_agents(norms, tile, count, rows_sum(squares, part));
    GROUP_SYNC();
}

// passes: gather, forward, output error and backward (grads, norms and losses written);
// update: the optimiser step from grads, norms and losses (see update_all). An own-parameter
// cohort's step is one launch with both. A shared cohort runs the passes over its samples
// (shared = 1: one sample per lane, the set's copies in tile 0, no regularisation or clipping),
// shared_reduce, then the update alone over the set's 16 copies.
__kernel void train_pass(
    const int count,
    const int shared,
    const int passes,
    const int update,
    const int ring,
    const int loss,
    const int regularization,
    const float lambda,
    const float clip_value,
    const int optimizer,
    const float momentum,
    const float beta1,
    const float beta2,
    const float epsilon,
    const float clip_norm,
    __global const int* table,
    __global const float* ring_inputs,
    __global const float* ring_targets,
    __global const int* positions,
    __global const int* batch_of,
    __global const float* coeff,
    __global float* scratch,
    __global float* params,
    __global float* grads,
    __global float* state1,
    __global float* state2,
    __global float* norms,
    __global float* losses)
{
    __local float lw[LOCAL_FLOATS];
    __local float part[PART_FLOATS];
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    if (passes)
    {
        batch_passes(
            tile, count, shared, ring, loss, regularization, lambda, clip_value, table, lw, part,
            ring_inputs, ring_targets, positions, batch_of, scratch, params, grads, norms, losses);
    }

    if (update)
    {
        update_all(
            tile, count, table, part, optimizer, momentum, beta1, beta2, epsilon, clip_norm,
            batch_of, coeff, norms, params, grads, state1, state2, losses);
    }
}
