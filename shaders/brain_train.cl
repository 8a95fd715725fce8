// One training step of every learning agent, batched over the cohort: per layer one
// forward launch, one output-error launch, per layer one backward launch (BP2-BP4 with
// regularisation and clip-by-value folded in), per layer one update launch; in a frame where
// an agent's new parameters are not finite, per layer one restore launch after the host's
// read. The launch count depends on the layer count only.
//
// Per-agent step data the host writes each step: batch_of[agent] (0: the agent does not
// train this step), positions[agent][max_batch] (ring positions the host drew, so every
// backend trains on the same samples), and three coefficient arrays of count floats each
// (learning-rate scale, Adam's two bias corrections, computed in double on the host as the CPU
// path does). losses holds each agent's loss, then each agent's update status.
// Tiled scratch per agent: the gathered batch xs [max_batch][inputs] and targets
// ts [max_batch][outputs], z and a per layer [max_batch][outputs], deltas
// [max_batch][width] with width the widest layer. Samples past an agent's batch are 0 in
// all of them, so loops run to the tile's largest batch and add exact zeros.

#define LOSS_QUADRATIC 0
#define LOSS_BINARY_CE 1
#define LOSS_SOFTMAX_CE 2

#define OPT_SGD 0
#define OPT_MOMENTUM 1
#define OPT_ADAM 2

#define REG_NONE 0
#define REG_L1 1
#define REG_L2 2

// A reported loss clamps saturated outputs so it stays finite (as the CPU path does).
#define LOSS_FLOOR 1e-7f

// Copies this work-item's agents' drawn ring rows (width floats each) into tiled scratch
// [max_batch][width], zero past each agent's batch.
void gather_batch(
    int tile, int count, int max_batch, int ring, int width, int n_max,
    __global const float* rows, __global const int* positions, __global const int* batch_of,
    __global float* tiled)
{
    __global float* base = tiled + (size_t)tile * max_batch * width * TILE;
    for (int i = 0; i < ITEM_LANES; i++)
    {
        const int lane = ITEM_LANE() + i;
        const int agent = tile * TILE + lane;
        const int n = agent < count ? batch_of[agent] : 0;
        for (int s = 0; s < n_max; s++)
        {
            __global const float* row = rows + ((size_t)agent * ring + (s < n ? positions[agent * max_batch + s] : 0)) * width;
            for (int k = 0; k < width; k++)
            {
                base[(s * width + k) * TILE + lane] = s < n ? row[k] : 0.0f;
            }
        }
    }
}

