namespace Engine.Ecs;

/// <content>The generic <c>With...</c> overloads, one per number of components.</content>
public readonly partial struct QueryDescription
{
    /// <summary>A copy whose matching entities must all have the listed components, besides those already listed.</summary>
    public QueryDescription WithAll<T0>() => WithAll(SignatureOf<T0>.Value);

    /// <summary>A copy whose matching entities must have at least one of the listed components, besides those already listed.</summary>
    public QueryDescription WithAny<T0>() => WithAny(SignatureOf<T0>.Value);

    /// <summary>A copy whose matching entities must have none of the listed components, besides those already listed.</summary>
    public QueryDescription WithNone<T0>() => WithNone(SignatureOf<T0>.Value);

    /// <summary>A copy whose matching entities must all have the listed components, besides those already listed.</summary>
    public QueryDescription WithAll<T0, T1>() => WithAll(SignatureOf<T0, T1>.Value);

    /// <summary>A copy whose matching entities must have at least one of the listed components, besides those already listed.</summary>
    public QueryDescription WithAny<T0, T1>() => WithAny(SignatureOf<T0, T1>.Value);

    /// <summary>A copy whose matching entities must have none of the listed components, besides those already listed.</summary>
    public QueryDescription WithNone<T0, T1>() => WithNone(SignatureOf<T0, T1>.Value);

    /// <summary>A copy whose matching entities must all have the listed components, besides those already listed.</summary>
    public QueryDescription WithAll<T0, T1, T2>() => WithAll(SignatureOf<T0, T1, T2>.Value);

    /// <summary>A copy whose matching entities must have at least one of the listed components, besides those already listed.</summary>
    public QueryDescription WithAny<T0, T1, T2>() => WithAny(SignatureOf<T0, T1, T2>.Value);

    /// <summary>A copy whose matching entities must have none of the listed components, besides those already listed.</summary>
    public QueryDescription WithNone<T0, T1, T2>() => WithNone(SignatureOf<T0, T1, T2>.Value);

    /// <summary>A copy whose matching entities must all have the listed components, besides those already listed.</summary>
    public QueryDescription WithAll<T0, T1, T2, T3>() => WithAll(SignatureOf<T0, T1, T2, T3>.Value);

    /// <summary>A copy whose matching entities must have at least one of the listed components, besides those already listed.</summary>
    public QueryDescription WithAny<T0, T1, T2, T3>() => WithAny(SignatureOf<T0, T1, T2, T3>.Value);

    /// <summary>A copy whose matching entities must have none of the listed components, besides those already listed.</summary>
    public QueryDescription WithNone<T0, T1, T2, T3>() => WithNone(SignatureOf<T0, T1, T2, T3>.Value);
}
