using Silk.NET.OpenGL;

namespace DemoGame.Platform;

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

    /// <summary>
    /// Compiles and links <c>shaders/{vertex}</c> and <c>shaders/{fragment}</c>, with
    /// <paramref name="defines"/> (GLSL <c>#define</c> lines) put in front of both, after their <c>#version</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A file is missing or a shader does not compile or link (with GL's log).</exception>
    public static ShaderProgram Load(GL gl, string vertex, string fragment, string defines = "")
    {
        var vs = Compile(gl, ShaderType.VertexShader, vertex, defines);
        var fs = Compile(gl, ShaderType.FragmentShader, fragment, defines);
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

    private static uint Compile(GL gl, ShaderType type, string file, string defines)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Shader {path} is missing: build the DemoGame project, which copies shaders/ next to the binary.");
        }

        var shader = gl.CreateShader(type);
        var source = File.ReadAllText(path);
        if (defines.Length > 0)
        {
            // #version must stay the first line.
            var body = source.IndexOf('\n', StringComparison.Ordinal) + 1;
            source = string.Concat(source.AsSpan(0, body), defines, "\n", source.AsSpan(body));
        }

        gl.ShaderSource(shader, source);
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
