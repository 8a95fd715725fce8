using System.Runtime.Intrinsics.X86;
using Engine.Neural.Simd;

namespace Engine.Neural.Cpu;

/// <summary>The vector width the CPU kernels run at.</summary>
internal enum SimdWidth
{
    /// <summary>128-bit, the portable fallback.</summary>
    W128 = 4,

    /// <summary>256-bit with FMA (AVX2).</summary>
    W256 = 8,

    /// <summary>512-bit (AVX-512).</summary>
    W512 = 16,
}

/// <summary>Chooses the widest width this CPU runs natively.</summary>
internal static class SimdWidthChooser
{
    /// <summary>
    /// Environment variable that forces a narrower width (128, 256 or 512), for comparing paths.
    /// </summary>
    public const string Variable = "ENGINE_NEURAL_SIMD";

    /// <summary>The best width here, or the one <see cref="Variable"/> names if it is supported.</summary>
    public static SimdWidth Best { get; } = Choose();

    private static SimdWidth Choose()
    {
        var native = Vec512.IsAccelerated ? SimdWidth.W512
            : Vec256.IsAccelerated && Fma.IsSupported ? SimdWidth.W256
            : SimdWidth.W128;
        return Environment.GetEnvironmentVariable(Variable) switch
        {
            "128" => SimdWidth.W128,
            "256" when native >= SimdWidth.W256 => SimdWidth.W256,
            "512" when native >= SimdWidth.W512 => SimdWidth.W512,
            _ => native,
        };
    }
}
