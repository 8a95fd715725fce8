using Silk.NET.OpenGL;

namespace DemoGame.Platform;

/// <summary>
/// An OpenGL 3.3 core context with no window and no display server (EGL surfaceless on Mesa).
/// It has no default framebuffer: everything is drawn into a <see cref="RenderTarget"/>.
/// </summary>
internal sealed unsafe class EglHeadlessContext : IDisposable
{
    private readonly nint _display;
    private readonly nint _context;
    private bool _disposed;

    private EglHeadlessContext(nint display, nint context, GL gl)
    {
        _display = display;
        _context = context;
        Gl = gl;
    }

    /// <summary>The OpenGL functions of this context.</summary>
    public GL Gl { get; }

    /// <summary>Creates the context and makes it current on the calling thread.</summary>
    /// <exception cref="PlatformException">libEGL is missing or cannot give a 3.3 core context.</exception>
    public static EglHeadlessContext Create()
    {
        nint display;
        try
        {
            display = Egl.GetPlatformDisplay(Egl.PlatformSurfacelessMesa, 0, null);
        }
        catch (DllNotFoundException)
        {
            throw new PlatformException("libEGL.so.1 not found: install libegl1 libegl-mesa0 libgl1-mesa-dri (scripts/setup.sh does).");
        }

        if (display == 0)
        {
            throw new PlatformException($"EGL has no surfaceless Mesa platform (error 0x{Egl.GetError():X}): install libegl-mesa0 libgl1-mesa-dri.");
        }

        if (Egl.Initialize(display, out _, out _) == 0)
        {
            throw new PlatformException($"eglInitialize failed (error 0x{Egl.GetError():X}): is libgl1-mesa-dri installed?");
        }

        try
        {
            if (Egl.BindApi(Egl.OpenGlApi) == 0)
            {
                throw new PlatformException($"EGL cannot bind the OpenGL API (error 0x{Egl.GetError():X}).");
            }

            var configAttributes = stackalloc int[]
            {
                Egl.RenderableType, Egl.OpenGlBit,

                // The default asks for window surfaces, which surfaceless has none of.
                Egl.SurfaceType, 0,
                Egl.RedSize, 8, Egl.GreenSize, 8, Egl.BlueSize, 8,
                Egl.None,
            };
            nint config;
            if (Egl.ChooseConfig(display, configAttributes, &config, 1, out var count) == 0 || count < 1)
            {
                throw new PlatformException($"EGL has no OpenGL config (error 0x{Egl.GetError():X}).");
            }

            var contextAttributes = stackalloc int[]
            {
                Egl.ContextMajorVersion, 3,
                Egl.ContextMinorVersion, 3,
                Egl.ContextOpenGlProfileMask, Egl.ContextOpenGlCoreProfileBit,
                Egl.None,
            };
            var created = Egl.CreateContext(display, config, 0, contextAttributes);
            if (created == 0)
            {
                throw new PlatformException($"EGL cannot create an OpenGL 3.3 core context (error 0x{Egl.GetError():X}).");
            }

            if (Egl.MakeCurrent(display, 0, 0, created) == 0)
            {
                Egl.DestroyContext(display, created);
                throw new PlatformException($"eglMakeCurrent without a surface failed (error 0x{Egl.GetError():X}).");
            }

            return new EglHeadlessContext(display, created, GlLoader.Load(Egl.GetProcAddress, "EGL"));
        }
        catch
        {
            Egl.Terminate(display);
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Gl.Dispose();
        Egl.MakeCurrent(_display, 0, 0, 0);
        Egl.DestroyContext(_display, _context);
        Egl.Terminate(_display);
    }
}
