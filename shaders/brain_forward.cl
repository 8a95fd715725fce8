// Inference: one launch per layer for the whole cohort. x is [count][inputs], y is
// [count][outputs]; shared-parameter cohorts pass shared = 1 so every row reads slot 0.

__kernel void forward_layer(
    const int count,
    const int inputs,
    const int outputs,
    const int act,
    const float alpha,
    const int shared,
    __global const float* x,
    __global const float* w,
    __global const float* b,
    __global float* y)
{
    const int agent = get_global_id(0);
    if (agent >= count)
    {
        return;
    }

    const int slot = shared ? 0 : agent;
    dense(
        inputs, outputs, act, alpha,
        x + (size_t)agent * inputs,
        w + (size_t)slot * outputs * inputs,
        b + (size_t)slot * outputs,
        0,
        y + (size_t)agent * outputs);
}
