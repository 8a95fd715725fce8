// One training step of every learning agent, batched over the cohort: per layer one
// forward launch, one output-error launch, per layer one backward launch (BP2-BP4 with
// regularisation and clip-by-value folded in), per layer one update launch; in a frame where
// an agent's new parameters are not finite, per layer one restore launch after the host's
// read. The launch count depends on the layer count only.
//
// Per-agent step data the host writes each step: batch_of[agent] (0: the agent does not
// train this step), positions[agent][max_batch] (ring positions the host drew, so every
// backend trains on the same samples), coeff[agent] = (learning-rate scale, Adam's two
// bias corrections, computed in double on the host as the CPU path does).
// Scratch per layer: z and a as [agent][max_batch][outputs]; deltas as
// [agent][max_batch][width] with width the widest layer.

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

// The row a layer reads for sample s: the ring sample itself for the first layer, else the
// activations the layer below stored.
__global const float* layer_input(
    __global const float* src, int from_ring, int agent, int s, int inputs, int max_batch, int ring,
    __global const int* positions)
{
    if (from_ring)
    {
        const int position = positions[agent * max_batch + s];
        return src + ((size_t)agent * ring + position) * inputs;
    }

    return src + ((size_t)agent * max_batch + s) * inputs;
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
    __global const float* src,
    __global const int* positions,
    __global const int* batch_of,
    __global const float* w,
    __global const float* b,
    __global float* z,
    __global float* a)
{
    const int agent = get_global_id(0);
    if (agent >= count)
    {
        return;
    }

    const int n = batch_of[agent];
    __global const float* wa = w + (size_t)agent * outputs * inputs;
    __global const float* ba = b + (size_t)agent * outputs;
    for (int s = 0; s < n; s++)
    {
        const size_t row = ((size_t)agent * max_batch + s) * outputs;
        dense(inputs, outputs, act, alpha, layer_input(src, from_ring, agent, s, inputs, max_batch, ring, positions), wa, ba, z + row, a + row);
    }
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
    __global const float* z,
    __global const float* a,
    __global float* delta,
    __global float* loss_out)
{
    const int agent = get_global_id(0);
    if (agent >= count)
    {
        return;
    }

    const int n = batch_of[agent];
    if (n == 0)
    {
        return;
    }

    float total = 0.0f;
    for (int s = 0; s < n; s++)
    {
        const size_t row = ((size_t)agent * max_batch + s) * outputs;
        __global const float* y = targets + ((size_t)agent * ring + positions[agent * max_batch + s]) * outputs;
        __global float* d = delta + ((size_t)agent * max_batch + s) * width;
        float mass = 0.0f;
        for (int j = 0; j < outputs; j++)
        {
            mass += y[j];
        }

        for (int j = 0; j < outputs; j++)
        {
            const float aj = a[row + j];
            const float yj = y[j];
            if (loss == LOSS_QUADRATIC)
            {
                total += 0.5f * (yj - aj) * (yj - aj);
                d[j] = (aj - yj) * derivative(act, alpha, z[row + j], aj);
            }
            else if (loss == LOSS_BINARY_CE)
            {
                total -= yj * log(clamp(aj, LOSS_FLOOR, 1.0f - LOSS_FLOOR)) + (1.0f - yj) * log(clamp(1.0f - aj, LOSS_FLOOR, 1.0f - LOSS_FLOOR));
                d[j] = aj - yj;
            }
            else
            {
                // dC/dz_j = a_j sum(y) - y_j: exact also for targets that do not sum to 1.
                total += yj == 0.0f ? 0.0f : -yj * log(fmax(aj, LOSS_FLOOR));
                d[j] = aj * mass - yj;
            }
        }
    }

    loss_out[agent] = total / n;
}

// BP3/BP4 (batch means) with regularisation and clip-by-value, the squared norm of the
// result added to norm2, then BP2 for the layer below.
__kernel void train_backward_layer(
    const int count,
    const int max_batch,
    const int ring,
    const int width,
    const int inputs,
    const int outputs,
    const int from_ring,
    const int first_of_step,
    const int has_below,
    const int below_act,
    const float below_alpha,
    const int regularization,
    const float lambda,
    const float clip_value,
    __global const float* a_in,
    __global const float* z_below,
    __global const int* positions,
    __global const int* batch_of,
    __global const float* w,
    __global const float* delta,
    __global float* delta_below,
    __global float* grad,
    __global float* norm2)
{
    const int agent = get_global_id(0);
    if (agent >= count)
    {
        return;
    }

    const int n = batch_of[agent];
    if (n == 0)
    {
        return;
    }

    const float inverse = 1.0f / n;
    __global const float* wa = w + (size_t)agent * outputs * inputs;
    __global float* g = grad + (size_t)agent * (outputs * inputs + outputs);
    __global const float* d = delta + (size_t)agent * max_batch * width;
    float squares = 0.0f;
    for (int j = 0; j < outputs; j++)
    {
        float gb = 0.0f;
        for (int s = 0; s < n; s++)
        {
            gb += d[s * width + j];
        }

        gb *= inverse;
        if (clip_value > 0.0f)
        {
            gb = clamp(gb, -clip_value, clip_value);
        }

        g[outputs * inputs + j] = gb;
        squares = fma(gb, gb, squares);
        for (int k = 0; k < inputs; k++)
        {
            float gw = 0.0f;
            for (int s = 0; s < n; s++)
            {
                gw = fma(d[s * width + j], layer_input(a_in, from_ring, agent, s, inputs, max_batch, ring, positions)[k], gw);
            }

            gw *= inverse;
            const float wk = wa[j * inputs + k];
            if (regularization == REG_L2)
            {
                gw = fma(lambda, wk, gw);
            }
            else if (regularization == REG_L1)
            {
                gw = fma(lambda, wk > 0.0f ? 1.0f : (wk < 0.0f ? -1.0f : 0.0f), gw);
            }

            if (clip_value > 0.0f)
            {
                gw = clamp(gw, -clip_value, clip_value);
            }

            g[j * inputs + k] = gw;
            squares = fma(gw, gw, squares);
        }
    }

    norm2[agent] = first_of_step ? squares : norm2[agent] + squares;
    if (!has_below)
    {
        return;
    }

    // BP2 with the weights before this step's update: delta_below = (W^T delta) (.) sigma'(z).
    __global float* below = delta_below + (size_t)agent * max_batch * width;
    for (int s = 0; s < n; s++)
    {
        const size_t row = ((size_t)agent * max_batch + s) * inputs;
        for (int k = 0; k < inputs; k++)
        {
            float sum = 0.0f;
            for (int j = 0; j < outputs; j++)
            {
                sum = fma(wa[j * inputs + k], d[s * width + j], sum);
            }

            below[s * width + k] = sum * derivative(below_act, below_alpha, z_below[row + k], a_in[row + k]);
        }
    }
}

