using DemoGame.Model.Agents;
using Engine.Neural;
using Engine.Neural.OpenCL;

namespace DemoGame.Tests;

/// <summary>
/// The board's boundary and neuron pictures run where the agents' cohort runs: onto OpenCL with
/// it and back, with the CPU's pictures (to float rounding) and, once there, no allocation per
/// evaluation. OpenCL must be usable here (PoCL, installed by scripts/setup.sh), as for the
/// backend switch in <see cref="AgentBackendTests"/>.
/// </summary>
[NonParallelizable]
public class EvaluatorBackendTests
{
    private const float Tolerance = 1e-5f;

    [Test]
    public void TheBoardFollowsTheAgentsOntoOpenClAndBack()
    {
        var spec = AgentKind.Defaults[0].Spec;
        var parameters = Agent.FreshParameters(spec, 5);
        var grid = BatchEvaluator.GridPoints(Agent.BoardResolution);
        using var agents = Agents(spec);
        using var followed = new BatchEvaluator(spec, grid, agents);
        using var cpu = new BatchEvaluator(spec, grid);
        var expected = cpu.Evaluate(parameters).ToArray();

        Assert.That(followed.Evaluate(parameters).ToArray(), Is.EqualTo(expected), "on the CPU with the agents");
        Assert.That(followed.BackendName, Is.EqualTo("cpu"));

        WithOpenCl(agents, () =>
        {
            var onDevice = followed.Evaluate(parameters).ToArray();
            Assert.That(followed.BackendName, Is.EqualTo("opencl"), "the board follows the agents onto the device");
            Assert.That(onDevice, Is.EqualTo(expected).Within(Tolerance), "the device draws the CPU's boundary");
        });

        agents.UseCpu();
        Assert.That(followed.Evaluate(parameters).ToArray(), Is.EqualTo(expected));
        Assert.That(followed.BackendName, Is.EqualTo("cpu"), "and back to the CPU with them");
    }

    [Test]
    public void EveryLayersPictureIsTheCpusOnTheDevice()
    {
        var spec = AgentKind.Defaults[6].Spec;
        var parameters = Agent.FreshParameters(spec, 11);
        using var agents = Agents(spec);
        using var cpu = new NeuronFields(spec);
        using var followed = new NeuronFields(spec, agents);
        cpu.Evaluate(parameters);
        WithOpenCl(agents, () =>
        {
            followed.Evaluate(parameters);
            Assert.That(followed.BackendName, Is.EqualTo("opencl"));
            for (var l = 0; l < spec.LayerCount; l++)
            {
                Assert.That(followed.Layer(l).ToArray(), Is.EqualTo(cpu.Layer(l).ToArray()).Within(Tolerance), $"layer {l}");
            }
        });
    }

    [Test]
    public void ASteadyEvaluationOnTheDeviceAllocatesNothing()
    {
        var spec = AgentKind.Defaults[0].Spec;
        var parameters = Agent.FreshParameters(spec, 7);
        using var agents = Agents(spec);
        using var followed = new BatchEvaluator(spec, BatchEvaluator.GridPoints(Agent.BoardResolution), agents);
        WithOpenCl(agents, () =>
        {
            for (var warm = 0; warm < 5; warm++)
            {
                parameters[0] += 0.01f;
                followed.Evaluate(parameters);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var frame = 0; frame < 20; frame++)
            {
                parameters[0] += 0.01f;
                followed.Evaluate(parameters);
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by 20 evaluations of new parameters");
            Assert.That(followed.BackendName, Is.EqualTo("opencl"));
        });
    }

    private static BrainCohort Agents(BrainSpec spec)
    {
        var cohort = new BrainCohort(spec, new CohortOptions { Seed = 3 });
        cohort.Add();
        return cohort;
    }

    // Moves the agents' cohort to OpenCL (which must be usable here) and runs body there.
    private static void WithOpenCl(BrainCohort agents, Action body)
    {
        var log = new List<string>();
        var previous = BrainCohort.Log;
        BrainCohort.Log = log.Add;
        try
        {
            Assert.That(agents.UseOpenCl(), Is.True, "OpenCL (PoCL, installed by scripts/setup.sh) should be usable: " + string.Join(" | ", log));
            body();
            Assert.That(log, Has.None.Contains("continuing on the CPU"), "no frame failed on the device");
        }
        finally
        {
            BrainCohort.Log = previous;
        }
    }
}
