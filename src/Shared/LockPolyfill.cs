#if !NET9_0_OR_GREATER
namespace System.Threading;

/// <summary>
/// Stands in for .NET 9's <c>System.Threading.Lock</c> on net8.0, as a monitor lock: the C#
/// compiler turns <c>lock</c> on a type of this name into <see cref="EnterScope"/>, so the same
/// <c>lock</c> statements compile to the dedicated, faster lock type on net9.0 and later.
/// </summary>
internal sealed class Lock
{
    // A separate monitor object: converting the Lock itself to object is what the compiler warns of.
    private readonly object _monitor = new();

    /// <summary>Enters the lock; disposing the scope leaves it.</summary>
    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(this);
    }

    /// <summary>A held lock, released by <see cref="Dispose"/>.</summary>
    public readonly ref struct Scope
    {
        private readonly Lock _owner;

        internal Scope(Lock owner) => _owner = owner;

        /// <summary>Leaves the lock.</summary>
        public void Dispose() => Monitor.Exit(_owner._monitor);
    }
}
#endif
