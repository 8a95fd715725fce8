namespace DemoGame.Platform;

/// <summary>A window or context could not be made; the message is one line a player can act on.</summary>
internal sealed class PlatformException(string message) : Exception(message);
