namespace DemoGame.Ui;

/// <summary>How a slider maps its track to values.</summary>
internal enum UiSliderScale
{
    /// <summary>Equal distances are equal differences.</summary>
    Linear,

    /// <summary>
    /// Equal distances are equal ratios (for learning rates and the like: 1e-4 to 1 gives each
    /// decade the same room). Both ends must be positive.
    /// </summary>
    Logarithmic,
}
