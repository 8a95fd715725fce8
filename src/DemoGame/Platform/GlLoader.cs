using Silk.NET.OpenGL;

namespace DemoGame.Platform;

/// <summary>
/// The one place OpenGL is loaded: the window (GLFW) and the headless context (EGL) each hand
/// over their proc-address function, and both get the same checks.
/// </summary>
internal static class GlLoader
{
    /// <summary>Loads OpenGL through <paramref name="getProcAddress"/> from the current context.</summary>
    /// <exception cref="PlatformException">The context is older than OpenGL 3.3.</exception>
    public static GL Load(Func<string, nint> getProcAddress, string source)
    {
        var gl = GL.GetApi(getProcAddress);
        var major = gl.GetInteger(GetPName.MajorVersion);
        var minor = gl.GetInteger(GetPName.MinorVersion);
        if (major < 3 || (major == 3 && minor < 3))
        {
            gl.Dispose();
            throw new PlatformException($"{source} gave OpenGL {major}.{minor}; the demo needs 3.3 core.");
        }

        return gl;
    }
}
