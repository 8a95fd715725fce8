namespace Engine.Neural.OpenCL;

/// <summary>The one-line way for a game to move a cohort onto an OpenCL device.</summary>
public static class OpenClCohortExtensions
{
    /// <summary>
    /// Moves <paramref name="cohort"/> to an OpenCL device when one is usable; otherwise leaves
    /// it on the CPU and logs why through <see cref="BrainCohort.Log"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// if (!cohort.UseOpenCl()) { /* still fine: the CPU runs it */ }
    /// </code>
    /// </example>
    /// <returns>True when the cohort now runs on OpenCL.</returns>
    public static bool UseOpenCl(this BrainCohort cohort, OpenClOptions? options = null) =>
        OpenClBackend.TryAttach(cohort, options);
}
