using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using DemoGame.Presentation.Rendering;
using DemoGame.Ui;
using Engine.Neural;

namespace DemoGame.Presentation.Overlay;

// The tuning panel: learning, shape, game and backend. Every change keeps the learned weights
// except a change of shape (layers or neurons), which starts that brain afresh and says so.
internal sealed partial class DebugOverlay
{
    /// <summary>Most hidden layers the shape controls allow.</summary>
    public const int MaxHiddenLayers = 4;

    /// <summary>Most neurons per hidden layer the shape controls allow.</summary>
    public const int MaxNeurons = 8;

    private static readonly UiColor ErrorColor = new(245, 110, 90);

    // The status line is drawn every frame for seconds: worded once.
    private readonly EventWords _statusWords = new();

    // The scored mode's policy settings as the sliders hold them until a restart applies them.
    private ScoreSettings? _scoringShown;
    private float _discount;
    private float _entropy;
    private static readonly string[] Optimizers = ["SGD", "momentum", "Adam"];
    private static readonly string[] Regularizations = ["none", "L1", "L2"];
    private static readonly string[] HiddenActivationNames = ["sigmoid", "tanh", "ReLU", "leaky ReLU", "ELU", "identity"];
    private static readonly Activation[] HiddenActivations = [Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.ELU, Activation.Identity];
    private static readonly string[] OutputNames = ["sigmoid + cross-entropy", "sigmoid + squared", "tanh + squared", "identity + squared"];
    private static readonly (Activation Activation, Loss Loss)[] Outputs = [(Activation.Sigmoid, Loss.BinaryCrossEntropy), (Activation.Sigmoid, Loss.Quadratic), (Activation.Tanh, Loss.Quadratic), (Activation.Identity, Loss.Quadratic)];
    private static readonly string[] Strategies = ["genetic algorithm", "evolution strategies"];
    private static readonly string[] BudgetKinds = ["steps / frame", "ms / frame"];
    private static readonly string[] Backends = ["CPU", "OpenCL"];
    private static readonly string[] LevelNames = [.. LevelCatalog.All.Select(level => level.Name)];
    private static readonly string[] NeuronControls = [.. Enumerable.Range(1, MaxHiddenLayers).Select(l => $"neurons {l}")];
    private static readonly string[] ActivationControls = [.. Enumerable.Range(1, MaxHiddenLayers).Select(l => $"activation {l}")];
    private static readonly string[] LayerLabels = [.. Enumerable.Range(1, MaxHiddenLayers).Select(l => $"layer {l}: neurons")];

    // What a tuning control changes in TrainingSettings.
    private enum Setting
    {
        LearningRate,
        Optimizer,
        BatchSize,
        Regularization,
        RegularizationRate,
        ClipNorm,
    }

    private void BuildTuning(FruitGame game)
    {
        var agent = game.SelectedAgent;
        Ui.Value("agent", game.Selected + 1);
        Ui.Label(agent.Kind.Name);
        if (game.Settings.Mode == GameMode.Evolved)
        {
            // One population, one shape, one search: nothing is per agent.
            if (Ui.Header("Evolution"))
            {
                BuildEvolution(game);
            }
        }
        else
        {
            var all = ApplyToAll;
            if (Ui.Toggle("apply to all agents", ref all))
            {
                ApplyToAll = all;
            }

            Remember("apply to all agents");
            if (Ui.Header("Learning"))
            {
                BuildLearning(game, agent.Training);
            }

            if (game.Settings.Mode == GameMode.Scored && Ui.Header("Score"))
            {
                BuildScoring(game);
            }
        }

        if (Ui.Header("Shape"))
        {
            BuildShape(game, agent.Kind.Spec);
        }

        if (Ui.Header("Game"))
        {
            BuildGame(game);
        }
    }

