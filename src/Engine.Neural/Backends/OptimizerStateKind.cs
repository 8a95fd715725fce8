namespace Engine.Neural.Backends;

/// <summary>A kind of per-parameter optimiser state, laid out like the parameters.</summary>
public enum OptimizerStateKind
{
    /// <summary>Momentum's velocity.</summary>
    Velocity,

    /// <summary>Adam's first moment.</summary>
    FirstMoment,

    /// <summary>Adam's second moment.</summary>
    SecondMoment,
}
