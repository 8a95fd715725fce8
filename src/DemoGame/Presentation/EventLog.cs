using DemoGame.Model;
using DemoGame.Presentation.Rendering;

namespace DemoGame.Presentation;

/// <summary>
/// Writes the outcome of every save and load a game reports to a text stream (standard error
/// in the game), in the screen's words and with the file's full path: what a player who
/// missed the status line, or a bug report, needs.
/// </summary>
internal sealed class EventLog : IDisposable
{
    private readonly FruitGame _game;
    private readonly TextWriter _writer;

    /// <summary>Starts logging <paramref name="game"/>'s saves and loads to <paramref name="writer"/> until disposed.</summary>
    public EventLog(FruitGame game, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(writer);
        (_game, _writer) = (game, writer);
        game.Happened += Write;
    }

    /// <inheritdoc/>
    public void Dispose() => _game.Happened -= Write;

    private void Write(GameEvent news)
    {
        if (news.Save is not null)
        {
            _writer.WriteLine($"DemoGame: {NoticeText.Of(news)} ({NoticeText.DetailOf(news)})");
        }
    }
}
