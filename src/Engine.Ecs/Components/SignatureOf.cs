namespace Engine.Ecs;

/// <summary>The signature of components T0, computed once per type list.</summary>
internal static class SignatureOf<T0>
{
    /// <summary>The set of the listed component ids.</summary>
    public static readonly Signature Value = Signature.Of(ComponentType<T0>.Id);
}

/// <summary>The signature of components T0, T1, computed once per type list.</summary>
internal static class SignatureOf<T0, T1>
{
    /// <summary>The set of the listed component ids.</summary>
    public static readonly Signature Value = Signature.Of(ComponentType<T0>.Id, ComponentType<T1>.Id);
}

/// <summary>The signature of components T0, T1, T2, computed once per type list.</summary>
internal static class SignatureOf<T0, T1, T2>
{
    /// <summary>The set of the listed component ids.</summary>
    public static readonly Signature Value = Signature.Of(ComponentType<T0>.Id, ComponentType<T1>.Id, ComponentType<T2>.Id);
}

/// <summary>The signature of components T0, T1, T2, T3, computed once per type list.</summary>
internal static class SignatureOf<T0, T1, T2, T3>
{
    /// <summary>The set of the listed component ids.</summary>
    public static readonly Signature Value = Signature.Of(ComponentType<T0>.Id, ComponentType<T1>.Id, ComponentType<T2>.Id, ComponentType<T3>.Id);
}
