using Microsoft.ML.OnnxRuntime;

namespace Engine.Neural.Tests.Onnx;

/// <summary>Seeded inputs, one brain evaluated on many rows, and ONNX Runtime runs, shared by the ONNX tests.</summary>
internal static class OnnxKit
{
    /// <summary><paramref name="rows"/> x <paramref name="width"/> values uniform in [-3, 3), from <paramref name="seed"/>.</summary>
    public static float[] Inputs(int rows, int width, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 6) - 3);
        }

        return values;
    }

    /// <summary>The cohort's own outputs for one brain on every input row: a shared cohort with one agent per row.</summary>
    public static float[] CohortOutputs(BrainSpec spec, ReadOnlySpan<float> parameters, float[] inputs)
    {
        var rows = inputs.Length / spec.InputSize;
        using var cohort = new BrainCohort(spec, new CohortOptions { SharedParameters = true, InitialCapacity = rows });
        for (var i = 0; i < rows; i++)
        {
            cohort.Add();
        }

        cohort.SetParameters(cohort.HandleAt(0), parameters);
        inputs.CopyTo(cohort.Inputs);
        cohort.Forward();
        return cohort.Outputs.ToArray();
    }

    /// <summary>ONNX Runtime's output of <paramref name="model"/> on <paramref name="inputs"/> rows of <paramref name="width"/>.</summary>
    public static float[] RuntimeOutputs(byte[] model, float[] inputs, int width, string input = "input", string output = "output")
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var value = OrtValue.CreateTensorValueFromMemory(inputs, [inputs.Length / width, width]);
        using var run = new RunOptions();
        using var results = session.Run(run, [input], [value], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The largest absolute difference between two equally long arrays.</summary>
    public static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    /// <summary>The parameters of the agent at <paramref name="row"/>.</summary>
    public static float[] Parameters(BrainCohort cohort, int row)
    {
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(cohort.HandleAt(row), parameters);
        return parameters;
    }
}
