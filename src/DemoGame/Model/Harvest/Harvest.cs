namespace DemoGame.Model.Harvest;

/// <summary>Constants of the Harvest level.</summary>
internal static class Harvest
{
    /// <summary>Simulated seconds per frame, as on the fruit board.</summary>
    public const float FrameSeconds = 1f / 60f;

    /// <summary>The name the command line takes (<c>--level harvest</c>).</summary>
    public const string LevelName = "harvest";
}