__kernel void train_forward_layer(
    const int count,
    const int max_batch,
    const int ring,
    const int inputs,
    const int outputs,
    const int act,
    const float alpha,
    const int from_ring,
    const int shared,
    __global const float* src,
    __global const int* positions,
    __global const int* batch_of,
    __global float* xs,
    __global const float* w,
    __global const float* b,
    __global float* z,
    __global float* a)
{
#ifdef TILE_IN_VECTOR
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    const lanes_t n = load_counts(batch_of, tile, count);
    const int n_max = lanes_max(n);
    __global const float* x = TILED(src, max_batch * inputs, tile);
    if (from_ring)
    {
        gather_batch(tile, count, max_batch, ring, inputs, n_max, src, positions, batch_of, xs);
        x = TILED(xs, max_batch * inputs, tile);
    }

    const int ptile = shared ? 0 : tile;
    __global const float* wt = TILED(w, outputs * inputs, ptile);
    __global const float* bt = TILED(b, outputs, ptile);
    __global float* zt = TILED(z, max_batch * outputs, tile);
    __global float* at = TILED(a, max_batch * outputs, tile);
    for (int s = 0; s < n_max; s++)
    {
        const lanes_t keep = (lanes_t)(s) < n;
        dense(inputs, outputs, act, alpha, keep, ROW(x, s * inputs), wt, bt, ROW(zt, s * outputs), ROW(at, s * outputs));
    }
#else
    // A work-group per tile (see dense_rows); each lane runs its own batch, every barrier is
    // outside the per-lane loops.
    __local float lw[LOCAL_WEIGHTS];
    const int tile = GROUP_TILE();
    const int lane = GROUP_LANE();
    const int agent = tile * TILE + lane;
    if (tile * TILE >= count)
    {
        return;
    }

    const int n = agent < count ? batch_of[agent] : 0;
    __global const float* x = src + (size_t)tile * max_batch * inputs * TILE + lane;
    if (from_ring)
    {
        __global float* st = xs + (size_t)tile * max_batch * inputs * TILE;
        for (int s = 0; s < n; s++)
        {
            __global const float* row = src + ((size_t)agent * ring + positions[agent * max_batch + s]) * inputs;
            for (int k = GROUP_ROW(); k < inputs; k += GROUP_ROWS())
            {
                st[(s * inputs + k) * TILE + lane] = row[k];
            }
        }

        barrier(CLK_GLOBAL_MEM_FENCE);
        x = st + lane;
    }

    const int weights = outputs * inputs * TILE;
    const int staged = weights <= LOCAL_WEIGHTS;
    const int ptile = shared ? 0 : tile;
    __global const float* wt = w + (size_t)ptile * weights;
    if (staged)
    {
        stage(lw, wt, weights);
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    __global const float* bt = b + (size_t)ptile * outputs * TILE + lane;
    __global float* zt = z + (size_t)tile * max_batch * outputs * TILE + lane;
    __global float* at = a + (size_t)tile * max_batch * outputs * TILE + lane;
    for (int s = 0; s < n; s++)
    {
        dense_rows(inputs, outputs, act, alpha, staged, lw + lane, wt + lane, ROW(x, s * inputs), bt, ROW(zt, s * outputs), ROW(at, s * outputs));
    }
#endif
}

// BP1 and the batch's mean loss.
__kernel void train_output_error(
    const int count,
    const int max_batch,
    const int ring,
    const int width,
    const int outputs,
    const int act,
    const float alpha,
    const int loss,
    __global const float* targets,
    __global const int* positions,
    __global const int* batch_of,
    __global float* ts,
    __global const float* z,
    __global const float* a,
    __global float* delta,
    __global float* loss_out)
{
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    const lanes_t n = load_counts(batch_of, tile, count);
    const int n_max = lanes_max(n);
    gather_batch(tile, count, max_batch, ring, outputs, n_max, targets, positions, batch_of, ts);
    __global const float* yt = TILED(ts, max_batch * outputs, tile);
    __global const float* zt = TILED(z, max_batch * outputs, tile);
    __global const float* at = TILED(a, max_batch * outputs, tile);
    __global float* dt = TILED(delta, max_batch * width, tile);
    const real zero = (real)(0.0f);
    real total = zero;
    for (int s = 0; s < n_max; s++)
    {
        const lanes_t keep = (lanes_t)(s) < n;
        __global const float* y = ROW(yt, s * outputs);
        __global float* d = ROW(dt, s * width);
        real mass = zero;
        for (int j = 0; j < outputs; j++)
        {
            mass += LD(y, j);
        }

        for (int j = 0; j < outputs; j++)
        {
            const real aj = LD(at, s * outputs + j);
            const real yj = LD(y, j);
            real term;
            real dj;
            if (loss == LOSS_QUADRATIC)
            {
                term = 0.5f * (yj - aj) * (yj - aj);
                dj = (aj - yj) * derivative(act, alpha, LD(zt, s * outputs + j), aj);
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

    // Agents without a batch store a value nobody reads.
    store_agents(loss_out, tile, count, total / TO_REAL(max(n, 1)));
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

// BP2's last factor: delta_below = sum (.) sigma'(z) of the layer below, 0 past the batch.
void delta_store(real sum, lanes_t keep, int act, float alpha, int at, int to, __global const float* zb, __global const float* x, __global float* below)
{
    const real v = sum * derivative(act, alpha, LD(zb, at), LD(x, at));
    ST(below, to, select((real)(0.0f), v, keep));
}

// BP3/BP4 (batch means) with regularisation and clip-by-value, the squared norm of the
// result added to norm2, then BP2 for the layer below. a_in is the layer's tiled input (the
// gathered batch for the first layer).
__kernel void train_backward_layer(
    const int count,
    const int max_batch,
    const int width,
    const int inputs,
    const int outputs,
    const int first_of_step,
    const int has_below,
    const int below_act,
    const float below_alpha,
    const int regularization,
    const float lambda,
    const float clip_value,
    const int shared,
    __global const float* a_in,
    __global const float* z_below,
    __global const int* batch_of,
    __global const float* w,
    __global const float* delta,
    __global float* delta_below,
    __global float* grad,
    __global float* norm2)
{
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    const lanes_t n = load_counts(batch_of, tile, count);
    const int n_max = lanes_max(n);
    const real inverse = 1.0f / TO_REAL(max(n, 1));
    const real zero = (real)(0.0f);
    __global const float* wt = TILED(w, outputs * inputs, shared ? 0 : tile);
    __global float* g = TILED(grad, outputs * inputs + outputs, tile);
    __global const float* d = TILED(delta, max_batch * width, tile);
    __global const float* x = TILED(a_in, max_batch * inputs, tile);
    real squares = zero;
    for (int j = 0; j < outputs; j++)
    {
        real gb = zero;
        for (int s = 0; s < n_max; s++)
        {
            gb += LD(d, s * width + j);
        }

        gb *= inverse;
        if (clip_value > 0.0f)
        {
            gb = clamp(gb, -clip_value, clip_value);
        }

        ST(g, outputs * inputs + j, gb);
        squares = fma(gb, gb, squares);
        // Four inputs at a time: each delta is loaded once for four multiply-adds. The results
        // are finished in input order, so the squared norm adds up as one at a time would.
        int k = 0;
        for (; k + 4 <= inputs; k += 4)
        {
            real g0 = zero;
            real g1 = zero;
            real g2 = zero;
            real g3 = zero;
            for (int s = 0; s < n_max; s++)
            {
                const real dj = LD(d, s * width + j);
                __global const float* xs = ROW(x, s * inputs + k);
                g0 = fma(dj, LD(xs, 0), g0);
                g1 = fma(dj, LD(xs, 1), g1);
                g2 = fma(dj, LD(xs, 2), g2);
                g3 = fma(dj, LD(xs, 3), g3);
            }

            squares = weight_gradient(g0, inverse, LD(wt, j * inputs + k), regularization, lambda, clip_value, g, j * inputs + k, squares);
            squares = weight_gradient(g1, inverse, LD(wt, j * inputs + k + 1), regularization, lambda, clip_value, g, j * inputs + k + 1, squares);
            squares = weight_gradient(g2, inverse, LD(wt, j * inputs + k + 2), regularization, lambda, clip_value, g, j * inputs + k + 2, squares);
            squares = weight_gradient(g3, inverse, LD(wt, j * inputs + k + 3), regularization, lambda, clip_value, g, j * inputs + k + 3, squares);
        }

        for (; k < inputs; k++)
        {
            real gw = zero;
            for (int s = 0; s < n_max; s++)
            {
                gw = fma(LD(d, s * width + j), LD(x, s * inputs + k), gw);
            }

            squares = weight_gradient(gw, inverse, LD(wt, j * inputs + k), regularization, lambda, clip_value, g, j * inputs + k, squares);
        }
    }

    __global float* norm = AGENTS(norm2, tile);
    STA(norm, first_of_step ? squares : LDA(norm) + squares);
    if (!has_below)
    {
        return;
    }

    // BP2 with the weights before this step's update: delta_below = (W^T delta) (.) sigma'(z).
    __global float* below = TILED(delta_below, max_batch * width, tile);
    __global const float* zb = TILED(z_below, max_batch * inputs, tile);
    for (int s = 0; s < n_max; s++)
    {
        const lanes_t keep = (lanes_t)(s) < n;
        // Four inputs at a time, as above.
        __global const float* ds = ROW(d, s * width);
        int k = 0;
        for (; k + 4 <= inputs; k += 4)
        {
            real s0 = zero;
            real s1 = zero;
            real s2 = zero;
            real s3 = zero;
            for (int j = 0; j < outputs; j++)
            {
                const real dj = LD(ds, j);
                __global const float* wj = ROW(wt, j * inputs + k);
                s0 = fma(LD(wj, 0), dj, s0);
                s1 = fma(LD(wj, 1), dj, s1);
                s2 = fma(LD(wj, 2), dj, s2);
                s3 = fma(LD(wj, 3), dj, s3);
            }

            delta_store(s0, keep, below_act, below_alpha, s * inputs + k, s * width + k, zb, x, below);
            delta_store(s1, keep, below_act, below_alpha, s * inputs + k + 1, s * width + k + 1, zb, x, below);
            delta_store(s2, keep, below_act, below_alpha, s * inputs + k + 2, s * width + k + 2, zb, x, below);
            delta_store(s3, keep, below_act, below_alpha, s * inputs + k + 3, s * width + k + 3, zb, x, below);
        }

        for (; k < inputs; k++)
        {
            real sum = zero;
            for (int j = 0; j < outputs; j++)
            {
                sum = fma(LD(wt, j * inputs + k), LD(ds, j), sum);
            }

            delta_store(sum, keep, below_act, below_alpha, s * inputs + k, s * width + k, zb, x, below);
        }
    }
}

// A shared-parameter cohort's step runs the layer kernels over its batch, one sample per
// "agent" (shared = 1: every tile reads the set's tile of identical copies), with neither
// regularisation nor clipping, so grad holds each sample's own gradient. This kernel turns them
// into the set's: the mean over the samples, the regularisation term, clip by value, the
// squared norm, written to all 16 copies, and (with the last layer, first of the backward
// pass) the mean loss. The update then runs over the 16 copies, which stay identical.
// One work-item: a shared set is one set, and the sums keep the samples' order.
__kernel void shared_reduce_layer(
    const int samples,
    const int inputs,
    const int outputs,
    const int first_of_step,
    const int regularization,
    const float lambda,
    const float clip_value,
    __global const float* sample_grad,
    __global const float* w,
    __global const float* sample_losses,
    __global float* grad,
    __global float* norm2,
    __global float* losses)
{
    if (get_global_id(0) != 0)
    {
        return;
    }

    const int weights = outputs * inputs;
    const int parameters = weights + outputs;
    const float inverse = 1.0f / samples;
    float squares = 0.0f;
    for (int p = 0; p < parameters; p++)
    {
        float sum = 0.0f;
        for (int v = 0; v < samples; v++)
        {
            sum += sample_grad[((size_t)(v / TILE) * parameters + p) * TILE + v % TILE];
        }

        float g = sum * inverse;
        if (p < weights)
        {
            const float wp = w[p * TILE];
            if (regularization == REG_L2)
            {
                g = fma(lambda, wp, g);
            }
            else if (regularization == REG_L1)
            {
                g = fma(lambda, sign(wp), g);
            }
        }

        if (clip_value > 0.0f)
        {
            g = clamp(g, -clip_value, clip_value);
        }

        squares = fma(g, g, squares);
        for (int lane = 0; lane < TILE; lane++)
        {
            grad[p * TILE + lane] = g;
        }
    }

    const float norm = first_of_step ? squares : norm2[0] + squares;
    float loss = 0.0f;
    if (first_of_step)
    {
        for (int v = 0; v < samples; v++)
        {
            loss += sample_losses[v];
        }

        loss *= inverse;
    }

    for (int lane = 0; lane < TILE; lane++)
    {
        norm2[lane] = norm;
        if (first_of_step)
        {
            losses[lane] = loss;
        }
    }
}

// Updates n tiled values in place for the lanes in active, copying each value and its
// optimiser state aside first (bp, b1, b2: the rollback if the agent's step diverges).
// Returns, per lane, whether every new value is finite.
lanes_t apply(
    int optimizer, real eta, real scale, float mu, float beta1, float beta2, float eps, real c1, real c2, lanes_t active,
    __global float* p, __global const float* g, __global float* s1, __global float* s2,
    __global float* bp, __global float* b1, __global float* b2, int n)
{
    lanes_t finite = ALL_LANES;
    for (int i = 0; i < n; i++)
    {
        const real gi = LD(g, i) * scale;
        const real pi = LD(p, i);
        ST(bp, i, pi);
        real next;
        if (optimizer == OPT_SGD)
        {
            next = pi - eta * gi;
        }
        else if (optimizer == OPT_MOMENTUM)
        {
            const real si = LD(s1, i);
            ST(b1, i, si);
            const real v = fma((real)(mu), si, gi);
            ST(s1, i, select(si, v, active));
            next = pi - eta * v;
        }
        else
        {
            const real si = LD(s1, i);
            const real ti = LD(s2, i);
            ST(b1, i, si);
            ST(b2, i, ti);
            const real m = fma((real)(beta1), si, (1.0f - beta1) * gi);
            const real v = fma((real)(beta2), ti, (1.0f - beta2) * (gi * gi));
            ST(s1, i, select(si, m, active));
            ST(s2, i, select(ti, v, active));
            next = pi - eta * ((m * c1) / (sqrt(v * c2) + eps));
        }

        next = select(pi, next, active);
        ST(p, i, next);
        finite = finite & isfinite(next);
    }

    return finite;
}

// Copies of an agent's layer the update keeps for rollback: the parameters, plus one per kind
// of optimiser state, laid out [parameters][first state][second state] per agent.
int backup_copies(int optimizer)
{
    return optimizer == OPT_SGD ? 1 : (optimizer == OPT_MOMENTUM ? 2 : 3);
}

// The optimiser step for one layer; the clip-by-norm scale comes from the whole agent's norm.
// An agent whose loss is not finite writes nothing (its parameters are still the last good
// ones). Otherwise the old values go to backup and its status (losses[count + agent]) says
// whether all of the agent's new parameters so far are finite: 0 sends the agent to
// train_restore_layer. Agents without a batch keep everything, their status included.
__kernel void train_update_layer(
    const int count,
    const int inputs,
    const int outputs,
    const int optimizer,
    const int first_of_step,
    const float learning_rate,
    const float momentum,
    const float beta1,
    const float beta2,
    const float epsilon,
    const float clip_norm,
    __global const int* batch_of,
    __global const float* coeff,
    __global const float* norm2,
    __global const float* grad,
    __global float* losses,
    __global float* backup,
    __global float* w,
    __global float* b,
    __global float* s1w,
    __global float* s1b,
    __global float* s2w,
    __global float* s2b)
{
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    const real zero = (real)(0.0f);
    const real one = (real)(1.0f);
    const lanes_t n = load_counts(batch_of, tile, count);
    const lanes_t trains = n > 0;
    const lanes_t active = trains & isfinite(load_agents(losses, tile, count));
    __global float* status = losses + count;
    const real before = load_agents(status, tile, count);

    real scale = one;
    if (clip_norm > 0.0f)
    {
        const real norm = sqrt(LDA(AGENTS(norm2, tile)));
        scale = select(one, clip_norm / norm, norm > clip_norm);
    }

    const real eta = learning_rate * load_agents(coeff, tile, count);
    const real c1 = load_agents(coeff + count, tile, count);
    const real c2 = load_agents(coeff + 2 * count, tile, count);
    const int weights = outputs * inputs;
    const int parameters = weights + outputs;
    __global const float* g = TILED(grad, parameters, tile);
    __global float* bk = TILED(backup, parameters * backup_copies(optimizer), tile);
    __global float* s1 = TILED(s1w, weights, tile);
    __global float* s2 = TILED(s2w, weights, tile);
    const lanes_t finite_w = apply(
        optimizer, eta, scale, momentum, beta1, beta2, epsilon, c1, c2, active,
        TILED(w, weights, tile), g, s1, s2,
        bk, ROW(bk, parameters), ROW(bk, 2 * parameters),
        weights);
    const lanes_t finite_b = apply(
        optimizer, eta, scale, momentum, beta1, beta2, epsilon, c1, c2, active,
        TILED(b, outputs, tile), ROW(g, weights), TILED(s1b, outputs, tile), TILED(s2b, outputs, tile),
        ROW(bk, weights), ROW(bk, parameters + weights), ROW(bk, 2 * parameters + weights),
        outputs);
    const lanes_t earlier = first_of_step ? (lanes_t)(ALL_LANES) : before != zero;
    const real stood = select(zero, one, finite_w & finite_b & earlier);
    store_agents(status, tile, count, select(before, select(one, stood, active), trains));
}

// Puts back one layer of every agent whose update left a non-finite parameter (status 0):
// parameters and optimiser state as they were before the step. Queued only in a frame where
// some agent diverged, before anything else can touch the backup.
void restore(__global float* destination, __global const float* source, int n, lanes_t back)
{
    for (int i = 0; i < n; i++)
    {
        ST(destination, i, select(LD(destination, i), LD(source, i), back));
    }
}

__kernel void train_restore_layer(
    const int count,
    const int inputs,
    const int outputs,
    const int optimizer,
    __global const int* batch_of,
    __global const float* losses,
    __global const float* backup,
    __global float* w,
    __global float* b,
    __global float* s1w,
    __global float* s1b,
    __global float* s2w,
    __global float* s2b)
{
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    const lanes_t n = load_counts(batch_of, tile, count);
    const lanes_t back = (n > 0) & (load_agents(losses + count, tile, count) == (real)(0.0f));
    const int weights = outputs * inputs;
    const int parameters = weights + outputs;
    __global const float* bk = TILED(backup, parameters * backup_copies(optimizer), tile);
    restore(TILED(w, weights, tile), bk, weights, back);
    restore(TILED(b, outputs, tile), ROW(bk, weights), outputs, back);
    if (optimizer != OPT_SGD)
    {
        restore(TILED(s1w, weights, tile), ROW(bk, parameters), weights, back);
        restore(TILED(s1b, outputs, tile), ROW(bk, parameters + weights), outputs, back);
    }

    if (optimizer == OPT_ADAM)
    {
        restore(TILED(s2w, weights, tile), ROW(bk, 2 * parameters), weights, back);
        restore(TILED(s2b, outputs, tile), ROW(bk, 2 * parameters + weights), outputs, back);
    }
}
