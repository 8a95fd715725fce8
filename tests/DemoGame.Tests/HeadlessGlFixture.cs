using DemoGame.Platform;

namespace DemoGame.Tests;

/// <summary>A test class that shares one headless EGL context across its tests (made once, disposed after the last).</summary>
public abstract class HeadlessGlFixture
{
    /// <summary>The class's headless GL context.</summary>
    private protected EglHeadlessContext Context { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateContext() => Context = EglHeadlessContext.Create();

    [OneTimeTearDown]
    public void DisposeContext() => Context.Dispose();
}
