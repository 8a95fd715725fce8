using System.Text;
using System.Text.Json;

namespace Engine.Neural.Persistence;

/// <content>A JSON export of one brain, for people to read.</content>
public static partial class BrainFile
{
    /// <summary>
    /// One agent's brain as indented JSON: the spec, the cohort's training settings, and per
    /// layer its weights as nested arrays (<c>weights[out][in]</c>) and its biases. For reading
    /// and for other tools; it is not a save file (no optimiser state, samples or generator).
    /// </summary>
    /// <example>
    /// <code>
    /// {
    ///   "format": "Engine.Neural brain", "spec": { "inputSize": 2, "loss": "BinaryCrossEntropy", "layers": [ ... ] },
    ///   "settings": { ... },
    ///   "layers": [ { "inputs": 2, "outputs": 3, "activation": "Sigmoid", "weights": [[0.1, -0.4], ...], "biases": [0, 0, 0] }, ... ]
    /// }
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    public static string ToJson(BrainCohort cohort, AgentHandle agent)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, parameters);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", "Engine.Neural brain");
            json.WriteNumber("formatVersion", FileEnvelope.Version);
            WriteSpec(json, cohort.Spec);
            WriteSettings(json, cohort.Settings);
            WriteLayers(json, cohort.Spec, parameters);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <see cref="ToJson"/>'s text to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentException">The agent is not in the cohort.</exception>
    public static void ExportJson(string path, BrainCohort cohort, AgentHandle agent) =>
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToJson(cohort, agent)));

    private static void WriteSpec(Utf8JsonWriter json, BrainSpec spec)
    {
        json.WriteStartObject("spec");
        json.WriteNumber("inputSize", spec.InputSize);
        json.WriteString("loss", spec.Loss.ToString());
        json.WriteStartArray("layers");
        for (var l = 0; l < spec.LayerCount; l++)
        {
            var layer = l < spec.Hidden.Count ? spec.Hidden[l] : spec.Output;
            json.WriteStartObject();
            json.WriteNumber("size", layer.Size);
            json.WriteString("activation", layer.Activation.ToString());
            if (layer.Alpha is double alpha)
            {
                json.WriteNumber("alpha", alpha);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter json, TrainingSettings s)
    {
        json.WriteStartObject("settings");
        json.WriteString("optimizer", s.Optimizer.ToString());
        json.WriteNumber("learningRate", s.LearningRate);
        json.WriteNumber("momentum", s.Momentum);
        json.WriteNumber("beta1", s.Beta1);
        json.WriteNumber("beta2", s.Beta2);
        json.WriteNumber("epsilon", s.Epsilon);
        json.WriteString("regularization", s.Regularization.ToString());
        json.WriteNumber("regularizationRate", s.RegularizationRate);
        json.WriteNumber("clipValue", s.ClipValue);
        json.WriteNumber("clipNorm", s.ClipNorm);
        json.WriteNumber("batchSize", s.BatchSize);
        json.WriteEndObject();
    }

    private static void WriteLayers(Utf8JsonWriter json, BrainSpec spec, float[] parameters)
    {
        json.WriteStartArray("layers");
        for (var l = 0; l < spec.LayerCount; l++)
        {
            var shape = spec.Layers[l];
            json.WriteStartObject();
            json.WriteNumber("inputs", shape.Inputs);
            json.WriteNumber("outputs", shape.Outputs);
            json.WriteString("activation", shape.Activation.ToString());
            json.WriteStartArray("weights");
            var weights = spec.WeightOffset(l);
            for (var o = 0; o < shape.Outputs; o++)
            {
                json.WriteStartArray();
                for (var i = 0; i < shape.Inputs; i++)
                {
                    json.WriteNumberValue(parameters[weights + (o * shape.Inputs) + i]);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("biases");
            var biases = spec.BiasOffset(l);
            for (var o = 0; o < shape.Outputs; o++)
            {
                json.WriteNumberValue(parameters[biases + o]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
