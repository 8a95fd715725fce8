using DemoGame.Model.Agents;
using Engine.Neural;
using Engine.Neural.Learning;

namespace DemoGame.Model;

/// <summary>How agents of the scored mode decide and learn from their score.</summary>
internal sealed record ScoreSettings
{
    /// <summary>
    /// Decisions each agent takes a frame, each on a fruit drawn from the board, learned together
    /// in one batched policy-gradient step: one fruit a frame would take minutes.
    /// </summary>
    public int DecisionsPerFrame { get; init; } = 16;

    /// <summary>
    /// Added to a fresh brain's output bias: an agent starts eager, slashing most fruit, so that
    /// every fruit teaches it something. An agent that starts shy on a board of mostly tomatoes
    /// can stop slashing at all, and a policy that never slashes never hears the score again.
    /// </summary>
    public float EagerStart { get; init; } = 2f;

    /// <summary>
    /// The policy-gradient settings. Each decision is its own one-step bandit, so no discount;
    /// no baseline, because subtracting a mean score below zero (tomatoes are five fruit in six)
    /// would reward not slashing and talk every agent out of slashing. The entropy bonus keeps
    /// exploring: an agent's slash probability settles at about sigmoid(+-1/0.3) on clear
    /// ground, which leaves its greedy decision that of the level's rule.
    /// </summary>
    public PolicyGradientOptions Policy { get; init; } = new()
    {
        Discount = 0,
        Baseline = BaselineKind.None,
        NormalizeAdvantages = false,
        EntropyBonus = 0.3,
        MaxSteps = 16,
    };

    /// <summary>
    /// The shape of a supervised agent that plays beside the scored ones for comparison: it
    /// learns from every landed fruit's label, as in the supervised game, while they hear only
    /// the score (null: none). Three cuts, the shape that can cut the triangle out.
    /// </summary>
    public AgentKind? Comparison { get; init; } = AgentKind.Defaults[2];

    /// <summary>How the policies' weights move: Adam at 0.1 (measured: 0.05 left some seeds short of the goal).</summary>
    public TrainingSettings Training { get; init; } = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.1, BatchSize = 16 };
}
