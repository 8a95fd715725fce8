// The optimiser step, the last phase of train_pass, for every layer of this work-item's agents.
//
// Divergence: an agent's step is written only when every new parameter of every layer is
// finite. The update runs twice over the agent's parameters: once to find out (nothing stored),
// once to store, lanes whose step would not be finite keeping everything as it was. The second
// run reads what the first just read, from cache. This is the rollback without a backup copy or
// a restore launch: a tile's whole step is one work-item's (CPU family) or one work-group's.

#define OPT_SGD 0
#define OPT_MOMENTUM 1
#define OPT_ADAM 2

// The optimiser's step for elements first, first + step, ... of n tiled values (p the
// parameters, g their gradient, s1 and s2 the state the optimiser keeps). With store 0 nothing
// is written; with store 1 the lanes in write get the new values. Returns, per lane, whether
// every new value is finite.
lanes_t apply(
    int optimizer, real eta, real scale, float mu, float beta1, float beta2, float eps, real c1, real c2, int store, lanes_t write,
    __global float* p, __global const float* g, __global float* s1, __global float* s2, int first, int step, int n)
{
    lanes_t finite = ALL_LANES;
    for (int i = first; i < n; i += step)
    {
        const real gi = LD(g, i) * scale;
        const real pi = LD(p, i);
        real next;
        if (optimizer == OPT_SGD)
        {
            next = pi - eta * gi;
        }
        else if (optimizer == OPT_MOMENTUM)
        {
            const real si = LD(s1, i);
            const real v = fma((real)(mu), si, gi);
            next = pi - eta * v;
            if (store)
            {
                ST(s1, i, select(si, v, write));
            }
        }
        else
        {
            const real si = LD(s1, i);
            const real ti = LD(s2, i);
            const real m = fma((real)(beta1), si, (1.0f - beta1) * gi);
            const real v = fma((real)(beta2), ti, (1.0f - beta2) * (gi * gi));
            next = pi - eta * ((m * c1) / (sqrt(v * c2) + eps));
            if (store)
            {
                ST(s1, i, select(si, m, write));
                ST(s2, i, select(ti, v, write));
            }
        }

        if (store)
        {
            ST(p, i, select(pi, next, write));
        }

        finite = finite & isfinite(next);
    }

    return finite;
}

// One run of the optimiser over every layer's weights and biases (see apply); returns, per
// lane, whether every new value is finite.
lanes_t apply_all(
    int tile, __global const int* table, int optimizer, real eta, real scale, float mu, float beta1, float beta2, float eps,
    real c1, real c2, int store, lanes_t write,
    __global float* params, __global const float* grads, __global float* state1, __global float* state2)
{
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
                optimizer, eta, scale, mu, beta1, beta2, eps, c1, c2, store, write,
                TILED(params + at, size, tile), TILED(grads + at, size, tile),
                TILED(state1 + at, size, tile), TILED(state2 + at, size, tile),
                ITEM_ROW(), ITEM_ROWS(), size);
        }
    }

    return finite;
}

// The optimiser step of every layer for this work-item's agents, from the gradients in grads
// and each agent's loss and squared gradient norm (clip by global norm). An agent whose loss is
// not finite writes nothing; nor does one whose new parameters would not all be finite, and its
// status (losses[count + agent]) says so with 0 (the host reports it rolled back). Agents
// without a batch keep everything, their status included.
void update_all(
    int tile, int count, __global const int* table, __local float* part,
    int optimizer, float momentum, float beta1, float beta2, float epsilon, float clip_norm,
    __global const int* batch_of, __global const float* coeff, __global const float* norms,
    __global float* params, __global const float* grads, __global float* state1, __global float* state2,
    __global float* losses)
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
    const lanes_t finite = apply_all(
        tile, table, optimizer, eta, scale, momentum, beta1, beta2, epsilon, c1, c2, 0, active, params, grads, state1, state2);

    // Every row of the tile must have found its share finite (GPU family; the CPU family's item is the tile).
    const lanes_t stood = rows_sum(select(zero, one, finite), part) == (real)(ITEM_ROWS());
    apply_all(tile, table, optimizer, eta, scale, momentum, beta1, beta2, epsilon, c1, c2, 1, active & stood, params, grads, state1, state2);
    store_agents(status, tile, count, select(before, select(one, select(zero, one, stood), active), trains));
    GROUP_SYNC();
}