    private void BuildLearning(FruitGame game, TrainingSettings settings)
    {
        var rate = (float)settings.LearningRate;
        if (Ui.SliderFloat("learning rate", ref rate, 1e-4f, 1f, "G3", UiSliderScale.Logarithmic))
        {
            Apply(game, Setting.LearningRate, rate);
        }

        Remember("learning rate");
        var optimizer = (int)settings.Optimizer;
        if (Ui.Dropdown("optimiser", ref optimizer, Optimizers))
        {
            Apply(game, Setting.Optimizer, optimizer);
        }

        Remember("optimiser");
        var batch = settings.BatchSize;
        if (Ui.SliderInt("batch size", ref batch, 1, 128))
        {
            Apply(game, Setting.BatchSize, batch);
        }

        Remember("batch size");
        var regularization = (int)settings.Regularization;
        if (Ui.Dropdown("regularisation", ref regularization, Regularizations))
        {
            Apply(game, Setting.Regularization, regularization);
        }

        Remember("regularisation");
        if (settings.Regularization != RegularizationKind.None)
        {
            var strength = (float)Math.Max(settings.RegularizationRate, 1e-5);
            if (Ui.SliderFloat("reg. rate", ref strength, 1e-5f, 0.1f, "G2", UiSliderScale.Logarithmic))
            {
                Apply(game, Setting.RegularizationRate, strength);
            }

            Remember("reg. rate");
        }

        var clip = (float)settings.ClipNorm;
        if (Ui.SliderFloat("clip norm (0: off)", ref clip, 0f, 10f, "F1"))
        {
            Apply(game, Setting.ClipNorm, clip);
        }

        Remember("clip norm (0: off)");
        var budget = game.Budget;
        var kind = budget.Milliseconds > 0 ? 1 : 0;
        if (Ui.Dropdown("training", ref kind, BudgetKinds))
        {
            game.Budget = kind == 0 ? TrainingBudget.StepsPerFrame(6) : TrainingBudget.TimePerFrame(2.0);
        }

        Remember("training");
        if (kind == 0)
        {
            var steps = budget.Milliseconds > 0 ? 6 : budget.Steps;
            if (Ui.SliderInt("steps / frame", ref steps, 0, 40))
            {
                game.Budget = TrainingBudget.StepsPerFrame(steps);
            }

            Remember("steps / frame");
        }
        else
        {
            var milliseconds = budget.Milliseconds > 0 ? (float)budget.Milliseconds : 2f;
            if (Ui.SliderFloat("ms / frame", ref milliseconds, 0.25f, 12f, "F2"))
            {
                game.Budget = TrainingBudget.TimePerFrame(milliseconds);
            }

            Remember("ms / frame");
        }
    }

    // The population's search: a new size is a new population, the rest go on from the brains as they are.
    private void BuildEvolution(FruitGame game)
    {
        var settings = game.Evolution;
        var strategy = (int)settings.Strategy;
        if (Ui.Dropdown("strategy", ref strategy, Strategies))
        {
            game.SetEvolution(settings with { Strategy = (EvolutionKind)strategy });
        }

        Remember("strategy");
        var population = settings.PopulationSize;
        if (Ui.SliderInt("population", ref population, EvolutionSettings.MinPopulation, EvolutionSettings.MaxPopulation))
        {
            // Evolution strategies take their brains in pairs.
            game.SetEvolution(settings with { PopulationSize = population & ~1 });
        }

        Remember("population");
        var scale = (float)settings.MutationScale;
        if (Ui.SliderFloat("mutation scale", ref scale, 0.01f, 4f, "G3", UiSliderScale.Logarithmic))
        {
            game.SetEvolution(settings with { MutationScale = scale });
        }

        Remember("mutation scale");
        if (settings.Strategy == EvolutionKind.Genetic)
        {
            var rate = (float)settings.MutationRate;
            if (Ui.SliderFloat("mutation rate", ref rate, 0.01f, 1f, "P0"))
            {
                game.SetEvolution(settings with { MutationRate = Math.Clamp(rate, 0.01, 1.0) });
            }

            Remember("mutation rate");
        }
        else
        {
            var rate = (float)settings.CentreLearningRate;
            if (Ui.SliderFloat("centre learning rate", ref rate, 1e-3f, 1f, "G3", UiSliderScale.Logarithmic))
            {
                game.SetEvolution(settings with { CentreLearningRate = rate });
            }

            Remember("centre learning rate");
        }
    }

