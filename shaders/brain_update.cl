// The optimiser step and its rollback, for every layer of this work-item's agents (the last
// phase of train_pass; train_restore after the host's read).
//
// Backups: the update copies every value it changes aside first, one parameter-shaped copy per
// kind (the parameters, then the first and second optimiser state: LT_PARAMETER_FLOATS floats
// apart), so an agent whose new parameters are not finite can be put back as it was.

#define OPT_SGD 0
#define OPT_MOMENTUM 1
#define OPT_ADAM 2

// Updates elements first, first + step, ... of n tiled values in place for the lanes in active,
// copying each value and its optimiser state aside first (bp, b1, b2). Returns, per lane,
// whether every new value is finite.
lanes_t apply(
    int optimizer, real eta, real scale, float mu, float beta1, float beta2, float eps, real c1, real c2, lanes_t active,
    __global float* p, __global const float* g, __global float* s1, __global float* s2,
    __global float* bp, __global float* b1, __global float* b2, int first, int step, int n)
{
    lanes_t finite = ALL_LANES;
    for (int i = first; i < n; i += step)
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

// The optimiser step of every layer for this work-item's agents, from the gradients in grads
// and each agent's loss and squared gradient norm (clip by global norm). An agent whose loss is
// not finite writes nothing (its parameters are still the last good ones). Otherwise the old
// values go to backup and its status (losses[count + agent]) says whether all of its new
// parameters are finite: 0 sends the agent to train_restore. Agents without a batch keep
// everything, their status included. Ends with GROUP_SYNC.
void update_all(
    int tile, int count, __global const int* table, __local float* part,
    int optimizer, float momentum, float beta1, float beta2, float epsilon, float clip_norm,
    __global const int* batch_of, __global const float* coeff, __global const float* norms,
    __global float* params, __global const float* grads, __global float* state1, __global float* state2,
    __global float* backup, __global float* losses)
{
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
        const real norm = sqrt(load_agents(norms, tile, count));
        scale = select(one, clip_norm / norm, norm > clip_norm);
    }

    const real eta = load_agents(coeff, tile, count);
    const real c1 = load_agents(coeff + count, tile, count);
    const real c2 = load_agents(coeff + 2 * count, tile, count);
    const int copy = TABLE(table, LT_PARAMETER_FLOATS);
    lanes_t finite = ALL_LANES;
    for (int l = 0; l < TABLE(table, LT_LAYERS); l++)
    {
        const int outputs = LAYER(table, l, LT_OUTPUTS);
        const int weights = outputs * LAYER(table, l, LT_INPUTS);
        // The weights' region, then the biases': the same offsets in every parameter-shaped buffer.
        for (int r = 0; r < 2; r++)
        {
            const int at = r == 0 ? LAYER(table, l, LT_WEIGHTS) : LAYER(table, l, LT_BIASES);
            const int size = r == 0 ? weights : outputs;
            finite &= apply(
                optimizer, eta, scale, momentum, beta1, beta2, epsilon, c1, c2, active,
                TILED(params + at, size, tile), TILED(grads + at, size, tile),
                TILED(state1 + at, size, tile), TILED(state2 + at, size, tile),
                TILED(backup + at, size, tile), TILED(backup + copy + at, size, tile), TILED(backup + 2 * copy + at, size, tile),
                ITEM_ROW(), ITEM_ROWS(), size);
        }
    }

    // Every row of the tile must have stayed finite (GPU family; the CPU family's item is the tile).
    const lanes_t stood = rows_sum(select(zero, one, finite), part) == (real)(ITEM_ROWS());
    store_agents(status, tile, count, select(before, select(one, select(zero, one, stood), active), trains));
    GROUP_SYNC();
}

// Puts back elements first, first + step, ... of n tiled values for the lanes in back.
void restore(__global float* destination, __global const float* source, int first, int step, int n, lanes_t back)
{
    for (int i = first; i < n; i += step)
    {
        ST(destination, i, select(LD(destination, i), LD(source, i), back));
    }
}

// Puts back every layer of every agent whose update left a non-finite parameter (status 0):
// parameters and optimiser state as they were before the step. Queued only in a frame where
// some agent diverged, before anything else can touch the backup.
__kernel void train_restore(
    const int count,
    const int optimizer,
    __global const int* table,
    __global const int* batch_of,
    __global const float* losses,
    __global const float* backup,
    __global float* params,
    __global float* state1,
    __global float* state2)
{
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    const lanes_t n = load_counts(batch_of, tile, count);
    const lanes_t back = (n > 0) & (load_agents(losses + count, tile, count) == (real)(0.0f));
    const int copy = TABLE(table, LT_PARAMETER_FLOATS);
    for (int l = 0; l < TABLE(table, LT_LAYERS); l++)
    {
        const int outputs = LAYER(table, l, LT_OUTPUTS);
        const int weights = outputs * LAYER(table, l, LT_INPUTS);
        for (int r = 0; r < 2; r++)
        {
            const int at = r == 0 ? LAYER(table, l, LT_WEIGHTS) : LAYER(table, l, LT_BIASES);
            const int size = r == 0 ? weights : outputs;
            restore(TILED(params + at, size, tile), TILED(backup + at, size, tile), ITEM_ROW(), ITEM_ROWS(), size, back);
            if (optimizer != OPT_SGD)
            {
                restore(TILED(state1 + at, size, tile), TILED(backup + copy + at, size, tile), ITEM_ROW(), ITEM_ROWS(), size, back);
            }

            if (optimizer == OPT_ADAM)
            {
                restore(TILED(state2 + at, size, tile), TILED(backup + 2 * copy + at, size, tile), ITEM_ROW(), ITEM_ROWS(), size, back);
            }
        }
    }
}
