using System.Globalization;

namespace DemoGame.Ui;

/// <summary>
/// A reusable character buffer for text built every frame ("loss 0.0123", "12.5 ms") without
/// making strings: numbers are written with <see cref="ISpanFormattable.TryFormat"/> in the
/// invariant culture, and the result is read as a span. The buffer grows only when a text is
/// longer than any before it.
/// </summary>
/// <example><code>
/// text.Clear().Append("loss ").Append(loss, "F4");
/// ui.Label(text.AsSpan());
/// </code></example>
internal sealed class UiTextBuffer
{
    private char[] _chars;

    /// <summary>Makes a buffer with room for <paramref name="capacity"/> characters to start with.</summary>
    public UiTextBuffer(int capacity = 256) => _chars = new char[Math.Max(16, capacity)];

    /// <summary>Characters written since the last <see cref="Clear"/>.</summary>
    public int Length { get; private set; }

    /// <summary>Forgets the text, keeping the memory. Returns this buffer for chaining.</summary>
    public UiTextBuffer Clear()
    {
        Length = 0;
        return this;
    }

    /// <summary>The text so far. Valid until the buffer is cleared or written again.</summary>
    public ReadOnlySpan<char> AsSpan() => _chars.AsSpan(0, Length);

    /// <summary>The text from <paramref name="start"/> to the end: what was appended since <see cref="Length"/> was <paramref name="start"/>.</summary>
    public ReadOnlySpan<char> Since(int start) => _chars.AsSpan(start, Length - start);

    /// <summary>Appends text.</summary>
    public UiTextBuffer Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
        return this;
    }

    /// <summary>Appends one character.</summary>
    public UiTextBuffer Append(char c)
    {
        Reserve(1);
        _chars[Length++] = c;
        return this;
    }

    /// <summary>
    /// Appends a number (or any span-formattable value) in the invariant culture, with a .NET
    /// format string such as "F3", "G4", "0.###", "E2". Generic, so a value type is not boxed.
    /// </summary>
    public UiTextBuffer Append<T>(T value, ReadOnlySpan<char> format = default)
        where T : ISpanFormattable
    {
        while (true)
        {
            if (value.TryFormat(_chars.AsSpan(Length), out var written, format, CultureInfo.InvariantCulture))
            {
                Length += written;
                return this;
            }

            Array.Resize(ref _chars, _chars.Length * 2);
        }
    }

    private void Reserve(int more)
    {
        if (Length + more > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + more));
        }
    }
}
