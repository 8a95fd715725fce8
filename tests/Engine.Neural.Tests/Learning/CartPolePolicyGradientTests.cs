using System.Diagnostics;
using Engine.Neural.Bench;
using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// 256 agents, one cart-pole each and a 4-16-2 tanh brain of their own, learn to balance by
/// REINFORCE (discounted returns, normalised per episode, Adam) through the cohort's batched step.
/// </summary>
[TestFixture]
public sealed class CartPolePolicyGradientTests
{
    private const int Agents = 256;

    [Test]
    public void TheMedianAgentBalancesWithin400EpisodesAndNineInTenWithin1000()
    {
        var clock = Stopwatch.StartNew();
        using var run = new CartPolePolicyGradientRun(
            Agents,
            seed: 5,
            [new LayerSpec(16, Activation.Tanh)],
            new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01 },
            new PolicyGradientOptions { Discount = 0.99, Baseline = BaselineKind.None, NormalizeAdvantages = true });

        // Play until nine agents in ten are solved or every unsolved one has had 1,000 episodes.
        while (Solved(run).Length < 0.9 * Agents && Enumerable.Range(0, Agents).Any(i => run.SolvedAt(i) < 0 && run.Episodes(i) < 1000))
        {
            for (var f = 0; f < 100; f++)
            {
                run.Frame();
            }
        }

        var solved = Solved(run);
        var within1000 = solved.Count(e => e <= 1000);
        var median = solved.Length > Agents / 2 ? solved[Agents / 2] : int.MaxValue;
        TestContext.Out.WriteLine(
            $"REINFORCE CartPole: median agent solved after {median} episodes, {within1000} of {Agents} within 1,000 " +
            $"({run.Frames} frames, {run.Learner.Updates} updates, {run.Cohort.DivergenceEvents} divergences, {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.That(median, Is.LessThanOrEqualTo(400), "episodes until the median agent averaged 475 over 20 episodes");
        Assert.That(within1000, Is.GreaterThanOrEqualTo((int)Math.Ceiling(0.9 * Agents)), "agents solved within 1,000 episodes");
        Assert.That(run.Learner.RejectedRewards, Is.Zero);
    }

    private static int[] Solved(CartPolePolicyGradientRun run) =>
        [.. Enumerable.Range(0, Agents).Select(run.SolvedAt).Where(e => e > 0).Order()];
}
