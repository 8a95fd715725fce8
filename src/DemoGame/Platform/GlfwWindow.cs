using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace DemoGame.Platform;

/// <summary>
/// A desktop window with an OpenGL 3.3 core context (GLFW 3.3) whose key and mouse events go
/// to an <see cref="IWindowEvents"/>. One window at a time: GLFW calls back into static
/// methods, which forward to the window that is open.
/// </summary>
internal sealed unsafe class GlfwWindow : IDisposable
{
    private static GlfwWindow? s_open;

    private readonly nint _handle;
    private readonly IWindowEvents _events;
    private double _cursorX;
    private double _cursorY;
    private bool _disposed;
    private int _windowedX;
    private int _windowedY;
    private int _windowedWidth;
    private int _windowedHeight;

    private GlfwWindow(nint handle, IWindowEvents events, GL gl)
    {
        _handle = handle;
        _events = events;
        Gl = gl;
    }

    /// <summary>The OpenGL functions of the window's context.</summary>
    public GL Gl { get; }

    /// <summary>True once the player closed the window (or the game asked to quit).</summary>
    public bool ShouldClose => Glfw.WindowShouldClose(_handle) != 0;

    /// <summary>Opens a window and makes its context current on the calling thread.</summary>
    /// <exception cref="PlatformException">libglfw is missing, there is no display, or no 3.3 core context.</exception>
    public static GlfwWindow Open(int width, int height, string title, IWindowEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (s_open is not null)
        {
            throw new InvalidOperationException("GlfwWindow: only one window can be open.");
        }

        try
        {
            if (Glfw.Init() == 0)
            {
                throw new PlatformException($"GLFW cannot start ({Glfw.LastError()}): is DISPLAY an X server you can reach?");
            }
        }
        catch (DllNotFoundException)
        {
            throw new PlatformException("libglfw.so.3 not found: install libglfw3 (scripts/setup.sh does), or pass --headless.");
        }

        Glfw.WindowHint(Glfw.ContextVersionMajor, 3);
        Glfw.WindowHint(Glfw.ContextVersionMinor, 3);
        Glfw.WindowHint(Glfw.OpenGlProfile, Glfw.OpenGlCoreProfile);
        Glfw.WindowHint(Glfw.OpenGlForwardCompat, Glfw.True);
        Glfw.WindowHint(Glfw.Resizable, Glfw.True);
        var handle = Glfw.CreateWindow(width, height, title, 0, 0);
        if (handle == 0)
        {
            var error = Glfw.LastError();
            Glfw.Terminate();
            throw new PlatformException($"GLFW cannot open a window with an OpenGL 3.3 core context ({error}).");
        }

        Glfw.MakeContextCurrent(handle);
        Glfw.SwapInterval(1);
        GL gl;
        try
        {
            gl = GlLoader.Load(Glfw.GetProcAddress, "GLFW");
        }
        catch
        {
            Glfw.DestroyWindow(handle);
            Glfw.Terminate();
            throw;
        }

        var window = new GlfwWindow(handle, events, gl);
        s_open = window;
        Glfw.SetKeyCallback(handle, &OnKey);
        Glfw.SetMouseButtonCallback(handle, &OnMouseButton);
        Glfw.SetCursorPosCallback(handle, &OnCursorPos);
        Glfw.SetScrollCallback(handle, &OnScroll);
        Glfw.SetFramebufferSizeCallback(handle, &OnFramebufferSize);
        return window;
    }

    /// <summary>The framebuffer's size in pixels.</summary>
    public (int Width, int Height) FramebufferSize()
    {
        Glfw.GetFramebufferSize(_handle, out var width, out var height);
        return (width, height);
    }

    /// <summary>Delivers pending events to the <see cref="IWindowEvents"/>.</summary>
    public void PollEvents() => Glfw.PollEvents();

    /// <summary>
    /// Sleeps until an event arrives or <paramref name="seconds"/> pass, then delivers what
    /// came: a paused game waits here instead of drawing frames nobody needs.
    /// </summary>
    public void WaitEvents(double seconds) => Glfw.WaitEventsTimeout(seconds);

    /// <summary>True while the window covers the primary monitor (F11).</summary>
    public bool IsFullScreen { get; private set; }

    /// <summary>Puts the window on the whole primary monitor, or back where and as large as it was.</summary>
    public void SetFullScreen(bool on)
    {
        if (on == IsFullScreen)
        {
            return;
        }

        if (on)
        {
            var monitor = Glfw.GetPrimaryMonitor();
            var mode = monitor == 0 ? null : Glfw.GetVideoMode(monitor);
            if (mode is null)
            {
                return;
            }

            Glfw.GetWindowPos(_handle, out _windowedX, out _windowedY);
            Glfw.GetWindowSize(_handle, out _windowedWidth, out _windowedHeight);
            Glfw.SetWindowMonitor(_handle, monitor, 0, 0, mode->Width, mode->Height, mode->RefreshRate);
        }
        else
        {
            Glfw.SetWindowMonitor(_handle, 0, _windowedX, _windowedY, _windowedWidth, _windowedHeight, 0);
        }

        IsFullScreen = on;
    }

    /// <summary>Shows the frame drawn since the last call.</summary>
    public void SwapBuffers() => Glfw.SwapBuffers(_handle);

    /// <summary>Asks the loop to end after this frame.</summary>
    public void Close() => Glfw.SetWindowShouldClose(_handle, 1);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Gl.Dispose();
        Glfw.DestroyWindow(_handle);
        Glfw.Terminate();
        s_open = null;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (s_open is { } open && action == Glfw.Press)
        {
            try
            {
                open._events.KeyPressed(key, (mods & Glfw.ModShift) != 0);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                Report(e);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMouseButton(nint window, int button, int action, int mods)
    {
        if (s_open is { } open)
        {
            var (x, y) = (open._cursorX, open._cursorY);
            if (action == Glfw.Press)
            {
                try
                {
                    open._events.MouseClicked(button, (mods & Glfw.ModShift) != 0, x, y);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    Report(e);
                }
            }
            else if (action == Glfw.Release)
            {
                try
                {
                    open._events.MouseReleased(button, x, y);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    Report(e);
                }
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnCursorPos(nint window, double x, double y)
    {
        if (s_open is { } open)
        {
            // GLFW reports window coordinates; on a scaled display the framebuffer is larger.
            Glfw.GetWindowSize(window, out var windowWidth, out var windowHeight);
            Glfw.GetFramebufferSize(window, out var width, out var height);
            open._cursorX = windowWidth > 0 ? x * width / windowWidth : x;
            open._cursorY = windowHeight > 0 ? y * height / windowHeight : y;
            var (cursorX, cursorY) = (open._cursorX, open._cursorY);
            try
            {
                open._events.MouseMoved(cursorX, cursorY);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                Report(e);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnScroll(nint window, double x, double y)
    {
        if (s_open is { } open)
        {
            try
            {
                open._events.Scrolled(y);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                Report(e);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnFramebufferSize(nint window, int width, int height)
    {
        if (s_open is { } open)
        {
            try
            {
                open._events.Resized(width, height);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                Report(e);
            }
        }
    }

    // An exception must not unwind through GLFW's C frames (the runtime would abort), so a
    // failing handler is reported and the game goes on. (Inline try blocks, not a helper
    // taking a lambda: a closure per mouse move would allocate every frame.)
    private static void Report(Exception e) => Console.Error.WriteLine($"DemoGame: input handler failed: {e.Message}");
}