    // The policy's discount and entropy bonus are fixed when its learner is made: they are
    // edited here and applied by a restart of the level (the learning rate above applies at once).
    private void BuildScoring(FruitGame game)
    {
        var policy = game.Settings.Scoring.Policy;
        if (_scoringShown != game.Settings.Scoring)
        {
            (_scoringShown, _discount, _entropy) = (game.Settings.Scoring, (float)policy.Discount, (float)policy.EntropyBonus);
        }

        Ui.SliderFloat("discount", ref _discount, 0f, 0.999f, "F3");
        Remember("discount");
        Ui.SliderFloat("entropy bonus", ref _entropy, 0f, 1f, "F3");
        Remember("entropy bonus");
        if (Ui.Button("restart with these settings"))
        {
            var scoring = game.Settings.Scoring;
            game.UseScoring(scoring with { Policy = scoring.Policy with { Discount = Math.Clamp(_discount, 0, 0.999), EntropyBonus = Math.Max(0, _entropy) } });
        }

        Remember("restart with these settings");
    }

    private void BuildShape(FruitGame game, BrainSpec spec)
    {
        var hidden = spec.Hidden;
        for (var l = 0; l < hidden.Count; l++)
        {
            Ui.PushId(l);
            var neurons = (float)hidden[l].Size;
            if (Ui.PlusMinus(LayerLabels[l], ref neurons, 1f, 1f, MaxNeurons, "F0"))
            {
                Reshape(game, spec, l, (int)neurons, hidden[l].Activation);
            }

            Remember(NeuronControls[l]);
            var activation = Array.IndexOf(HiddenActivations, hidden[l].Activation);
            if (Ui.Dropdown("activation", ref activation, HiddenActivationNames))
            {
                Reshape(game, spec, l, hidden[l].Size, HiddenActivations[activation]);
            }

            Remember(ActivationControls[l]);
            Ui.PopId();
        }

        Ui.Row(2);
        if (Ui.Button("+ layer") && hidden.Count < MaxHiddenLayers)
        {
            var last = hidden[^1];
            ChangeShape(game, spec.WithHidden([.. hidden, new LayerSpec(2, last.Activation)]));
        }

        Remember("+ layer");
        if (Ui.Button("- layer") && hidden.Count > 1)
        {
            ChangeShape(game, spec.WithHidden([.. hidden.Take(hidden.Count - 1)]));
        }

        Remember("- layer");
        Ui.EndRow();
        var output = Array.IndexOf(Outputs, (spec.Output.Activation, spec.Loss));
        if (Ui.Dropdown("output", ref output, OutputNames))
        {
            ChangeShape(game, spec.WithOutput(new LayerSpec(1, Outputs[output].Activation), Outputs[output].Loss));
        }

        Remember("output");
    }

    private void BuildGame(FruitGame game)
    {
        var level = Array.IndexOf(LevelNames, game.Level.Name);
        if (Ui.Dropdown("level", ref level, LevelNames))
        {
            game.PlayLevel(LevelCatalog.All[level]);
        }

        Remember("level");
        var noise = (float)game.Settings.Noise;
        if (Ui.SliderFloat("noise", ref noise, 0f, (float)Level.MaxNoise, "P0"))
        {
            game.SetNoise(Math.Clamp(noise, 0.0, Level.MaxNoise));
        }

        Remember("noise");
        var share = (float)game.Settings.TrainShare;
        if (Ui.SliderFloat("train share", ref share, (float)GameSettings.MinTrainShare, (float)GameSettings.MaxTrainShare, "P0"))
        {
            game.SetTrainShare(Math.Clamp(share, GameSettings.MinTrainShare, GameSettings.MaxTrainShare));
        }

        Remember("train share");
        var backend = (int)game.Backend;
        if (Ui.Dropdown("backend", ref backend, Backends))
        {
            game.UseBackend((BrainBackend)backend);
        }

        Remember("backend");

        // The same as F5 and F9; under them, how the last one went, or where they save.
        Ui.Row(2);
        if (Ui.Button("Save brains (F5)"))
        {
            game.SaveBrains();
        }

        Remember("save");
        if (Ui.Button("Load brains (F9)"))
        {
            game.LoadBrains();
        }

        Remember("load");
        Ui.EndRow();
        if (game.Status is { } outcome && _statusWords.Of(outcome) is { } status)
        {
            Ui.TextWrapped(status, outcome.IsFailure ? ErrorColor : Ui.Style.Text);
        }
        else
        {
            Ui.TextWrapped(game.Settings.SaveFile, Ui.Style.TextDim);
        }

        Remember("save status");
    }

