using Engine.Ecs;
using Engine.Neural.Cpu;
using static Engine.Neural.Ecs.Tests.EcsTestKit;

namespace Engine.Neural.Ecs.Tests;

/// <summary>The steady-state frame of brains on entities allocates nothing on the managed heap.</summary>
[NonParallelizable]
public class EcsAllocationTests
{
    private static readonly QueryDescription Brains = new QueryDescription().WithAll<NeuralBrain>();

    [TestCase(OptimizerKind.Sgd)]
    [TestCase(OptimizerKind.Adam)]
    public void AFrameOfSensorsNeuralSystemFeedbackAndLearningSystemAllocatesNothing(OptimizerKind optimizer)
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, new CohortOptions
        {
            Seed = 3,
            Training = new TrainingSettings { Optimizer = optimizer, BatchSize = 16, ClipNorm = 1 },
        });
        for (var i = 0; i < 1000; i++)
        {
            // Two specs, so that the systems walk more than one cohort.
            registry.AddBrain(world.Create(), i % 4 == 0 ? WideSpec : CutSpec);
        }

        var neural = new NeuralSystem(registry);
        var learning = new LearningSystem(registry, TrainingBudget.StepsPerFrame(1));
        var body = new SenseAndTeach(registry);

        void Frame()
        {
            body.Phase = 0;
            world.InlineQuery<SenseAndTeach, NeuralBrain>(in Brains, ref body);
            neural.Update(0.016f);
            body.Phase = 1;
            world.InlineQuery<SenseAndTeach, NeuralBrain>(in Brains, ref body);
            learning.Update(0.016f);
        }

        // Warm up past tiered JIT, whose background recompilation allocates on its own account.
        for (var f = 0; f < 40; f++)
        {
            Frame();
        }

        Thread.Sleep(300);
        for (var f = 0; f < 40; f++)
        {
            Frame();
        }

        var thread = GC.GetAllocatedBytesForCurrentThread();
        var workers = WorkerPool.Shared.WorkerAllocatedBytes;
        for (var f = 0; f < 50; f++)
        {
            Frame();
        }

        var threadBytes = GC.GetAllocatedBytesForCurrentThread() - thread;
        var workerBytes = WorkerPool.Shared.WorkerAllocatedBytes - workers;
        Assert.That(threadBytes, Is.EqualTo(0), "bytes allocated by the calling thread over 50 frames");
        Assert.That(workerBytes, Is.EqualTo(0), "bytes allocated by the worker threads over 50 frames");
        Assert.That(body.Samples, Is.GreaterThan(0), "feedback was given");
        Assert.That(learning.LastSteps, Is.EqualTo(2), "both cohorts trained");
        TestContext.Out.WriteLine($"last frame: {neural.Name} {neural.LastFrameMilliseconds:F3} ms, {learning.Name} {learning.LastFrameMilliseconds:F3} ms");
    }

    /// <summary>A game's sensors (phase 0: write inputs) and teacher (phase 1: read outputs, give feedback) as one struct query body.</summary>
    private struct SenseAndTeach(BrainRegistry registry) : IForEach<NeuralBrain>
    {
        public int Phase;
        public long Samples;
        private float _clock;

        public void Update(ref NeuralBrain brain)
        {
            var input = registry.Input(in brain);
            if (Phase == 0)
            {
                _clock += 0.001f;
                input.Fill(MathF.Sin(_clock));
                return;
            }

            // Teach each output to be above one half when the first input is positive.
            Span<float> target = stackalloc float[registry.Output(in brain).Length];
            target.Fill(input[0] > 0 ? 1f : 0f);
            Samples += registry.AddSample(in brain, input, target) ? 1 : 0;
        }
    }
}
