using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// A continuous action learned from rewards: each agent sees x in [-1, 1] and is paid
/// <c>-(a - x / 2)^2</c> for its action a. Its Gaussian policy's mean must come to follow x / 2
/// and its learned standard deviation must shrink (exploring less as it knows more).
/// </summary>
[TestFixture]
public sealed class GaussianPolicyLearningTests
{
    private const int Agents = 16;

    [Test]
    public void TheMeanFollowsTheBestActionAndTheSpreadShrinks()
    {
        var spec = new BrainSpec(1, [new LayerSpec(8, Activation.Tanh)], new LayerSpec(1, Activation.Identity), Loss.Quadratic);
        var pg = new PolicyGradientOptions { Discount = 0, MaxSteps = 8, InitialLogStd = -0.5, Seed = 6 };
        using var cohort = new BrainCohort(spec, pg.CohortOptionsFor(new CohortOptions { Seed = 2, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01 } }));
        for (var i = 0; i < Agents; i++)
        {
            cohort.Add();
        }

        using var learner = new PolicyGradientLearner(cohort, GaussianPolicy.Instance, pg);
        var random = new DeterministicRandom(3);
        for (var frame = 1; frame <= 4000; frame++)
        {
            var inputs = cohort.Inputs;
            for (var i = 0; i < Agents; i++)
            {
                inputs[i] = (float)random.NextDouble(-1, 1);
            }

            learner.Act();
            for (var i = 0; i < Agents; i++)
            {
                var agent = cohort.HandleAt(i);
                var miss = learner.Actions[i] - (0.5f * inputs[i]);
                learner.Reward(agent, -miss * miss);
                if (frame % 8 == 0)
                {
                    learner.EndEpisode(agent, EpisodeEnd.Terminal);
                }
            }
        }

        // The mean action over a grid of x, for every agent.
        var error = 0.0;
        for (var k = 0; k <= 20; k++)
        {
            var x = -1 + (0.1f * k);
            cohort.Inputs.Fill(x);
            cohort.Forward();
            for (var i = 0; i < Agents; i++)
            {
                error += Math.Abs(cohort.Outputs[i] - (0.5 * x));
            }
        }

        error /= 21 * Agents;
        var logStd = Enumerable.Range(0, Agents).Average(i => learner.LogStd(cohort.HandleAt(i))[0]);
        TestContext.Out.WriteLine($"Gaussian policy: mean |mu(x) - x/2| = {error:F3}, mean log std {logStd:F2} (from -0.5)");
        Assert.That(error, Is.LessThan(0.1), "mean distance of the policy's mean from the best action");
        Assert.That(logStd, Is.LessThan(-0.8), "the learned log standard deviation");
    }
}
