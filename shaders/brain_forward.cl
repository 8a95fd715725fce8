// Inference: one launch per layer for the whole cohort. The first layer reads the host's
// input rows [count][inputs] (in_rows = 1), copying this work-item's agents into the tiled
// scratch xs first; the last layer also writes the host's output rows [count][outputs]
// (out_rows = 1). In between, activations stay tiled in y. The CPU family runs a work-item per
// tile, the GPU family a work-group per tile. A shared-parameter cohort (shared = 1) keeps its
// one parameter set as a tile of 16 identical copies, read by every tile: each lane reads its
// own copy, so the loads stay consecutive, and the layer is a GEMM of 16 rows by the set.

__kernel void forward_layer(
    const int count,
    const int inputs,
    const int outputs,
    const int act,
    const float alpha,
    const int in_rows,
    const int out_rows,
    const int shared,
    __global const float* x,
    __global float* xs,
    __global const float* w,
    __global const float* b,
    __global float* y,
    __global float* rows)
{
#ifdef TILE_IN_VECTOR
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    __global const float* xt = TILED(x, inputs, tile);
    if (in_rows)
    {
        __global float* st = xs + (size_t)tile * inputs * TILE;
        for (int lane = 0; lane < TILE; lane++)
        {
            const int agent = tile * TILE + lane;
            for (int k = 0; k < inputs; k++)
            {
                st[k * TILE + lane] = agent < count ? x[(size_t)agent * inputs + k] : 0.0f;
            }
        }

        xt = TILED(xs, inputs, tile);
    }

    __global float* yt = TILED(y, outputs, tile);
    const int ptile = shared ? 0 : tile;
    dense(inputs, outputs, act, alpha, ALL_LANES, xt, TILED(w, outputs * inputs, ptile), TILED(b, outputs, ptile), 0, yt);
    if (out_rows)
    {
        for (int lane = 0; lane < TILE; lane++)
        {
            const int agent = tile * TILE + lane;
            if (agent < count)
            {
                for (int j = 0; j < outputs; j++)
                {
                    rows[(size_t)agent * outputs + j] = yt[j * TILE + lane];
                }
            }
        }
    }
#else
    // A work-group per tile (see dense_rows); every branch around a barrier is uniform.
    __local float lw[LOCAL_WEIGHTS];
    const int tile = GROUP_TILE();
    const int lane = GROUP_LANE();
    const int agent = tile * TILE + lane;
    if (tile * TILE >= count)
    {
        return;
    }

    __global const float* xt = x + (size_t)tile * inputs * TILE + lane;
    if (in_rows)
    {
        __global float* st = xs + (size_t)tile * inputs * TILE;
        for (int k = GROUP_ROW(); k < inputs; k += GROUP_ROWS())
        {
            st[k * TILE + lane] = agent < count ? x[(size_t)agent * inputs + k] : 0.0f;
        }

        barrier(CLK_GLOBAL_MEM_FENCE);
        xt = st + lane;
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

    __global float* yt = y + (size_t)tile * outputs * TILE + lane;
    dense_rows(inputs, outputs, act, alpha, staged, lw + lane, wt + lane, xt, b + (size_t)ptile * outputs * TILE + lane, 0, yt);
    if (out_rows)
    {
        barrier(CLK_GLOBAL_MEM_FENCE);
        for (int j = GROUP_ROW(); j < outputs && agent < count; j += GROUP_ROWS())
        {
            rows[(size_t)agent * outputs + j] = yt[j * TILE];
        }
    }
#endif
}
