using Engine.Neural.Onnx;
using Engine.Neural.Tests.Support;
using static Engine.Neural.Tests.Onnx.ForeignOnnxWriter;

namespace Engine.Neural.Tests.Onnx;

/// <summary>Whatever is not a dense MLP, or not an ONNX file at all, is a clear error, and costs no more than its bytes.</summary>
public class OnnxRejectionTests
{
    private static readonly byte[] Weight54 = Tensor("w", [5, 4], new float[20], ForeignStorage.RawData);

    private static readonly byte[] Bias5 = Tensor("b", [5], new float[5], ForeignStorage.RawData);

    public static IEnumerable<TestCaseData> BadGraphs()
    {
        yield return Bad("an unknown operator", "node '/0/Conv' (op Conv) is not a dense layer", [Node("/0/Conv", "Conv", ["input", "w"], "output")], [Weight54], 4, 5);
        yield return Bad("a second layer of the wrong fan-in", "node '/1/Gemm' (op Gemm) has weights 'w2' for 4 inputs; the layer before it has 5 outputs",
            [Node("/0/Gemm", "Gemm", ["input", "w", "b"], "h", IntAttribute("transB", 1)), Node("/1/Gemm", "Gemm", ["h", "w2"], "output", IntAttribute("transB", 1))],
            [Weight54, Bias5, Tensor("w2", [3, 4], new float[12], ForeignStorage.RawData)], 4, 3);
        yield return Bad("a bias of the wrong shape", "node '/0/Gemm' (op Gemm) has bias 'b4' of shape [4]",
            [Node("/0/Gemm", "Gemm", ["input", "w", "b4"], "output", IntAttribute("transB", 1))], [Weight54, Tensor("b4", [4], new float[4], ForeignStorage.RawData)], 4, 5);
        yield return Bad("weights of three dimensions", "has weights 'w3' of shape [5, 4, 1]",
            [Node("/0/Gemm", "Gemm", ["input", "w3"], "output", IntAttribute("transB", 1))], [Tensor("w3", [5, 4, 1], new float[20], ForeignStorage.RawData)], 4, 5);
        yield return Bad("weights that are not an initializer", "takes 'input2', which is not an initializer",
            [Node("/0/MatMul", "MatMul", ["input", "input2"], "output")], [], 4, 5);
        yield return Bad("a transposed input", "has transA, alpha or beta other than 0, 1 and 1",
            [Node("/0/Gemm", "Gemm", ["input", "w"], "output", IntAttribute("transA", 1))], [Weight54], 4, 5);
        yield return Bad("an unknown attribute", "node '/1/Relu' (op Relu) has attribute 'inplace'",
            [Node("/0/Gemm", "Gemm", ["input", "w"], "h", IntAttribute("transB", 1)), Node("/1/Relu", "Relu", ["h"], "output", IntAttribute("inplace", 1))], [Weight54], 4, 5);
        yield return Bad("two activations in a row", "node '/2/Tanh' (op Tanh) follows another activation",
            [Node("/0/Gemm", "Gemm", ["input", "w"], "h", IntAttribute("transB", 1)), Node("/1/Relu", "Relu", ["h"], "r"), Node("/2/Tanh", "Tanh", ["r"], "output")], [Weight54], 4, 5);
        yield return Bad("an activation before any layer", "node '/0/Relu' (op Relu) comes before any dense layer", [Node("/0/Relu", "Relu", ["input"], "output")], [], 4, 4);
        yield return Bad("a branch off the chain", "node '/1/Gemm' (op Gemm) takes 'input', not 'h'",
            [Node("/0/Gemm", "Gemm", ["input", "w"], "h", IntAttribute("transB", 1)), Node("/1/Gemm", "Gemm", ["input", "w"], "output", IntAttribute("transB", 1))], [Weight54], 4, 5);
        yield return Bad("an Add that is no MatMul's bias", "node '/1/Add' (op Add) is taken only as the bias of the MatMul",
            [Node("/0/Gemm", "Gemm", ["input", "w", "b"], "h", IntAttribute("transB", 1)), Node("/1/Add", "Add", ["h", "b"], "output")], [Weight54, Bias5], 4, 5);
        yield return Bad("softmax on a hidden layer", "the layers do not form a brain",
            [Node("/0/Gemm", "Gemm", ["input", "w"], "h", IntAttribute("transB", 1)), Node("/1/Softmax", "Softmax", ["h"], "s"), Node("/2/Gemm", "Gemm", ["s", "w2"], "output", IntAttribute("transB", 1))],
            [Weight54, Tensor("w2", [2, 5], new float[10], ForeignStorage.RawData)], 4, 2);
        yield return Bad("a huge declared dimension", "initializer 'huge' declares dimension 1099511627776",
            [Node("/0/Gemm", "Gemm", ["input", "huge"], "output", IntAttribute("transB", 1))], [Tensor("huge", [1L << 40, 4], new float[4], ForeignStorage.RawData)], 4, 5);
        yield return Bad("huge declared sizes", "declares more than 67108864 values",
            [Node("/0/Gemm", "Gemm", ["input", "big"], "output", IntAttribute("transB", 1))], [Tensor("big", [1 << 20, 1 << 20], new float[4], ForeignStorage.RawData)], 1 << 20, 5);
        yield return Bad("raw data shorter than its dimensions", "initializer 'short' declares 20 floats but its raw_data holds 16 bytes",
            [Node("/0/Gemm", "Gemm", ["input", "short"], "output", IntAttribute("transB", 1))], [Tensor("short", [5, 4], new float[4], ForeignStorage.RawData)], 4, 5);
        yield return Bad("float data shorter than its dimensions", "initializer 'short' declares 20 floats but holds 4 in float_data",
            [Node("/0/Gemm", "Gemm", ["input", "short"], "output", IntAttribute("transB", 1))], [Tensor("short", [5, 4], new float[4], ForeignStorage.PackedFloats)], 4, 5);
        yield return Bad("a graph output the chain does not make", "a brain has one, the chain's last tensor 'h'",
            [Node("/0/Gemm", "Gemm", ["input", "w"], "h", IntAttribute("transB", 1))], [Weight54], 4, 5);
    }

