using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// A reward belongs to the agent's last action: rewards given twice add up, the one given after
/// a trajectory's last action counts when it is learned, and rewards of a trajectory dropped
/// unlearned never reach the next one. The running-mean baseline after one update is
/// <c>rate x mean discounted return</c>, computed here by hand.
/// </summary>
[TestFixture]
public sealed class RewardCreditTests
{
    private static readonly BrainSpec Softmax = new(2, [new LayerSpec(3, Activation.Tanh)], new LayerSpec(2, Activation.Softmax), Loss.SoftmaxCrossEntropy);

    private static readonly PolicyGradientOptions Options = new()
    {
        Discount = 0.5,
        GaeLambda = 1,
        Baseline = BaselineKind.RunningMean,
        BaselineRate = 0.25,
        UpdateEvery = 3,
    };

    [Test]
    public void EachRewardIsCreditedToTheActionItFollows()
    {
        using var cohort = new BrainCohort(Softmax, Options.CohortOptionsFor(new CohortOptions { Seed = 3 }));
        var agent = cohort.Add();
        var other = cohort.Add();
        using var learner = new PolicyGradientLearner(cohort, DiscretePolicy.Instance, Options);

        // Rewards 1 + 2, 4, 8 for three actions; the episode ends with the third.
        float[][] rewards = [[1f, 2f], [4f], [8f]];
        foreach (var step in rewards)
        {
            learner.Act();
            foreach (var reward in step)
            {
                learner.Reward(agent, reward);
            }

            learner.Reward(other, 100f);
        }

        learner.EndEpisode(agent, EpisodeEnd.Terminal);
        learner.Act();

        // Returns with gamma 0.5 and a constant baseline of 0: G2 = 8, G1 = 4 + 4 = 8, G0 = 3 + 4 = 7.
        Assert.That(learner.Baseline(agent), Is.EqualTo((float)(0.25 * ((7.0 + 8.0 + 8.0) / 3))));
        Assert.That(learner.Baseline(other), Is.EqualTo((float)(0.25 * (100 + 50 + 25 + 100 + 50 + 100) / 3)), "the other agent's full trajectory, its own rewards only");
    }

    [Test]
    public void RewardsOfATrajectoryDroppedUnlearnedDoNotReachTheNextOne()
    {
        using var cohort = new BrainCohort(Softmax, Options.CohortOptionsFor(new CohortOptions { Seed = 3 }));
        var agent = cohort.Add();
        using var learner = new PolicyGradientLearner(cohort, DiscretePolicy.Instance, Options);

        cohort.SetLearning(agent, false);
        learner.Act();
        learner.Reward(agent, 1000f);
        learner.EndEpisode(agent, EpisodeEnd.Terminal);
        learner.Act();
        Assert.That(learner.TrajectorySteps(agent), Is.EqualTo(1), "the ended trajectory was dropped and a new one begun");
        learner.Reward(agent, 500f);

        cohort.SetLearning(agent, true);
        learner.EndEpisode(agent, EpisodeEnd.Terminal);
        learner.Act();
        Assert.That(learner.Baseline(agent), Is.EqualTo((float)(0.25 * 500)), "only the reward of the learned trajectory's one action");
    }
}
