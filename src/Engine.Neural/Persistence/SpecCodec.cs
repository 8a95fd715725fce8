namespace Engine.Neural.Persistence;

/// <summary>Writes and reads the spec, options and settings blocks (field lists in docs/save-format.md).</summary>
internal static class SpecCodec
{
    public static void WriteSpec(PayloadWriter w, BrainSpec spec)
    {
        w.Int32(spec.InputSize);
        w.UInt8((byte)spec.Loss);
        w.Int32(spec.LayerCount);
        for (var l = 0; l < spec.LayerCount; l++)
        {
            var layer = l < spec.Hidden.Count ? spec.Hidden[l] : spec.Output;
            w.Int32(layer.Size);
            w.UInt8((byte)layer.Activation);
            w.Bool(layer.Alpha.HasValue);
            w.Double(layer.Alpha ?? 0.0);
        }
    }

    public static BrainSpec ReadSpec(PayloadReader r)
    {
        var inputSize = r.Size("spec input size", 1, BrainFileLimits.MaxLayerWidth);
        var loss = Defined<Loss>(r.UInt8("spec loss"), "spec loss");
        var layerCount = r.Size("spec layer count", 1, BrainFileLimits.MaxLayers);
        var layers = new LayerSpec[layerCount];
        long parameters = 0;
        var fanIn = inputSize;
        for (var l = 0; l < layerCount; l++)
        {
            var size = r.Size("layer size", 1, BrainFileLimits.MaxLayerWidth);
            var activation = Defined<Activation>(r.UInt8("layer activation"), "layer activation");
            var hasAlpha = r.Bool("layer alpha flag");
            var alpha = r.Double("layer alpha");
            layers[l] = new LayerSpec(size, activation, hasAlpha ? alpha : null);

            // Counted in 64 bits before BrainSpec multiplies in 32.
            parameters += ((long)fanIn * size) + size;
            fanIn = size;
        }

        if (parameters > BrainFileLimits.MaxParameters)
        {
            throw new BrainFileException(BrainFileProblem.SizeLimit, $"the spec has {parameters} parameters, beyond the limit of {BrainFileLimits.MaxParameters}.");
        }

        try
        {
            return new BrainSpec(inputSize, layers[..^1], layers[^1], loss);
        }
        catch (ArgumentException e)
        {
            throw new BrainFileException(BrainFileProblem.Malformed, $"the spec is invalid: {e.Message}");
        }
    }

    public static void WriteOptions(PayloadWriter w, CohortOptions options)
    {
        w.Int32(options.InitialCapacity);
        w.Int32(options.SampleCapacity);
        w.UInt8((byte)options.Init);
        w.UInt64(options.Seed);
        w.UInt8((byte)options.Sampling);
        w.Bool(options.SharedParameters);
        w.UInt8((byte)options.NonFiniteSamples);
        w.Single(options.SampleClampLimit);
        WriteSettings(w, options.Training);
    }

    public static CohortOptions ReadOptions(PayloadReader r)
    {
        var options = new CohortOptions
        {
            InitialCapacity = r.Size("initial capacity", 1, BrainFileLimits.MaxAgents),
            SampleCapacity = r.Size("sample capacity", 1, BrainFileLimits.MaxSampleCapacity),
            Init = Defined<WeightInit>(r.UInt8("weight init"), "weight init"),
            Seed = r.UInt64("seed"),
            Sampling = Defined<BatchSampling>(r.UInt8("batch sampling"), "batch sampling"),
            SharedParameters = r.Bool("shared parameters"),
            NonFiniteSamples = Defined<NonFiniteSamplePolicy>(r.UInt8("non-finite sample policy"), "non-finite sample policy"),
            SampleClampLimit = r.Single("sample clamp limit"),
            Training = ReadSettings(r),
        };
        return Validated(options.Validate);
    }

    public static void WriteSettings(PayloadWriter w, TrainingSettings s)
    {
        w.UInt8((byte)s.Optimizer);
        w.UInt8((byte)s.Regularization);
        w.Int32(s.BatchSize);
        w.Double(s.LearningRate);
        w.Double(s.Momentum);
        w.Double(s.Beta1);
        w.Double(s.Beta2);
        w.Double(s.Epsilon);
        w.Double(s.RegularizationRate);
        w.Double(s.ClipValue);
        w.Double(s.ClipNorm);
    }

    public static TrainingSettings ReadSettings(PayloadReader r)
    {
        var settings = new TrainingSettings
        {
            Optimizer = Defined<OptimizerKind>(r.UInt8("optimizer"), "optimizer"),
            Regularization = Defined<RegularizationKind>(r.UInt8("regularization"), "regularization"),
            // A batch is drawn into per-worker scratch: bound it like a ring.
            BatchSize = r.Size("batch size", 1, BrainFileLimits.MaxSampleCapacity),
            LearningRate = r.Double("learning rate"),
            Momentum = r.Double("momentum"),
            Beta1 = r.Double("beta1"),
            Beta2 = r.Double("beta2"),
            Epsilon = r.Double("epsilon"),
            RegularizationRate = r.Double("regularization rate"),
            ClipValue = r.Double("clip value"),
            ClipNorm = r.Double("clip norm"),
        };
        return Validated(settings.Validate);
    }

    private static T Defined<T>(byte value, string field)
        where T : struct, Enum
    {
        var e = (T)Enum.ToObject(typeof(T), value);
        return Enum.IsDefined(e) ? e : throw PayloadReader.Malformed($"{field} {value} is not a known value.");
    }

    private static T Validated<T>(Func<T> validate)
    {
        try
        {
            return validate();
        }
        catch (ArgumentException e)
        {
            throw new BrainFileException(BrainFileProblem.Malformed, e.Message);
        }
    }
}
