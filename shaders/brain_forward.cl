// Inference: one launch for the whole cohort and every layer. A work-item (CPU family) or a
// work-group (GPU family) takes a tile of 16 agents through all layers: it copies the tile's
// input rows [count][inputs] into its tiled scratch, runs each layer from one half of the
// scratch into the other (the activations never leave the tile's few kilobytes, so they stay
// in cache), and writes the last layer's outputs as the host's rows [count][outputs]. The GPU
// family copies each layer's tile of weights and its input row into local memory when they fit.
// A shared-parameter cohort (shared = 1) keeps its one parameter set as a tile of 16 identical
// copies, read by every tile: each lane reads its own copy, so the loads stay consecutive, and
// the layer is a GEMM of 16 rows by the set.
// Scratch per agent (table): LT_FORWARD_SCRATCH floats, the input at 0, the two halves at
// LT_FORWARD_A and LT_FORWARD_B.

__kernel void forward_pass(
    const int count,
    const int shared,
    __global const int* table,
    __global const float* params,
    __global const float* rows_in,
    __global float* scratch,
    __global float* rows_out)
{
    __local float lw[LOCAL_FLOATS];
    const int tile = ITEM_TILE();
    if (tile * TILE >= count)
    {
        return;
    }

    const int layers = TABLE(table, LT_LAYERS);
    const int inputs = LAYER(table, 0, LT_INPUTS);
    const int outputs = LAYER(table, layers - 1, LT_OUTPUTS);
    __global float* block = TILED(scratch, TABLE(table, LT_FORWARD_SCRATCH), tile);

    // Rows to tiles: a work-item copies its lanes' rows (GPU: its rows of the inputs).
    for (int i = 0; i < ITEM_LANES; i++)
    {
        const int agent = tile * TILE + ITEM_LANE() + i;
        for (int k = ITEM_ROW(); k < inputs; k += ITEM_ROWS())
        {
            block[k * TILE + i] = agent < count ? rows_in[(size_t)agent * inputs + k] : 0.0f;
        }
    }

    GROUP_SYNC();
    const int ptile = shared ? 0 : tile;
    int from = 0;
    for (int l = 0; l < layers; l++)
    {
        const int in = LAYER(table, l, LT_INPUTS);
        const int out = LAYER(table, l, LT_OUTPUTS);
        const int to = l % 2 == 0 ? TABLE(table, LT_FORWARD_A) : TABLE(table, LT_FORWARD_B);
        __global const float* wt = params + LAYER(table, l, LT_WEIGHTS) + (size_t)ptile * in * out * TILE;
        // GPU family: every row of the group reads the whole input row, so it is copied once.
        int held;
        const int staged = stage_layer(lw, wt, in * out, ROW(block, from), in, &held);
        prefetch_layer(params, LAYER(table, l, LT_WEIGHTS), LAYER(table, l, LT_BIASES), in * out, out, tile + 1, count, shared);
        __global const float* bt = TILED(params + LAYER(table, l, LT_BIASES), out, ptile);
        dense(in, out, LAYER(table, l, LT_ACT), LAYER_ALPHA(table, l), ALL_LANES, ITEM_ROW(), ITEM_ROWS(),
              ROW(block, from), rows_after_weights(lw, staged, in * out) + ITEM_LANE(), held,
              wt + ITEM_LANE(), lw + ITEM_LANE(), staged, bt, ROW(block, to));
        GROUP_SYNC();
        from = to;
    }

    for (int i = 0; i < ITEM_LANES; i++)
    {
        const int agent = tile * TILE + ITEM_LANE() + i;
        for (int j = ITEM_ROW(); j < outputs && agent < count; j += ITEM_ROWS())
        {
            rows_out[(size_t)agent * outputs + j] = block[(from + j) * TILE + i];
        }
    }
}
