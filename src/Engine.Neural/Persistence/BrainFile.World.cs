using Engine.Ecs;
using Engine.Neural.Ecs;

namespace Engine.Neural.Persistence;

/// <content>Every brain of a world.</content>
public static partial class BrainFile
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
    /// and <see cref="LoadWorld"/> asks the game for the entity of each key.
    /// </param>
    /// <remarks>
    /// A brain whose entity has died or dropped its <see cref="NeuralBrain"/> (freed at the next
    /// synchronisation) is not saved. Each entity's <see cref="NeuralBrain.Learning"/> and
    /// <see cref="NeuralBrain.LearningRateScale"/> are saved from its component.
    /// </remarks>
    /// <exception cref="ArgumentException">Two entities have the same key.</exception>
    public static void SaveWorld(string path, BrainRegistry registry, Func<Entity, ulong> keyOf) =>
        AtomicFile.Write(path, WorldBytes(registry, keyOf));

    /// <summary>Writes every brain of <paramref name="registry"/> to <paramref name="destination"/> (see <see cref="SaveWorld"/>).</summary>
    /// <exception cref="ArgumentException">Two entities have the same key.</exception>
    public static void WriteWorld(Stream destination, BrainRegistry registry, Func<Entity, ulong> keyOf)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(WorldBytes(registry, keyOf));
    }

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
    public static int LoadWorld(string path, BrainRegistry registry, Func<ulong, Entity> entityOf) => IntoWorld(ReadFile(path), registry, entityOf);

    /// <summary>Gives entities the brains read from <paramref name="source"/> (see <see cref="LoadWorld"/>).</summary>
    /// <exception cref="BrainFileException">The data is damaged or does not fit (nothing changes then).</exception>
    public static int ReadWorld(Stream source, BrainRegistry registry, Func<ulong, Entity> entityOf) => IntoWorld(ReadStream(source), registry, entityOf);

    private static byte[] WorldBytes(BrainRegistry registry, Func<Entity, ulong> keyOf)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(keyOf);
        var world = registry.World;
        var keys = new HashSet<ulong>();
        var cohorts = new List<(CohortImage Image, ulong[] Keys)>();
        for (var c = 0; c < registry.CohortCount; c++)
        {
            var cohort = registry.Cohort(c);
            var rows = new List<int>();
            var components = new List<NeuralBrain>();
            var rowKeys = new List<ulong>();
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

                rows.Add(row);
                components.Add(brain);
                rowKeys.Add(key);
            }

            var image = CohortCapture.Capture(cohort, [.. rows]);
            for (var i = 0; i < components.Count; i++)
            {
                // The component is the source of truth for these; the cohort catches up at the next synchronisation.
                image.Learning[i] = components[i].Learning;
                image.LearningRateScales[i] = components[i].LearningRateScale;
            }

            cohorts.Add((image, [.. rowKeys]));
        }

        return FileEnvelope.Wrap(BrainFileKind.World, w =>
        {
            w.Int32(cohorts.Count);
            foreach (var (image, rowKeys) in cohorts)
            {
                CohortCodec.Write(w, image);
                foreach (var key in rowKeys)
                {
                    w.UInt64(key);
                }
            }
        });
    }

    private static List<(CohortImage Image, ulong[] Keys)> DecodeWorld(byte[] file)
    {
        var reader = FileEnvelope.Open(file, BrainFileKind.World);
        var count = reader.Size("cohort count", 0, BrainFileLimits.MaxCohorts);
        var cohorts = new List<(CohortImage, ulong[])>();
        var specs = new HashSet<BrainSpec>();
        var keys = new HashSet<ulong>();
        for (var c = 0; c < count; c++)
        {
            var image = CohortCodec.Read(reader);
            if (!specs.Add(image.Spec))
            {
                throw new BrainFileException(BrainFileProblem.Malformed, $"two cohorts have the spec {image.Spec}; a world has one cohort per spec.");
            }

            reader.EnsureRoomFor(image.Count, sizeof(ulong), "entity keys");
            var rowKeys = new ulong[image.Count];
            for (var i = 0; i < rowKeys.Length; i++)
            {
                rowKeys[i] = reader.UInt64("entity key");
                if (!keys.Add(rowKeys[i]))
                {
                    throw new BrainFileException(BrainFileProblem.Malformed, $"the entity key {rowKeys[i]} appears twice.");
                }
            }

            cohorts.Add((image, rowKeys));
        }

        reader.EnsureEnd();
        return cohorts;
    }

    private static int IntoWorld(byte[] file, BrainRegistry registry, Func<ulong, Entity> entityOf)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(entityOf);
        var cohorts = DecodeWorld(file);
        var entities = ResolveEntities(cohorts, registry, entityOf);
        for (var c = 0; c < cohorts.Count; c++)
        {
            var image = cohorts[c].Image;
            if (Array.TrueForAll(entities[c], e => e == Entity.Null))
            {
                // No brain of this cohort is wanted: the registry's cohort is not touched.
                continue;
            }

            var existing = FindCohort(registry, image.Spec);
            if (existing is not null && (existing.Count != 0 || !OptionsFit(image.Options, existing.Options)))
            {
                throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the registry's cohort of {image.Spec} must be empty and have the saved options to take the saved brains; it has {existing.Count} brains and options {existing.Options}.");
            }
        }

        // Everything is checked: from here on nothing can fail because of the file.
        var given = 0;
        for (var c = 0; c < cohorts.Count; c++)
        {
            var image = cohorts[c].Image;
            if (Array.TrueForAll(entities[c], e => e == Entity.Null))
            {
                continue;
            }

            var id = registry.CohortIdOf(image.Spec, FindCohort(registry, image.Spec) is null ? image.Options : null);
            var cohort = registry.Cohort(id);
            for (var row = 0; row < image.Count; row++)
            {
                var entity = entities[c][row];
                if (entity == Entity.Null)
                {
                    continue;
                }

                var brain = registry.AddBrain(entity, image.Spec);
                var slot = cohort.RowOf(brain.Agent);
                if (!cohort.IsShared)
                {
                    CohortRestore.ParameterSet(cohort, slot, image, row);
                }

                CohortRestore.Row(cohort, slot, image, row);
                SyncComponent(registry, entity, image, row);
                given++;
            }

            if (cohort.IsShared)
            {
                CohortRestore.ParameterSet(cohort, 0, image, 0);
            }

            CohortRestore.CohortState(cohort, image);
        }

        return given;
    }

    /// <summary>The entity of every saved brain (<see cref="Entity.Null"/> to skip), checked before anything changes.</summary>
    private static Entity[][] ResolveEntities(List<(CohortImage Image, ulong[] Keys)> cohorts, BrainRegistry registry, Func<ulong, Entity> entityOf)
    {
        var world = registry.World;
        var taken = new HashSet<Entity>();
        var entities = new Entity[cohorts.Count][];
        for (var c = 0; c < cohorts.Count; c++)
        {
            var keys = cohorts[c].Keys;
            entities[c] = new Entity[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                var entity = entityOf(keys[i]);
                if (entity == Entity.Null)
                {
                    continue;
                }

                if (!world.IsAlive(entity) || world.Has<NeuralBrain>(entity))
                {
                    throw new BrainFileException(BrainFileProblem.TargetMismatch, $"key {keys[i]} names {entity}, which is not alive or already has a brain.");
                }

                if (!taken.Add(entity))
                {
                    throw new BrainFileException(BrainFileProblem.TargetMismatch, $"key {keys[i]} names {entity}, which another key names too.");
                }

                entities[c][i] = entity;
            }
        }

        return entities;
    }

    private static BrainCohort? FindCohort(BrainRegistry registry, BrainSpec spec)
    {
        for (var c = 0; c < registry.CohortCount; c++)
        {
            if (registry.Cohort(c).Spec == spec)
            {
                return registry.Cohort(c);
            }
        }

        return null;
    }

    /// <summary>Writes a restored row's learning settings into the entity's component, which the registry treats as their source.</summary>
    private static NeuralBrain SyncComponent(BrainRegistry registry, Entity entity, CohortImage image, int row)
    {
        ref var component = ref registry.World.Get<NeuralBrain>(entity);
        component.Learning = image.Learning[row];
        component.LearningRateScale = image.LearningRateScales[row];
        return component;
    }
}
