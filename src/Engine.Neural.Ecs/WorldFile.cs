using Engine.Ecs;
using Engine.Neural.Persistence;

namespace Engine.Neural.Ecs;

/// <summary>
/// Every brain of a world, saved under the game's own entity keys and given back to the
/// entities the game names: <see cref="BrainFile"/>'s world methods (with
/// <c>using Engine.Neural.Ecs;</c> they read <c>BrainFile.SaveWorld(...)</c>).
/// </summary>
public static class WorldFile
{
    extension(BrainFile)
    {
        /// <summary>
        /// Saves every brain of <paramref name="registry"/> to <paramref name="path"/>, atomically,
        /// each with its cohort's state and the key <paramref name="keyOf"/> gives its entity.
        /// </summary>
        /// <param name="path">The file to write.</param>
        /// <param name="registry">The world's brains.</param>
        /// <param name="keyOf">
        /// The game's own stable id of an entity (what its own save file calls that entity).
        /// <see cref="Entity"/> handles are not stable across runs, so the file stores this key,
        /// and <c>LoadWorld</c> asks the game for the entity of each key.
        /// </param>
        /// <remarks>
        /// A brain whose entity has died or dropped its <see cref="NeuralBrain"/> (freed at the next
        /// synchronisation) is not saved. Each entity's <see cref="NeuralBrain.Learning"/> and
        /// <see cref="NeuralBrain.LearningRateScale"/> are saved from its component.
        /// </remarks>
        /// <exception cref="ArgumentException">Two entities have the same key, or a cohort made by <see cref="BrainRegistry.AddCohort"/> holds brains (a world file keeps one cohort per spec).</exception>
        public static void SaveWorld(string path, BrainRegistry registry, Func<Entity, ulong> keyOf) =>
            BrainFile.SaveKeyed(path, Select(registry, keyOf));

        /// <summary>Writes every brain of <paramref name="registry"/> to <paramref name="destination"/> (see <c>SaveWorld</c>).</summary>
        /// <exception cref="ArgumentException">Two entities have the same key, or a cohort made by <see cref="BrainRegistry.AddCohort"/> holds brains.</exception>
        public static void WriteWorld(Stream destination, BrainRegistry registry, Func<Entity, ulong> keyOf) =>
            BrainFile.WriteKeyed(destination, Select(registry, keyOf));

        /// <summary>
        /// Gives the entities of <paramref name="registry"/>'s world the brains saved in
        /// <paramref name="path"/>: for each saved key, <paramref name="entityOf"/> names the entity
        /// (return <see cref="Entity.Null"/> to leave that brain out). Each brain's cohort is
        /// created with the saved options, or, where the registry has it already, must be empty
        /// with the same options apart from initial capacity and training; its settings, counters
        /// and generators are then restored, so training resumes exactly. A saved cohort none of
        /// whose brains is given (all keys answered with <see cref="Entity.Null"/>, or none saved) is
        /// left alone.
        /// </summary>
        /// <returns>The number of brains given to entities.</returns>
        /// <exception cref="BrainFileException">The file is damaged, an entity is not alive or has a brain already, two keys name one entity, or a cohort does not fit. Nothing changes then.</exception>
        public static int LoadWorld(string path, BrainRegistry registry, Func<ulong, Entity> entityOf) =>
            IntoWorld(BrainFile.LoadKeyed(path), registry, entityOf);

        /// <summary>Gives entities the brains read from <paramref name="source"/> (see <c>LoadWorld</c>).</summary>
        /// <exception cref="BrainFileException">The data is damaged or does not fit (nothing changes then).</exception>
        public static int ReadWorld(Stream source, BrainRegistry registry, Func<ulong, Entity> entityOf) =>
            IntoWorld(BrainFile.ReadKeyed(source), registry, entityOf);

        /// <summary>
        /// Gives <paramref name="entity"/> a new brain in <paramref name="registry"/> (in the cohort
        /// of the file's spec) holding the brain saved in <paramref name="path"/>.
        /// </summary>
        /// <returns>A copy of the component now on the entity.</returns>
        /// <exception cref="BrainFileException">The file is damaged, the entity is not alive or already has a brain, or the spec's cohort is shared.</exception>
        public static NeuralBrain LoadBrain(string path, BrainRegistry registry, Entity entity)
        {
            ArgumentNullException.ThrowIfNull(registry);
            var saved = BrainFile.OpenBrain(path);
            if (!registry.World.IsAlive(entity) || registry.World.Has<NeuralBrain>(entity))
            {
                throw new BrainFileException(BrainFileProblem.TargetMismatch, $"{entity} must be alive and hold no brain to take one from a file.");
            }

            var existing = FindCohort(registry, saved.Spec);
            if (existing?.IsShared ?? registry.DefaultOptions.SharedParameters)
            {
                throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the cohort of {saved.Spec} is shared; a single brain cannot be added to it.");
            }

            var brain = registry.AddBrain(entity, saved.Spec, saved.ParametersAt(0));
            saved.RestoreBrain(0, registry.Cohort(in brain), brain.Agent);
            return SyncComponent(registry, entity, saved, 0);
        }
    }

