namespace Engine.Neural.Tests.Training;

/// <summary><see cref="TrainingSettings.Validate"/> names the first bad setting.</summary>
[TestFixture]
public sealed class TrainingSettingsValidationTests
{
    public static IEnumerable<TestCaseData> BadSettings()
    {
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, -0.1, 0.0 })
        {
            yield return Case(new TrainingSettings { LearningRate = bad }, "LearningRate", bad);
            yield return Case(new TrainingSettings { Epsilon = bad }, "Epsilon", bad);
        }

        foreach (var bad in new[] { double.NaN, double.NegativeInfinity, -0.5, 1.0, 1.5 })
        {
            yield return Case(new TrainingSettings { Momentum = bad }, "Momentum", bad);
            yield return Case(new TrainingSettings { Beta1 = bad }, "Beta1", bad);
            yield return Case(new TrainingSettings { Beta2 = bad }, "Beta2", bad);
        }

        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, -1e-9 })
        {
            yield return Case(new TrainingSettings { RegularizationRate = bad }, "RegularizationRate", bad);
            yield return Case(new TrainingSettings { ClipValue = bad }, "ClipValue", bad);
            yield return Case(new TrainingSettings { ClipNorm = bad }, "ClipNorm", bad);
        }

        yield return Case(new TrainingSettings { BatchSize = 0 }, "BatchSize", 0);
        yield return Case(new TrainingSettings { BatchSize = -3 }, "BatchSize", -3);
        yield return Case(new TrainingSettings { Optimizer = (OptimizerKind)42 }, "optimiser", 42);
        yield return Case(new TrainingSettings { Regularization = (RegularizationKind)42 }, "regularisation", 42);

        static TestCaseData Case(TrainingSettings settings, string name, double value) =>
            new TestCaseData(settings, name).SetArgDisplayNames(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestCaseSource(nameof(BadSettings))]
    public void ValidateRejectsWithAMessageNamingTheSetting(TrainingSettings settings, string name)
    {
        var ex = Assert.Throws(Is.InstanceOf<ArgumentException>(), () => settings.Validate());
        Assert.That(ex!.Message, Does.Contain(name));
        Assert.That(ex.Message, Does.StartWith("TrainingSettings:"));
    }

    [Test]
    public void TheTrainerValidatesItsSettings()
    {
        var spec = new BrainSpec(1, [], new LayerSpec(1, Activation.Identity), Loss.Quadratic);
        var network = new Engine.Neural.Reference.ReferenceNetwork(spec);
        var ex = Assert.Throws<ArgumentException>(() => _ = new Engine.Neural.Reference.ReferenceTrainer(network, new TrainingSettings { LearningRate = double.NaN }));
        Assert.That(ex!.Message, Does.Contain("LearningRate"));
        Assert.That(ex.ParamName, Is.EqualTo("LearningRate"));
    }

    [Test]
    public void DefaultsAndEdgeValuesAreValid()
    {
        Assert.That(() => new TrainingSettings().Validate(), Throws.Nothing);
        Assert.That(
            () => new TrainingSettings { Momentum = 0, Beta1 = 0, Beta2 = 0, RegularizationRate = 0, ClipValue = 0, ClipNorm = 0, BatchSize = 1 }.Validate(),
            Throws.Nothing);
        Assert.That(() => new TrainingSettings { Momentum = 0.999999, LearningRate = 1e-12 }.Validate(), Throws.Nothing);
    }
}
