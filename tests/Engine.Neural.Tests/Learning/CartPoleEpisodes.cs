using Engine.Neural.Bench;

namespace Engine.Neural.Tests.Learning;

/// <summary>Scores a whole cohort on CartPole: one episode per agent, all agents stepping in one batch.</summary>
internal static class CartPoleEpisodes
{
    /// <summary>The CartPole brain of the evolution tests: 4-16-2 tanh, pushing right when output 1 beats output 0.</summary>
    public static readonly BrainSpec Spec =
        new(CartPole.ObservationSize, [new LayerSpec(16, Activation.Tanh)], new LayerSpec(2, Activation.Softmax), Loss.SoftmaxCrossEntropy);

    /// <summary>Plays one episode per agent, each on its own pole, acting greedily; writes each return.</summary>
    public static void Play(BrainCohort cohort, CartPole poles, Span<float> returns)
    {
        var agents = cohort.Count;
        var alive = new bool[agents];
        for (var i = 0; i < agents; i++)
        {
            poles.Reset(i);
            alive[i] = true;
            returns[i] = 0;
        }

        for (var living = agents; living > 0;)
        {
            var inputs = cohort.Inputs;
            for (var i = 0; i < agents; i++)
            {
                if (alive[i])
                {
                    poles.Observe(i, inputs.Slice(i * CartPole.ObservationSize, CartPole.ObservationSize));
                }
            }

            cohort.Forward();
            var outputs = cohort.Outputs;
            for (var i = 0; i < agents; i++)
            {
                if (!alive[i])
                {
                    continue;
                }

                var (reward, terminated, truncated) = poles.Step(i, outputs[(2 * i) + 1] > outputs[2 * i]);
                returns[i] += reward;
                if (terminated || truncated)
                {
                    alive[i] = false;
                    living--;
                }
            }
        }
    }

    /// <summary>Mean return of one brain over <paramref name="episodes"/> fresh episodes (the same starts for every call).</summary>
    public static double MeanReturn(ReadOnlySpan<float> parameters, int episodes)
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { InitialCapacity = episodes });
        for (var i = 0; i < episodes; i++)
        {
            cohort.Add(parameters);
        }

        var returns = new float[episodes];
        Play(cohort, new CartPole(episodes, seed: 777), returns);
        return returns.Average();
    }
}
