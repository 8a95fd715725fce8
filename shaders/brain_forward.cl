// Inference: one launch per layer for the whole cohort. The first layer reads the host's
// input rows [count][inputs] (in_rows = 1), copying this work-item's agents into the tiled
// scratch xs first; the last layer also writes the host's output rows [count][outputs]
// (out_rows = 1). In between, activations stay tiled in y.

__kernel void forward_layer(
    const int count,
    const int inputs,
    const int outputs,
    const int act,
    const float alpha,
    const int in_rows,
    const int out_rows,
    __global const float* x,
    __global float* xs,
    __global const float* w,
    __global const float* b,
    __global float* y,
    __global float* rows)
{
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    __global const float* xt = TILED(x, inputs, tile);
    if (in_rows)
    {
        __global float* st = xs + (size_t)tile * inputs * TILE;
        for (int i = 0; i < ITEM_LANES; i++)
        {
            const int lane = ITEM_LANE() + i;
            const int agent = tile * TILE + lane;
            for (int k = 0; k < inputs; k++)
            {
                st[k * TILE + lane] = agent < count ? x[(size_t)agent * inputs + k] : 0.0f;
            }
        }

        xt = TILED(xs, inputs, tile);
    }

    __global float* yt = TILED(y, outputs, tile);
    dense(inputs, outputs, act, alpha, ALL_LANES, xt, TILED(w, outputs * inputs, tile), TILED(b, outputs, tile), 0, yt);
    if (out_rows)
    {
        __global const float* ys = y + (size_t)tile * outputs * TILE;
        for (int i = 0; i < ITEM_LANES; i++)
        {
            const int lane = ITEM_LANE() + i;
            const int agent = tile * TILE + lane;
            if (agent < count)
            {
                for (int j = 0; j < outputs; j++)
                {
                    rows[(size_t)agent * outputs + j] = ys[j * TILE + lane];
                }
            }
        }
    }
}
