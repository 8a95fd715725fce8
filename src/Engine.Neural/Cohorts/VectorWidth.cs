namespace Engine.Neural;

/// <summary>
/// The vector width a cohort's CPU kernels run at. Widths sum in different orders, so they
/// round differently in the last bits: <see cref="Measured"/> (the default) runs whichever this
/// CPU measured fastest for the spec, which can differ between machines and, for widths that
/// measure alike, between runs; a fixed width gives the same bits on every machine (a width
/// the CPU lacks runs in software: correct, slower). Pin one for replays, lockstep games and
/// results compared across processes.
/// </summary>
public enum VectorWidth
{
    /// <summary>The fastest width measured here (ENGINE_NEURAL_SIMD=128|256|512 pins one for the whole process).</summary>
    Measured = 0,

    /// <summary>128-bit vectors (4 floats).</summary>
    Bits128 = 128,

    /// <summary>256-bit vectors (8 floats).</summary>
    Bits256 = 256,

    /// <summary>512-bit vectors (16 floats).</summary>
    Bits512 = 512,
}