    [TestCaseSource(nameof(BadGraphs))]
    public void AGraphThatIsNoDenseMlpIsRefusedByName(byte[] model, string expected)
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxImport.FromBytes(model));
        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void ATruncatedOrForeignFileIsRefused()
    {
        var spec = new BrainSpec(4, [new LayerSpec(8, Activation.Tanh)], new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 9 });
        var model = OnnxExport.ToBytes(cohort, cohort.Add());
        foreach (var cut in new[] { model.Length / 2, model.Length - 1, 3 })
        {
            var error = Assert.Throws<OnnxImportException>(() => OnnxImport.FromBytes(model.AsSpan(0, cut)), $"cut at {cut} of {model.Length}");
            Assert.That(error!.Message, Does.StartWith("ONNX import: "));
        }

        Assert.That(() => OnnxImport.FromBytes("{ \"not\": \"onnx\" }"u8), Throws.TypeOf<OnnxImportException>());
        Assert.That(() => OnnxImport.FromBytes([]), Throws.TypeOf<OnnxImportException>().With.Message.Contains("no graph"));
    }

    [Test]
    [Platform("Linux")]
    public void DevicesPipesAndFoldersAreRefusedWithoutBeingRead()
    {
        foreach (var device in new[] { "/dev/zero", "/dev/urandom" })
        {
            var error = Assert.Throws<OnnxImportException>(() => OnnxImport.Load(device));
            Assert.That(error!.Message, Does.Contain(device).And.Contain("pipe, device or socket"));
        }

        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "onnx-folder");
        Directory.CreateDirectory(folder);
        Assert.That(() => OnnxImport.Load(folder), Throws.InstanceOf<IOException>().With.Message.Contains("is a directory"));
        Directory.Delete(folder);

        var pipe = Path.Combine(TestContext.CurrentContext.WorkDirectory, "onnx-pipe");
        File.Delete(pipe);
        Fifo.Create(pipe);
        try
        {
            var (inTime, error) = Fifo.RunWithin(pipe, TimeSpan.FromSeconds(10), () => OnnxImport.Load(pipe));
            Assert.That(inTime, Is.True, "the loader blocked opening the pipe");
            Assert.That(error, Is.TypeOf<OnnxImportException>());
        }
        finally
        {
            File.Delete(pipe);
        }
    }

    [Test]
    public void AFileBeyondTheLimitIsRefusedBeforeItIsRead()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "sparse.onnx");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(10L << 30);
        }

        try
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var error = Assert.Throws<OnnxImportException>(() => OnnxImport.Load(path));
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(256 * 1024));
            Assert.That(error!.Message, Does.Contain("beyond the limit of " + OnnxImport.MaxFileBytes));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AnEndlessStreamIsReadNoFurtherThanTheLimit()
    {
        var endless = new EndlessStream([], fill: 0x0A);
        var error = Assert.Throws<OnnxImportException>(() => OnnxImport.Read(endless, null, maxBytes: 4096));
        Assert.That(error!.Message, Does.Contain("more than 4096 bytes"));
        Assert.That(endless.BytesRead, Is.EqualTo(4097), "the limit, and the one byte that shows there is more");
    }

    private static TestCaseData Bad(string name, string expected, byte[][] nodes, byte[][] initializers, int inputs, int outputs) =>
        new TestCaseData(ModelOf(nodes, initializers, inputs, outputs), expected).SetArgDisplayNames(name);
}
