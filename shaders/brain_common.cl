// Shared by every brain kernel: activations and their derivatives, numbered as the C#
// enum Activation (Identity 0, Sigmoid 1, Tanh 2, ReLU 3, LeakyReLU 4, ELU 5, Softmax 6,
// Step 7), so a kernel argument can carry a layer's activation unchanged.
//
// Layout rule for every kernel: one work-item per agent, parameters in the host store's
// layout (W[agent][out][in], b[agent][out]) so upload and download are straight copies.
// The global size is rounded up to the fixed local size; surplus work-items return at once.

#define ACT_IDENTITY 0
#define ACT_SIGMOID 1
#define ACT_TANH 2
#define ACT_RELU 3
#define ACT_LEAKY_RELU 4
#define ACT_ELU 5
#define ACT_SOFTMAX 6
#define ACT_STEP 7

float activate(int act, float alpha, float z)
{
    switch (act)
    {
        case ACT_SIGMOID: return 1.0f / (1.0f + exp(-z));
        case ACT_TANH: return tanh(z);
        case ACT_RELU: return z > 0.0f ? z : 0.0f;
        case ACT_LEAKY_RELU: return z > 0.0f ? z : alpha * z;
        case ACT_ELU: return z > 0.0f ? z : alpha * (exp(z) - 1.0f);
        case ACT_STEP: return z > 0.0f ? 1.0f : 0.0f;
        default: return z;
    }
}

// sigma'(z), using the activation a = sigma(z) where that is cheaper and as exact.
float derivative(int act, float alpha, float z, float a)
{
    switch (act)
    {
        case ACT_SIGMOID: return a * (1.0f - a);
        case ACT_TANH: return 1.0f - a * a;
        case ACT_RELU: return z > 0.0f ? 1.0f : 0.0f;
        case ACT_LEAKY_RELU: return z > 0.0f ? 1.0f : alpha;
        case ACT_ELU: return z > 0.0f ? 1.0f : alpha * exp(z);
        default: return 1.0f;
    }
}

// One dense layer for one sample: z = W x + b, a = sigma(z). Softmax normalises over the
// layer's outputs (it is only ever the output layer). z may be null when not needed.
void dense(
    int inputs, int outputs, int act, float alpha,
    __global const float* x,
    __global const float* w,
    __global const float* b,
    __global float* z,
    __global float* a)
{
    for (int j = 0; j < outputs; j++)
    {
        __global const float* row = w + j * inputs;
        float sum = b[j];
        for (int k = 0; k < inputs; k++)
        {
            sum = fma(row[k], x[k], sum);
        }

        if (z)
        {
            z[j] = sum;
        }

        a[j] = act == ACT_SOFTMAX ? sum : activate(act, alpha, sum);
    }

    if (act == ACT_SOFTMAX)
    {
        // Subtracting the largest z keeps every exp finite and changes nothing mathematically.
        float largest = a[0];
        for (int j = 1; j < outputs; j++)
        {
            largest = fmax(largest, a[j]);
        }

        float total = 0.0f;
        for (int j = 0; j < outputs; j++)
        {
            float e = exp(a[j] - largest);
            a[j] = e;
            total += e;
        }

        for (int j = 0; j < outputs; j++)
        {
            a[j] = a[j] / total;
        }
    }
}
