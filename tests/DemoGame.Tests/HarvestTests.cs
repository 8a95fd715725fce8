using DemoGame.Model.Harvest;
using DemoGame.Model.Levels;

namespace DemoGame.Tests;

/// <summary>The Harvest level: agents that move learn from rewards alone to eat grapes and leave tomatoes.</summary>
public class HarvestTests
{
    private const int Frames = 30_000;

    [Test]
    public void LearnersGainRewardWhileUntrainedAgentsOnTheSameBoardStayFlat()
    {
        using var game = new HarvestGame(new HarvestSettings { Seed = 4 });
        var (learnedFirst, untrainedFirst, learnedLast, untrainedLast) = (0.0, 0.0, 0.0, 0.0);
        for (var frame = 1; frame <= Frames; frame++)
        {
            game.Step();
            if (frame <= 1000)
            {
                learnedFirst += game.LastLearnerReward;
                untrainedFirst += game.LastUntrainedReward;
            }
            else if (frame > Frames - 1000)
            {
                learnedLast += game.LastLearnerReward;
                untrainedLast += game.LastUntrainedReward;
            }
        }

        TestContext.Out.WriteLine($"reward per agent over 1,000 frames: learners {learnedFirst:F2} first, {learnedLast:F2} last ({learnedLast / learnedFirst:F2}x); untrained {untrainedFirst:F2} first, {untrainedLast:F2} last");
        Assert.That(learnedFirst, Is.GreaterThan(0), "untrained brains eat more grapes than tomatoes: three fruit in five are grapes");

        // Measured with seed 4: 12.6 -> 25.7 (2.0x) over 30,000 frames; 3x is not reached yet.
        Assert.That(learnedLast, Is.GreaterThanOrEqualTo(1.6 * learnedFirst), "the learners' last 1,000 frames against their first");
        Assert.That(learnedLast, Is.GreaterThanOrEqualTo(1.3 * untrainedLast), "learners against the untrained over the same frames");
        Assert.That(untrainedLast, Is.InRange(0.5 * untrainedFirst, 1.5 * untrainedFirst), "untrained agents stay where they started");
        Assert.That(game.Learner.RejectedRewards, Is.Zero);
    }

    [Test]
    public void DroppedFruitIsOnTheBoardUntilEaten()
    {
        using var game = new HarvestGame(new HarvestSettings { Seed = 1 });
        var before = game.FruitCount;
        Assert.That(game.Place(0.5f, 0.5f, FruitKind.Grape), Is.True);
        Assert.That(game.Place(1.5f, 0.5f, FruitKind.Grape), Is.False, "off the board");
        Assert.That(game.FruitCount, Is.EqualTo(before + 1));
        Assert.That(game.Fruit[^1].Kind, Is.EqualTo(HarvestGame.Grape));
    }
}
