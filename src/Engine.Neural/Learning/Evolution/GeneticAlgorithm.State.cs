using Engine.Neural.Persistence;

namespace Engine.Neural.Learning;

/// <content>
/// Saving and loading the breeding state: generation, generator, and the best brain so far with
/// its fitness. The population itself lives in the cohort (saved with <see cref="BrainFile"/>).
/// </content>
public sealed partial class GeneticAlgorithm
{
    /// <summary>Saves the breeding state to <paramref name="path"/>, atomically.</summary>
    public void Save(string path) => LearnerStateFile.Save(path, BrainFileKind.GeneticAlgorithm, w =>
    {
        w.Int32(PopulationSize);
        w.Int32(_best.Length);
        w.Int32(Generation);
        w.Single(BestFitness);
        LearnerStateFile.Generator(w, _random);
        w.Singles(_best);
    });

    /// <summary>Loads a state saved by <see cref="Save"/> for the same population and spec; checks the whole file first.</summary>
    /// <exception cref="BrainFileException">The file is damaged, of another kind, or saved for another population or spec.</exception>
    public void Load(string path)
    {
        var r = LearnerStateFile.Open(path, BrainFileKind.GeneticAlgorithm);
        LearnerStateFile.Expect(r.Int32("population"), PopulationSize, "agents");
        LearnerStateFile.Expect(r.Int32("parameters"), _best.Length, "parameters per brain");
        var generation = r.Size("generation", 0, int.MaxValue);
        var bestFitness = r.Single("best fitness");
        var random = LearnerStateFile.Generator(r, "generator");
        var best = LearnerStateFile.FiniteSingles(r, _best.Length, "best brain");
        r.EnsureEnd();
        Generation = generation;
        BestFitness = bestFitness;
        _random = random;
        best.CopyTo(_best, 0);
    }
}
