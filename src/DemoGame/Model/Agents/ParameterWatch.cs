namespace DemoGame.Model.Agents;

/// <summary>
/// Remembers the parameters a picture was drawn from, so the picture is redrawn only when the
/// weights moved enough to show (training nudges them every frame by tiny amounts).
/// </summary>
internal sealed class ParameterWatch(float threshold)
{
    private float[] _seen = [];
    private bool _any;

    /// <summary>Largest change of one parameter that does not trigger a redraw.</summary>
    public float Threshold { get; } = threshold;

    /// <summary>True when a parameter moved more than <see cref="Threshold"/> since the last <see cref="Accept"/>, the count changed, or nothing was accepted yet.</summary>
    public bool Changed(ReadOnlySpan<float> current)
    {
        if (!_any || current.Length != _seen.Length)
        {
            return true;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (MathF.Abs(current[i] - _seen[i]) > Threshold)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records <paramref name="current"/> as what the picture now shows.</summary>
    public void Accept(ReadOnlySpan<float> current)
    {
        // Resized only when the brain's shape changed: steady frames allocate nothing.
        if (_seen.Length != current.Length)
        {
            _seen = new float[current.Length];
        }

        current.CopyTo(_seen);
        _any = true;
    }

    /// <summary>Forgets what was seen, so the next <see cref="Changed"/> is true.</summary>
    public void Invalidate() => _any = false;

    /// <summary>True when nothing was accepted since the last <see cref="Invalidate"/> (or ever): the picture shows other weights, not older ones.</summary>
    public bool Invalidated => !_any;
}