    private static List<KeyedCohort> Select(BrainRegistry registry, Func<Entity, ulong> keyOf)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(keyOf);
        var world = registry.World;
        var selections = new List<KeyedCohort>();
        var keys = new HashSet<ulong>();
        for (var c = 0; c < registry.CohortCount; c++)
        {
            var cohort = registry.Cohort(c);
            if (registry.IsAddedCohort(c))
            {
                // A file names a brain's cohort by its spec alone: a load would put the brains of
                // both cohorts of one spec into one.
                if (cohort.Count > 0)
                {
                    throw new ArgumentException($"BrainFile: cohort {c} is a further cohort of {cohort.Spec} (BrainRegistry.AddCohort) holding {cohort.Count} brains; a world file keeps one cohort per spec.", nameof(registry));
                }

                continue;
            }

            var selection = new KeyedCohort(cohort);
            for (var row = 0; row < cohort.Count; row++)
            {
                var entity = registry.EntityAt(c, row);
                if (!world.IsAlive(entity) || !world.TryGet<NeuralBrain>(entity, out var brain) || brain.CohortId != c || brain.Agent != cohort.HandleAt(row))
                {
                    continue;
                }

                var key = keyOf(entity);
                if (!keys.Add(key))
                {
                    throw new ArgumentException($"BrainFile: two entities have the key {key}; keys must name one entity each.", nameof(keyOf));
                }

                // The component is the source of truth for these; the cohort catches up at the next synchronisation.
                selection.Add(brain.Agent, key, brain.Learning, brain.LearningRateScale);
            }

            selections.Add(selection);
        }

        return selections;
    }

    private static int IntoWorld(IReadOnlyList<SavedCohort> cohorts, BrainRegistry registry, Func<ulong, Entity> entityOf)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(entityOf);
        var entities = ResolveEntities(cohorts, registry, entityOf);
        for (var c = 0; c < cohorts.Count; c++)
        {
            var saved = cohorts[c];
            if (Array.TrueForAll(entities[c], e => e == Entity.Null))
            {
                // No brain of this cohort is wanted: the registry's cohort is not touched.
                continue;
            }

            var existing = FindCohort(registry, saved.Spec);
            if (existing is not null && (existing.Count != 0 || !saved.FitsOptionsOf(existing)))
            {
                throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the registry's cohort of {saved.Spec} must be empty and have the saved options to take the saved brains; it has {existing.Count} brains and options {existing.Options}.");
            }
        }

        // Everything is checked: from here on nothing can fail because of the file.
        var given = 0;
        for (var c = 0; c < cohorts.Count; c++)
        {
            var saved = cohorts[c];
            if (Array.TrueForAll(entities[c], e => e == Entity.Null))
            {
                continue;
            }

            var id = registry.CohortIdOf(saved.Spec, FindCohort(registry, saved.Spec) is null ? saved.Options : null);
            var cohort = registry.Cohort(id);
            for (var i = 0; i < saved.Count; i++)
            {
                var entity = entities[c][i];
                if (entity == Entity.Null)
                {
                    continue;
                }

                var brain = registry.AddBrain(entity, saved.Spec);
                saved.RestoreBrain(i, cohort, brain.Agent);
                SyncComponent(registry, entity, saved, i);
                given++;
            }

            saved.RestoreCohortState(cohort);
        }

        return given;
    }

    /// <summary>The entity of every saved brain (<see cref="Entity.Null"/> to skip), checked before anything changes.</summary>
    private static Entity[][] ResolveEntities(IReadOnlyList<SavedCohort> cohorts, BrainRegistry registry, Func<ulong, Entity> entityOf)
    {
        var world = registry.World;
        var taken = new HashSet<Entity>();
        var entities = new Entity[cohorts.Count][];
        for (var c = 0; c < cohorts.Count; c++)
        {
            var saved = cohorts[c];
            entities[c] = new Entity[saved.Count];
            for (var i = 0; i < saved.Count; i++)
            {
                var key = saved.KeyAt(i);
                var entity = entityOf(key);
                if (entity == Entity.Null)
                {
                    continue;
                }

                if (!world.IsAlive(entity) || world.Has<NeuralBrain>(entity))
                {
                    throw new BrainFileException(BrainFileProblem.TargetMismatch, $"key {key} names {entity}, which is not alive or already has a brain.");
                }

                if (!taken.Add(entity))
                {
                    throw new BrainFileException(BrainFileProblem.TargetMismatch, $"key {key} names {entity}, which another key names too.");
                }

                entities[c][i] = entity;
            }
        }

        return entities;
    }

    private static BrainCohort? FindCohort(BrainRegistry registry, BrainSpec spec) =>
        registry.TryGetCohortId(spec, out var id) ? registry.Cohort(id) : null;

    /// <summary>Writes a restored brain's learning settings into the entity's component, which the registry treats as their source.</summary>
    private static NeuralBrain SyncComponent(BrainRegistry registry, Entity entity, SavedCohort saved, int index)
    {
        ref var component = ref registry.World.Get<NeuralBrain>(entity);
        component.Learning = saved.LearningAt(index);
        component.LearningRateScale = saved.LearningRateScaleAt(index);
        return component;
    }
}
