using System.Globalization;
using DemoGame.Model;
using DemoGame.Model.Levels;

namespace DemoGame.App;

/// <summary>The command line.</summary>
internal sealed record DemoOptions
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        Usage: DemoGame [--headless] [--bench] [--frames N] [--screenshot FILE] [--size WxH] [--agent K]
                        [--seed S] [--level NAME] [--mode MODE] [--agents N] [--noise P] [--overlay]
                        [--opencl] [--save-file FILE]
               DemoGame --train-triangle [--epochs N]
          --headless        render offscreen through EGL (no display needed)
          --bench           time 600 frames, then 10,000 fruit; print BENCH FRAME lines (in a window
                            when there is a display and no --headless, else offscreen)
          --frames N        stop after N frames (headless default: 600)
          --screenshot FILE write the last frame as a PNG
          --size WxH        the window's (or headless frame's) size in pixels (default 1280x720)
          --agent K         show agent K (1-based) on the board (default 3: three cuts)
          --level NAME      start on level line, triangle (default), xor, circle or spirals; or
                            harvest: 200 moving agents learning from rewards to eat grapes
          --mode MODE       how the fruit board's agents learn: supervised (from labels, the
                            default), scored (told only the score: +1 a slashed grape, -1 a tomato)
                            or evolved (a population of 64 three-cut brains, the score its fitness);
                            on the harvest level, evolved makes the foragers evolve instead of
                            learning by policy gradient
          --agents N        learning agents on the harvest level (default 200)
          --noise P         flip each thrown fruit's label with probability P, 0 to 0.5
          --overlay         start with the debug overlay open (Tab or F2 toggles it)
          --opencl          run the brains on OpenCL (stays on the CPU, with a line saying why, if it cannot)
          --save-file FILE  where F5 saves every agent's brain and F9 loads them (default:
                            $XDG_DATA_HOME/fruit-cuts/demogame.brains, else ~/.local/share/fruit-cuts/...)
          --train-triangle  the console training of one 2-3-1 brain on the grape triangle
        """;

    /// <summary>Open the debug overlay from the first frame.</summary>
    public bool Overlay { get; init; }

    /// <summary>Run the brains on OpenCL.</summary>
    public bool OpenCl { get; init; }

    /// <summary>Render offscreen.</summary>
    public bool Headless { get; init; }

    /// <summary>Time frames headless and print the BENCH FRAME lines instead of playing.</summary>
    public bool Bench { get; init; }

    /// <summary>Frames to run, or null for "until the window closes".</summary>
    public int? Frames { get; init; }

    /// <summary>The window's or headless frame's size.</summary>
    public (int Width, int Height) Size { get; init; } = (DemoRunner.Width, DemoRunner.Height);

    /// <summary>Where to write the last frame.</summary>
    public string? Screenshot { get; init; }

    /// <summary>Zero-based agent shown on the board.</summary>
    public int Agent { get; init; } = 2;

    /// <summary>Seed of the game.</summary>
    public ulong Seed { get; init; } = 4;

    /// <summary>The level the game starts on.</summary>
    public Level Level { get; init; } = LevelCatalog.Default;

    /// <summary>Play the Harvest level instead of the fruit board.</summary>
    public bool Harvest { get; init; }

    /// <summary>Learning agents on the Harvest level.</summary>
    public int HarvestAgents { get; init; } = 200;

    /// <summary>How the fruit board's agents learn.</summary>
    public GameMode Mode { get; init; }

    /// <summary>Label noise of thrown fruit, 0 to <see cref="Level.MaxNoise"/>.</summary>
    public double Noise { get; init; }

    /// <summary>Where F5 saves the brains and F9 loads them.</summary>
    public string SaveFile { get; init; } = GameSettings.DefaultSaveFile;

    /// <summary>Run the console training instead of the game.</summary>
    public bool TrainTriangle { get; init; }

    /// <summary>Epochs of the console training.</summary>
    public int Epochs { get; init; } = 300;

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set when they are wrong.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new DemoOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            var option = args[i];
            switch (option)
            {
                case "--headless":
                    options = options with { Headless = true };
                    break;
                case "--bench":
                    options = options with { Bench = true };
                    break;
                case "--overlay":
                    options = options with { Overlay = true };
                    break;
                case "--opencl":
                    options = options with { OpenCl = true };
                    break;
                case "--train-triangle":
                    options = options with { TrainTriangle = true };
                    break;
                case "--frames" when PositiveInt(Next()) is { } frames:
                    options = options with { Frames = frames };
                    break;
                case "--epochs" when PositiveInt(Next()) is { } epochs:
                    options = options with { Epochs = epochs };
                    break;
                case "--agent" when PositiveInt(Next()) is { } agent:
                    options = options with { Agent = agent - 1 };
                    break;
                case "--seed" when ulong.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed):
                    options = options with { Seed = seed };
                    break;
                case "--level" when Next() is { } name && (name == Model.Harvest.Harvest.LevelName || LevelCatalog.Find(name) is not null):
                    options = name == Model.Harvest.Harvest.LevelName ? options with { Harvest = true } : options with { Level = LevelCatalog.Find(name)!, Harvest = false };
                    break;
                case "--mode" when ParseMode(Next()) is { } mode:
                    options = options with { Mode = mode };
                    break;
                case "--agents" when PositiveInt(Next()) is { } agents and <= 100_000:
                    options = options with { HarvestAgents = agents };
                    break;
                case "--noise" when double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var noise) && noise is >= 0 and <= Level.MaxNoise:
                    options = options with { Noise = noise };
                    break;
                case "--screenshot" when Next() is { Length: > 0 } path:
                    options = options with { Screenshot = path };
                    break;
                case "--size" when ParseSize(Next()) is { } size:
                    options = options with { Size = size };
                    break;
                case "--save-file" when Next() is { Length: > 0 } path:
                    options = options with { SaveFile = path };
                    break;
                default:
                    // A guard that read the option's value has moved i on to it: name both.
                    error = ReferenceEquals(option, args[i]) ? $"DemoGame: bad argument '{option}'." : $"DemoGame: bad value '{args[i]}' for {option}.";
                    return null;
            }
        }

        return options;
    }

    /// <summary>The game these options ask for.</summary>
    public GameSettings ToSettings() => new() { Seed = Seed, Level = Level, Noise = Noise, SaveFile = SaveFile, Mode = Mode };

    /// <summary>The Harvest level these options ask for.</summary>
    public Model.Harvest.HarvestSettings ToHarvestSettings() => new()
    {
        Seed = Seed,
        Learners = HarvestAgents,
        Untrained = Math.Max(1, HarvestAgents / 5),
        Learning = Mode == GameMode.Evolved ? Model.Harvest.HarvestLearning.Evolution : Model.Harvest.HarvestLearning.PolicyGradient,
    };

    private static GameMode? ParseMode(string? text) => text switch
    {
        "supervised" => GameMode.Supervised,
        "scored" => GameMode.Scored,
        "evolved" => GameMode.Evolved,
        _ => null,
    };

    // "960x540": two whole numbers of pixels, each 64 to 8192.
    private static (int, int)? ParseSize(string? text)
    {
        var parts = text?.Split('x');
        return parts is [var w, var h] && PositiveInt(w) is { } width and >= 64 and <= 8192 && PositiveInt(h) is { } height and >= 64 and <= 8192
            ? (width, height)
            : null;
    }

    private static int? PositiveInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
