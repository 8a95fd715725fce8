using DemoGame.Model;

namespace DemoGame.Presentation.Rendering;

/// <summary>
/// The words of one event, remembered: a line drawn every frame for seconds is worded once,
/// so drawing it allocates nothing after its first frame.
/// </summary>
internal sealed class EventWords
{
    private GameEvent? _event;
    private string? _words;

    /// <summary>The line for <paramref name="news"/> (<see cref="NoticeText.Of"/>), or null when there is none.</summary>
    public string? Of(GameEvent? news)
    {
        if (news != _event)
        {
            _event = news;
            _words = NoticeText.Of(news);
        }

        return _words;
    }
}
