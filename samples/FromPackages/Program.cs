// A tiny game-side program that uses the plugin only through its NuGet packages: one brain
// learns XOR, travels through ONNX and back, thinks on an entity, and runs on OpenCL when a
// device is there.
// Exits 1 when anything does not work, so CI fails on a package that misses a file.
using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;
using Engine.Neural.Onnx;
using Engine.Neural.OpenCL;

float[][] inputs = [[0f, 0f], [0f, 1f], [1f, 0f], [1f, 1f]];
float[] targets = [0f, 1f, 1f, 0f];

var spec = new BrainSpec(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
using var cohort = new BrainCohort(spec, new CohortOptions
{
    Seed = 1,
    Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 4 },
});
var agent = cohort.Add();
for (var i = 0; i < inputs.Length; i++)
{
    cohort.AddSample(agent, inputs[i], [targets[i]]);
}

for (var step = 0; step < 1500; step++)
{
    cohort.TrainStep();
}

var right = 0;
foreach (var (input, target) in inputs.Zip(targets))
{
    input.CopyTo(cohort.Input(agent));
    cohort.Forward();
    right += (cohort.Output(agent)[0] > 0.5f) == (target > 0.5f) ? 1 : 0;
}

// The brain through ONNX and back: the same parameters, so the same outputs.
var copy = OnnxImport.FromBytes(OnnxExport.ToBytes(cohort, agent)).AddTo(cohort);
inputs[1].CopyTo(cohort.Input(agent));
inputs[1].CopyTo(cohort.Input(copy));
cohort.Forward();
var cpu = cohort.Output(agent)[0];
var sameThroughOnnx = cohort.Output(copy)[0] == cpu;

// The ECS packages: an entity holding a component, and one holding a brain.
using var world = World.Create();
var entity = world.Create(new Score(right));
using var brains = new BrainRegistry(world);
var picker = brains.AddBrain(world.Create(), spec);
inputs[1].CopyTo(brains.Input(picker));
new NeuralSystem(brains).Update(0.016f);
var entityThinks = brains.Output(picker)[0] is > 0f and < 1f;

// The OpenCL package: its kernels travel inside its assembly; with no device the CPU goes on.
var onOpenCl = cohort.UseOpenCl();
cohort.Forward();
var sameOnBackend = Math.Abs(cohort.Output(agent)[0] - cpu) < 1e-5f;

Console.WriteLine($"Engine.Neural {typeof(BrainCohort).Assembly.GetName().Version} ({Path.GetFileName(Path.GetDirectoryName(typeof(BrainCohort).Assembly.Location))} package build) on .NET {Environment.Version}");
Console.WriteLine($"XOR: {right} of 4 right after 1,500 steps; through ONNX and back: {(sameThroughOnnx ? "same output" : "DIFFERENT")}; " +
    $"entity {entity} scored {world.Get<Score>(entity).Right}, a brain on an entity {(entityThinks ? "thinks" : "DOES NOT THINK")}; backend {(onOpenCl ? "OpenCL" : "CPU")}: {(sameOnBackend ? "same output" : "DIFFERENT")}");
return right == 4 && sameThroughOnnx && entityThinks && sameOnBackend ? 0 : 1;

/// <summary>How many XOR cases the brain got right.</summary>
internal record struct Score(int Right);
