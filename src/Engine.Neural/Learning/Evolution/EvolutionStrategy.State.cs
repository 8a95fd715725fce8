using Engine.Neural.Persistence;

namespace Engine.Neural.Learning;

/// <content>
/// Saving and loading the search: centre, optimiser moments and step count, the current
/// generation's perturbations and the generator. A load writes the saved population into the
/// cohort, so the next <see cref="NextGeneration"/> scores what the save was scoring.
/// </content>
public sealed partial class EvolutionStrategy
{
    /// <summary>Saves the search to <paramref name="path"/>, atomically.</summary>
    public void Save(string path) => LearnerStateFile.Save(path, BrainFileKind.EvolutionStrategy, w =>
    {
        w.Int32(PopulationSize);
        w.Int32(_centre.Length);
        w.Int32(Generation);
        w.Int32(_optimizerSteps);
        LearnerStateFile.Generator(w, _random);
        w.Singles(_centre);
        w.Singles(_first);
        w.Singles(_second);
        w.Singles(_noise);
    });

    /// <summary>Loads a search saved by <see cref="Save"/> for the same population and spec; checks the whole file first.</summary>
    /// <exception cref="BrainFileException">The file is damaged, of another kind, or saved for another population or spec.</exception>
    public void Load(string path)
    {
        var r = LearnerStateFile.Open(path, BrainFileKind.EvolutionStrategy);
        LearnerStateFile.Expect(r.Int32("population"), PopulationSize, "agents");
        LearnerStateFile.Expect(r.Int32("parameters"), _centre.Length, "parameters per brain");
        var generation = r.Size("generation", 0, int.MaxValue);
        var steps = r.Size("optimiser steps", 0, int.MaxValue);
        var random = LearnerStateFile.Generator(r, "generator");
        var centre = LearnerStateFile.FiniteSingles(r, _centre.Length, "centre");
        var first = LearnerStateFile.FiniteSingles(r, _centre.Length, "first moment");
        var second = LearnerStateFile.FiniteSingles(r, _centre.Length, "second moment");
        var noise = LearnerStateFile.FiniteSingles(r, _noise.Length, "perturbations");
        r.EnsureEnd();
        Generation = generation;
        _optimizerSteps = steps;
        _random = random;
        centre.CopyTo(_centre, 0);
        first.CopyTo(_first, 0);
        second.CopyTo(_second, 0);
        noise.CopyTo(_noise, 0);
        WritePopulation();
    }
}
