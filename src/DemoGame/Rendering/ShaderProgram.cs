using Silk.NET.OpenGL;

namespace DemoGame.Rendering;

/// <summary>A linked GLSL program built from files in the <c>shaders</c> folder next to the binary.</summary>
internal sealed class ShaderProgram : IDisposable
{
    private readonly GL _gl;

    private ShaderProgram(GL gl, uint handle)
    {
        _gl = gl;
        Handle = handle;
    }

    /// <summary>The GL program object.</summary>
    public uint Handle { get; }

    /// <summary>Compiles and links <c>shaders/{vertex}</c> and <c>shaders/{fragment}</c>.</summary>
    /// <exception cref="InvalidOperationException">A file is missing or a shader does not compile or link (with GL's log).</exception>
    public static ShaderProgram Load(GL gl, string vertex, string fragment)
    {
        var vs = Compile(gl, ShaderType.VertexShader, vertex);
        var fs = Compile(gl, ShaderType.FragmentShader, fragment);
        var program = gl.CreateProgram();
        gl.AttachShader(program, vs);
        gl.AttachShader(program, fs);
        gl.LinkProgram(program);
        gl.DeleteShader(vs);
        gl.DeleteShader(fs);
        gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out var linked);
        if (linked == 0)
        {
            var log = gl.GetProgramInfoLog(program);
            gl.DeleteProgram(program);
            throw new InvalidOperationException($"Shaders {vertex} + {fragment} do not link: {log.Trim()}");
        }

        return new ShaderProgram(gl, program);
    }

    /// <summary>The location of a uniform (-1 when the linker dropped it as unused).</summary>
    public int Uniform(string name) => _gl.GetUniformLocation(Handle, name);

    /// <summary>Makes this the current program.</summary>
    public void Use() => _gl.UseProgram(Handle);

    /// <inheritdoc/>
    public void Dispose() => _gl.DeleteProgram(Handle);

    /// <summary>Where the shader files are: copied next to the binary by the project file.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "shaders");

    private static uint Compile(GL gl, ShaderType type, string file)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Shader {path} is missing: build the DemoGame project, which copies shaders/ next to the binary.");
        }

        var shader = gl.CreateShader(type);
        gl.ShaderSource(shader, File.ReadAllText(path));
        gl.CompileShader(shader);
        gl.GetShader(shader, ShaderParameterName.CompileStatus, out var compiled);
        if (compiled == 0)
        {
            var log = gl.GetShaderInfoLog(shader);
            gl.DeleteShader(shader);
            throw new InvalidOperationException($"Shader {file} does not compile: {log.Trim()}");
        }

        return shader;
    }
}