// Updates n values in place, copying each value and its optimiser state aside first (bp, b1,
// b2: the rollback if the agent's step diverges). Returns whether every new value is finite.
int apply(
    int optimizer, float eta, float scale, float mu, float beta1, float beta2, float eps, float c1, float c2,
    __global float* p, __global const float* g, __global float* s1, __global float* s2,
    __global float* bp, __global float* b1, __global float* b2, int n)
{
    int finite = 1;
    for (int i = 0; i < n; i++)
    {
        const float gi = g[i] * scale;
        bp[i] = p[i];
        if (optimizer == OPT_SGD)
        {
            p[i] -= eta * gi;
        }
        else if (optimizer == OPT_MOMENTUM)
        {
            b1[i] = s1[i];
            const float v = fma(mu, s1[i], gi);
            s1[i] = v;
            p[i] -= eta * v;
        }
        else
        {
            b1[i] = s1[i];
            b2[i] = s2[i];
            const float m = fma(beta1, s1[i], (1.0f - beta1) * gi);
            const float v = fma(beta2, s2[i], (1.0f - beta2) * (gi * gi));
            s1[i] = m;
            s2[i] = v;
            p[i] -= eta * ((m * c1) / (sqrt(v * c2) + eps));
        }

        finite = finite && isfinite(p[i]);
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
// ones). Otherwise the old values go to backup and status[agent] (losses[count + agent])
// says whether all of the agent's new parameters so far are finite: 0 sends the agent to
// train_restore_layer.
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
    const int agent = get_global_id(0);
    if (agent >= count || batch_of[agent] == 0)
    {
        return;
    }

    __global float* status = losses + count + agent;
    if (!isfinite(losses[agent]))
    {
        *status = 1.0f;
        return;
    }

    float scale = 1.0f;
    if (clip_norm > 0.0f)
    {
        const float norm = sqrt(norm2[agent]);
        if (norm > clip_norm)
        {
            scale = clip_norm / norm;
        }
    }

    const float eta = learning_rate * coeff[agent * 3];
    const float c1 = coeff[agent * 3 + 1];
    const float c2 = coeff[agent * 3 + 2];
    const size_t weights = (size_t)outputs * inputs;
    const size_t parameters = weights + outputs;
    const int stateful = optimizer != OPT_SGD;
    const int adam = optimizer == OPT_ADAM;
    __global const float* g = grad + (size_t)agent * parameters;
    __global float* bk = backup + (size_t)agent * parameters * backup_copies(optimizer);
    const int finite_w = apply(
        optimizer, eta, scale, momentum, beta1, beta2, epsilon, c1, c2,
        w + agent * weights, g,
        stateful ? s1w + agent * weights : 0,
        adam ? s2w + agent * weights : 0,
        bk, bk + parameters, bk + 2 * parameters,
        (int)weights);
    const int finite_b = apply(
        optimizer, eta, scale, momentum, beta1, beta2, epsilon, c1, c2,
        b + (size_t)agent * outputs, g + weights,
        stateful ? s1b + (size_t)agent * outputs : 0,
        adam ? s2b + (size_t)agent * outputs : 0,
        bk + weights, bk + parameters + weights, bk + 2 * parameters + weights,
        outputs);
    const int finite = finite_w && finite_b && (first_of_step || *status != 0.0f);
    *status = finite ? 1.0f : 0.0f;
}

void restore(__global float* destination, __global const float* source, size_t n)
{
    for (size_t i = 0; i < n; i++)
    {
        destination[i] = source[i];
    }
}

// Puts back one layer of every agent whose update left a non-finite parameter (status 0):
// parameters and optimiser state as they were before the step. Queued only in a frame where
// some agent diverged, before anything else can touch the backup.
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
    const int agent = get_global_id(0);
    if (agent >= count || batch_of[agent] == 0 || losses[count + agent] != 0.0f)
    {
        return;
    }

    const size_t weights = (size_t)outputs * inputs;
    const size_t parameters = weights + outputs;
    __global const float* bk = backup + (size_t)agent * parameters * backup_copies(optimizer);
    restore(w + agent * weights, bk, weights);
    restore(b + (size_t)agent * outputs, bk + weights, outputs);
    if (optimizer != OPT_SGD)
    {
        restore(s1w + agent * weights, bk + parameters, weights);
        restore(s1b + (size_t)agent * outputs, bk + parameters + weights, outputs);
    }

    if (optimizer == OPT_ADAM)
    {
        restore(s2w + agent * weights, bk + 2 * parameters, weights);
        restore(s2b + (size_t)agent * outputs, bk + 2 * parameters + weights, outputs);
    }
}
