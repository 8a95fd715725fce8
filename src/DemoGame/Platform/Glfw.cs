using System.Runtime.InteropServices;

namespace DemoGame.Platform;

/// <summary>
/// The part of GLFW 3.3 (Debian's <c>libglfw.so.3</c>) the demo uses: a window with a 3.3 core
/// context, its events and its framebuffer. Silk.NET.Windowing cannot be restored from the
/// registry this project builds from, so this is the design card's stand-in.
/// </summary>
internal static unsafe partial class Glfw
{
    private const string Library = "libglfw.so.3";

    public const int True = 1;
    public const int ContextVersionMajor = 0x22002;
    public const int ContextVersionMinor = 0x22003;
    public const int OpenGlForwardCompat = 0x22006;
    public const int OpenGlProfile = 0x22008;
    public const int OpenGlCoreProfile = 0x32001;
    public const int Resizable = 0x20003;

    public const int Release = 0;
    public const int Press = 1;
    public const int Repeat = 2;

    public const int ModShift = 0x0001;

    public const int MouseButtonLeft = 0;
    public const int MouseButtonRight = 1;

    [LibraryImport(Library, EntryPoint = "glfwInit")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "glfwTerminate")]
    public static partial void Terminate();

    [LibraryImport(Library, EntryPoint = "glfwWindowHint")]
    public static partial void WindowHint(int hint, int value);

    [LibraryImport(Library, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(int width, int height, string title, nint monitor, nint share);

    [LibraryImport(Library, EntryPoint = "glfwDestroyWindow")]
    public static partial void DestroyWindow(nint window);

    [LibraryImport(Library, EntryPoint = "glfwMakeContextCurrent")]
    public static partial void MakeContextCurrent(nint window);

    [LibraryImport(Library, EntryPoint = "glfwSwapBuffers")]
    public static partial void SwapBuffers(nint window);

    [LibraryImport(Library, EntryPoint = "glfwSwapInterval")]
    public static partial void SwapInterval(int interval);

    [LibraryImport(Library, EntryPoint = "glfwPollEvents")]
    public static partial void PollEvents();

    [LibraryImport(Library, EntryPoint = "glfwWaitEventsTimeout")]
    public static partial void WaitEventsTimeout(double timeout);

    [LibraryImport(Library, EntryPoint = "glfwGetPrimaryMonitor")]
    public static partial nint GetPrimaryMonitor();

    [LibraryImport(Library, EntryPoint = "glfwGetVideoMode")]
    public static partial VideoMode* GetVideoMode(nint monitor);

    [LibraryImport(Library, EntryPoint = "glfwGetWindowPos")]
    public static partial void GetWindowPos(nint window, out int x, out int y);

    [LibraryImport(Library, EntryPoint = "glfwSetWindowMonitor")]
    public static partial void SetWindowMonitor(nint window, nint monitor, int x, int y, int width, int height, int refreshRate);

    [LibraryImport(Library, EntryPoint = "glfwSetFramebufferSizeCallback")]
    public static partial nint SetFramebufferSizeCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwWindowShouldClose")]
    public static partial int WindowShouldClose(nint window);

    [LibraryImport(Library, EntryPoint = "glfwSetWindowShouldClose")]
    public static partial void SetWindowShouldClose(nint window, int value);

    [LibraryImport(Library, EntryPoint = "glfwGetFramebufferSize")]
    public static partial void GetFramebufferSize(nint window, out int width, out int height);

    [LibraryImport(Library, EntryPoint = "glfwGetWindowSize")]
    public static partial void GetWindowSize(nint window, out int width, out int height);

    [LibraryImport(Library, EntryPoint = "glfwGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetProcAddress(string name);

    /// <summary>Returns the last error's description (null when none) and clears it.</summary>
    [LibraryImport(Library, EntryPoint = "glfwGetError")]
    public static partial int GetError(out nint description);

    // Callback setters return the previous callback; the demo installs one of each and never
    // restores, so the return value is ignored by the callers.
    [LibraryImport(Library, EntryPoint = "glfwSetKeyCallback")]
    public static partial nint SetKeyCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, int, int, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetMouseButtonCallback")]
    public static partial nint SetMouseButtonCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, int, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetCursorPosCallback")]
    public static partial nint SetCursorPosCallback(nint window, delegate* unmanaged[Cdecl]<nint, double, double, void> callback);

    [LibraryImport(Library, EntryPoint = "glfwSetScrollCallback")]
    public static partial nint SetScrollCallback(nint window, delegate* unmanaged[Cdecl]<nint, double, double, void> callback);

    /// <summary>GLFW's <c>GLFWvidmode</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct VideoMode
    {
        public int Width;
        public int Height;
        public int RedBits;
        public int GreenBits;
        public int BlueBits;
        public int RefreshRate;
    }

    /// <summary>The last GLFW error as text, for one-line messages.</summary>
    public static string LastError()
    {
        var code = GetError(out var description);
        if (code == 0)
        {
            return "no error reported";
        }

        return description == 0 ? $"error 0x{code:X}" : Marshal.PtrToStringUTF8(description) ?? $"error 0x{code:X}";
    }
}