    // A change of one training setting, for the selected agent's cohort or every cohort.
    private void Apply(FruitGame game, Setting setting, double value)
    {
        if (!ApplyToAll)
        {
            var agent = game.SelectedAgent;
            agent.Training = With(agent.Training, setting, value);
            return;
        }

        for (var i = 0; i < game.Agents.Count; i++)
        {
            var agent = game.Agents[i];
            agent.Training = With(agent.Training, setting, value);
        }
    }

    private static TrainingSettings With(TrainingSettings settings, Setting setting, double value) => setting switch
    {
        Setting.LearningRate => settings with { LearningRate = value },
        Setting.Optimizer => settings with { Optimizer = (OptimizerKind)(int)value },
        Setting.BatchSize => settings with { BatchSize = (int)value },
        Setting.Regularization => settings with
        {
            Regularization = (RegularizationKind)(int)value,
            RegularizationRate = settings.RegularizationRate > 0 ? settings.RegularizationRate : 1e-3,
        },
        Setting.RegularizationRate => settings with { RegularizationRate = value },
        Setting.ClipNorm => settings with { ClipNorm = value < 0.05 ? 0 : value },
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "DebugOverlay: unknown setting."),
    };

    private void Reshape(FruitGame game, BrainSpec spec, int layer, int neurons, Activation activation)
    {
        var hidden = spec.Hidden.ToArray();
        hidden[layer] = new LayerSpec(neurons, activation);
        ChangeShape(game, spec.WithHidden(hidden));
    }

    // A new spec for the selected agent, or for every agent; the game says whether the learned
    // weights were kept (activations and loss) or the brain starts afresh (a new shape).
    private void ChangeShape(FruitGame game, BrainSpec spec)
    {
        if (!ApplyToAll)
        {
            game.ChangeSpec(game.Selected, spec);
            return;
        }

        for (var i = 0; i < game.Agents.Count; i++)
        {
            // Each agent keeps its own layer sizes where only an activation or the output changed.
            game.ChangeSpec(i, i == game.Selected ? spec : Retarget(game.Agents[i].Kind.Spec, game.SelectedAgent.Kind.Spec, spec));
        }
    }

    // "All agents" applies the same kind of change to each: same layer count and sizes as the
    // selected agent's change means that shape for everyone; an activation or output change
    // applies to each agent's own layers.
    private static BrainSpec Retarget(BrainSpec own, BrainSpec before, BrainSpec after)
    {
        var sameSizes = before.LayerCount == after.LayerCount && before.Hidden.Select(l => l.Size).SequenceEqual(after.Hidden.Select(l => l.Size));
        if (!sameSizes)
        {
            return after;
        }

        var hidden = own.Hidden.ToArray();
        for (var l = 0; l < hidden.Length && l < after.Hidden.Count; l++)
        {
            if (after.Hidden[l].Activation != before.Hidden[l].Activation)
            {
                hidden[l] = hidden[l] with { Activation = after.Hidden[l].Activation };
            }
        }

        return new BrainSpec(own.InputSize, hidden, after.Output, after.Loss);
    }
}
