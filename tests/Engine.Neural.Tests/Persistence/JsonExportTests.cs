using System.Text.Json;
using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>The JSON export says what the brain is, weight for weight.</summary>
public class JsonExportTests
{
    [Test]
    public void TheJsonHoldsTheSpecAndEveryWeightAndBiasInPlace()
    {
        using var cohort = PersistenceKit.Cohort(OptimizerKind.Adam);
        PersistenceKit.Train(cohort, 0, 10);
        var agent = cohort.HandleAt(1);
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, parameters);

        var path = PersistenceKit.TempPath("brain.json");
        BrainFile.ExportJson(path, cohort, agent);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        Assert.That(root.GetProperty("spec").GetProperty("inputSize").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("spec").GetProperty("loss").GetString(), Is.EqualTo("BinaryCrossEntropy"));
        Assert.That(root.GetProperty("spec").GetProperty("layers")[1].GetProperty("alpha").GetDouble(), Is.EqualTo(0.05));
        Assert.That(root.GetProperty("settings").GetProperty("optimizer").GetString(), Is.EqualTo("Adam"));

        var layers = root.GetProperty("layers");
        Assert.That(layers.GetArrayLength(), Is.EqualTo(cohort.Spec.LayerCount));
        for (var l = 0; l < cohort.Spec.LayerCount; l++)
        {
            var shape = cohort.Spec.Layers[l];
            var weights = layers[l].GetProperty("weights");
            Assert.That(weights.GetArrayLength(), Is.EqualTo(shape.Outputs));
            for (var o = 0; o < shape.Outputs; o++)
            {
                Assert.That(weights[o].GetArrayLength(), Is.EqualTo(shape.Inputs));
                for (var i = 0; i < shape.Inputs; i++)
                {
                    Assert.That(weights[o][i].GetSingle(), Is.EqualTo(parameters[cohort.Spec.WeightOffset(l) + (o * shape.Inputs) + i]));
                }

                Assert.That(layers[l].GetProperty("biases")[o].GetSingle(), Is.EqualTo(parameters[cohort.Spec.BiasOffset(l) + o]));
            }
        }
    }
}
