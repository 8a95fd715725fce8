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

/// <summary>What this CPU runs natively, and the width <see cref="Variable"/> forces, if any.</summary>
internal static class SimdWidthChooser
{
    /// <summary>
    /// Environment variable that forces a width (128, 256 or 512; one wider than the CPU runs
    /// natively is ignored) instead of the measured choice (<see cref="WidthTuner"/>).
    /// </summary>
    public const string Variable = "ENGINE_NEURAL_SIMD";

    /// <summary>The widest width this CPU runs on hardware instructions.</summary>
    public static SimdWidth Native { get; } =
        Vec512.IsAccelerated ? SimdWidth.W512
        : Vec256.IsAccelerated && Fma.IsSupported ? SimdWidth.W256
        : SimdWidth.W128;

    /// <summary>The width <see cref="Variable"/> forces, or null to measure.</summary>
    public static SimdWidth? Forced { get; } = Environment.GetEnvironmentVariable(Variable) switch
    {
        "128" => SimdWidth.W128,
        "256" when Native >= SimdWidth.W256 => SimdWidth.W256,
        "512" when Native >= SimdWidth.W512 => SimdWidth.W512,
        _ => null,
    };

    /// <summary>The forced width, else the widest native one (for callers with no spec to measure).</summary>
    public static SimdWidth Best => Forced ?? Native;
}
