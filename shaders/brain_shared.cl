// A shared-parameter cohort's step runs train_pass's passes over its batch, one sample per lane
// against the set's 16 identical copies, with neither regularisation nor clipping, so grads holds
// each sample's own gradient (the surplus lanes of the last tile hold zeros: they have no batch).
// shared_reduce turns them into the set's gradient in one work-group for every layer:
// - a parameter's sum over the samples is split over lanes (GPU family: 16 work-items read a
//   tile's 16 samples of it at consecutive addresses; CPU family: one float16), then the lanes
//   are added up;
// - the mean, the regularisation term and clip by value follow, and the result goes to all 16
//   copies of set_grads (tile 0), for train_pass's update over the copies;
// - the squared norm and the mean loss are tree reductions over the work-group in local memory,
//   written to the copies' norms and losses.

// The sum of v over the work-group (a power of two of work-items, at most GROUP_SIZE), handed
// to every work-item.
float tree_sum(float v, __local float* tree)
{
    const int item = get_local_id(0);
    tree[item] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int span = get_local_size(0) / 2; span > 0; span /= 2)
    {
        if (item < span)
        {
            tree[item] += tree[item + span];
        }

        barrier(CLK_LOCAL_MEM_FENCE);
    }

    const float total = tree[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return total;
}

#ifdef TILE_IN_VECTOR
// A work-item takes parameters item, item + GROUP_SIZE, ... over all 16 lanes at once.
#define REDUCE_FIRST() ((int)get_local_id(0))
#define REDUCE_STEP() ((int)get_local_size(0))
#define REDUCE_WRITES() 1

// The sum of a float16's lanes.
float lanes_total(real v, __local float* tree)
{
    const float8 a = v.lo + v.hi;
    const float4 b = a.lo + a.hi;
    const float2 c = b.lo + b.hi;
    return c.x + c.y;
}
#else
// A row of 16 work-items takes parameters row, row + rows, ..., a lane each.
#define REDUCE_FIRST() ITEM_ROW()
#define REDUCE_STEP() ITEM_ROWS()
#define REDUCE_WRITES() (ITEM_LANE() == 0)

// The sum over a row's 16 lanes, handed to every lane of the row; the whole group calls this.
float lanes_total(real v, __local float* tree)
{
    tree[get_local_id(0)] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    float total = 0.0f;
    for (int l = 0; l < TILE; l++)
    {
        total += tree[ITEM_ROW() * TILE + l];
    }

    barrier(CLK_LOCAL_MEM_FENCE);
    return total;
}
#endif

__kernel void shared_reduce(
    const int samples,
    const int regularization,
    const float lambda,
    const float clip_value,
    __global const int* table,
    __global const float* params,
    __global const float* sample_grads,
    __global const float* sample_losses,
    __global float* set_grads,
    __global float* norms,
    __global float* losses)
{
    __local float tree[GROUP_SIZE];
    const int tiles = (samples + TILE - 1) / TILE;
    const float inverse = 1.0f / samples;
    const int first = REDUCE_FIRST();
    const int step = REDUCE_STEP();
    float squares = 0.0f;
    for (int l = 0; l < TABLE(table, LT_LAYERS); l++)
    {
        const int outputs = LAYER(table, l, LT_OUTPUTS);
        const int weights = outputs * LAYER(table, l, LT_INPUTS);
        for (int r = 0; r < 2; r++)
        {
            const int at = r == 0 ? LAYER(table, l, LT_WEIGHTS) : LAYER(table, l, LT_BIASES);
            const int size = r == 0 ? weights : outputs;
            // The same number of rounds for every work-item, so lanes_total's barriers are uniform.
            for (int base = 0; base < size; base += step)
            {
                const int p = base + first;
                real sum = (real)(0.0f);
                for (int t = 0; t < tiles && p < size; t++)
                {
                    sum += LD(TILED(sample_grads + at, size, t), p);
                }

                float g = lanes_total(sum, tree) * inverse;
                if (p >= size)
                {
                    continue;
                }

                if (r == 0)
                {
                    const float wp = params[at + (size_t)p * TILE];
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

                if (REDUCE_WRITES())
                {
                    squares = fma(g, g, squares);
                }

                for (int lane = ITEM_LANE(); lane < TILE; lane += TILE / ITEM_LANES)
                {
                    set_grads[at + (size_t)p * TILE + lane] = g;
                }
            }
        }
    }

    const float norm = tree_sum(squares, tree);
    float loss = 0.0f;
    for (int v = get_local_id(0); v < samples; v += get_local_size(0))
    {
        loss += sample_losses[v];
    }

    loss = tree_sum(loss, tree) * inverse;
    for (int lane = get_local_id(0); lane < TILE; lane += get_local_size(0))
    {
        norms[lane] = norm;
        losses[lane] = loss;
    }
}
