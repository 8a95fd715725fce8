// Samples added since the last frame, packed by the host, written into the device's copy of
// the per-agent rings: only new samples cross the bus, not whole rings. rows[i] is the ring
// row (slot * ring capacity + position) of packed sample i.

__kernel void scatter_samples(
    const int count,
    const int inputs,
    const int outputs,
    __global const int* rows,
    __global const float* packed_inputs,
    __global const float* packed_targets,
    __global float* ring_inputs,
    __global float* ring_targets)
{
    const int i = get_global_id(0);
    if (i >= count)
    {
        return;
    }

    const size_t row = (size_t)rows[i];
    for (int k = 0; k < inputs; k++)
    {
        ring_inputs[row * inputs + k] = packed_inputs[(size_t)i * inputs + k];
    }

    for (int j = 0; j < outputs; j++)
    {
        ring_targets[row * outputs + j] = packed_targets[(size_t)i * outputs + j];
    }
}
