using System.Runtime.CompilerServices;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>
/// The optimiser's formulas, written once over vectors: the weight penalty and value clipping
/// of a gradient, then an SGD, momentum or Adam step. The per-agent kernel
/// (<see cref="TrainKernel{TV}"/>) runs them on vectors whose lanes are parameters of one agent,
/// the interleaved one (<see cref="InterleavedTrainKernel{TV}"/>) on vectors whose lanes are one
/// parameter of many agents, each with its own rate and corrections: the same operations in
/// the same order, so the two agree to the last bit wherever their gradients do.
/// </summary>
internal static unsafe class OptimizerStep<TV>
    where TV : struct, IFloatVector<TV>
{
    /// <summary>
    /// Adds the weight penalty and clips by value, in place, over <paramref name="vectors"/>
    /// vectors; returns each lane's sum of squares (of the clipped gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TV Prepare(float* p, float* g, int vectors, bool isWeight, in StepConstants k)
    {
        var acc = TV.Zero;
        var lambda = TV.Broadcast(k.Lambda);
        var clip = TV.Broadcast(k.ClipValue);
        var minusClip = TV.Broadcast(-k.ClipValue);
        var one = TV.Broadcast(1f);
        var minusOne = TV.Broadcast(-1f);
        var penalty = isWeight && k.Regularization != RegularizationKind.None;
        var l2 = k.Regularization == RegularizationKind.L2;
        var clipping = k.ClipValue > 0;
        for (var v = 0; v < vectors; v++)
        {
            var at = (long)v * TV.Count;
            var gv = TV.Load(g + at);
            if (penalty)
            {
                var pv = TV.Load(p + at);
                var term = l2 ? pv : TV.SelectGreater(pv, TV.Zero, one, TV.SelectGreater(TV.Zero, pv, minusOne, TV.Zero));
                gv = TV.MultiplyAdd(lambda, term, gv);
            }

            if (clipping)
            {
                gv = TV.Min(TV.Max(gv, minusClip), clip);
            }

            TV.Store(gv, g + at);
            acc = TV.MultiplyAdd(gv, gv, acc);
        }

        return acc;
    }

    /// <summary>
    /// The step over <paramref name="vectors"/> vectors of parameters <paramref name="p"/>, their
    /// gradient <paramref name="g"/> and the optimiser's state (<paramref name="s1"/>: velocity
    /// or first moment, <paramref name="s2"/>: second moment). Returns per lane 0, or NaN where a
    /// new parameter is not finite (x - x is 0 for every finite x and NaN otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TV Apply(float* p, float* g, float* s1, float* s2, int vectors, in Constants a, in Lanes lanes)
    {
        var eta = lanes.LearningRate;
        var scale = lanes.GradientScale;
        var end = (long)vectors * TV.Count;
        var finite = TV.Zero;
        switch (a.Optimizer)
        {
            case OptimizerKind.Sgd:
                for (long i = 0; i < end; i += TV.Count)
                {
                    var gv = TV.Multiply(TV.Load(g + i), scale);
                    var next = TV.Subtract(TV.Load(p + i), TV.Multiply(eta, gv));
                    TV.Store(next, p + i);
                    finite = TV.Add(finite, TV.Subtract(next, next));
                }

                break;
            case OptimizerKind.Momentum:
                var mu = TV.Broadcast(a.Momentum);
                for (long i = 0; i < end; i += TV.Count)
                {
                    var gv = TV.Multiply(TV.Load(g + i), scale);
                    var v = TV.MultiplyAdd(mu, TV.Load(s1 + i), gv);
                    TV.Store(v, s1 + i);
                    var next = TV.Subtract(TV.Load(p + i), TV.Multiply(eta, v));
                    TV.Store(next, p + i);
                    finite = TV.Add(finite, TV.Subtract(next, next));
                }

                break;
            default:
                var b1 = TV.Broadcast(a.Beta1);
                var b2 = TV.Broadcast(a.Beta2);
                var oneMinusB1 = TV.Broadcast(1f - a.Beta1);
                var oneMinusB2 = TV.Broadcast(1f - a.Beta2);
                var c1 = lanes.FirstCorrection;
                var c2 = lanes.SecondCorrection;
                var eps = TV.Broadcast(a.Epsilon);
                for (long i = 0; i < end; i += TV.Count)
                {
                    var gv = TV.Multiply(TV.Load(g + i), scale);
                    var m = TV.MultiplyAdd(b1, TV.Load(s1 + i), TV.Multiply(oneMinusB1, gv));
                    var v = TV.MultiplyAdd(b2, TV.Load(s2 + i), TV.Multiply(oneMinusB2, TV.Multiply(gv, gv)));
                    TV.Store(m, s1 + i);
                    TV.Store(v, s2 + i);
                    var stepSize = TV.Divide(TV.Multiply(m, c1), TV.Add(TV.Sqrt(TV.Multiply(v, c2)), eps));
                    var next = TV.Subtract(TV.Load(p + i), TV.Multiply(eta, stepSize));
                    TV.Store(next, p + i);
                    finite = TV.Add(finite, TV.Subtract(next, next));
                }

                break;
        }

        return finite;
    }

    /// <summary>The step's scalars: the optimiser and its constants, and one agent's rate, scale and corrections.</summary>
    internal struct Constants(in StepConstants k)
    {
        public OptimizerKind Optimizer = k.Optimizer;
        public float LearningRate;
        public float GradientScale = 1f;
        public float Momentum = k.Momentum;
        public float Beta1 = (float)k.Beta1;
        public float Beta2 = (float)k.Beta2;
        public float Epsilon = k.Epsilon;
        public float FirstCorrection = 1f;
        public float SecondCorrection = 1f;
    }

    /// <summary>What may differ lane by lane: the learning rate, the norm clip's scale and Adam's bias corrections.</summary>
    internal readonly struct Lanes(TV learningRate, TV gradientScale, TV firstCorrection, TV secondCorrection)
    {
        public TV LearningRate { get; } = learningRate;

        public TV GradientScale { get; } = gradientScale;

        public TV FirstCorrection { get; } = firstCorrection;

        public TV SecondCorrection { get; } = secondCorrection;
    }
}
