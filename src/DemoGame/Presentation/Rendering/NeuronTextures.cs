using DemoGame.Model.Agents;
using Engine.Neural;
using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Rendering;

/// <summary>
/// Small RGBA pictures of what each neuron of the selected brain computes over the board (the
/// network diagram's nodes): tomato red where it is low, grape purple where it is high,
/// neutral in between; plus the two input neurons, x and y. Redrawn only when the weights
/// moved; uploading reuses one pixel buffer.
/// </summary>
internal sealed class NeuronTextures : IDisposable
{
    private static readonly (float R, float G, float B) Low = (0.86f, 0.24f, 0.18f);
    private static readonly (float R, float G, float B) Neutral = (0.94f, 0.93f, 0.90f);
    private static readonly (float R, float G, float B) High = (0.46f, 0.26f, 0.66f);

    private readonly GL _gl;
    private readonly byte[] _pixels = new byte[NeuronFields.Points * 4];
    private readonly uint[] _inputs;
    private uint[][] _layers = [];
    private NeuronFields? _fields;
    private BrainCohort? _followed;
    private Agent? _shown;

    /// <summary>Creates the input pictures (x and y ramps); neuron pictures follow the first <see cref="Update"/>.</summary>
    public NeuronTextures(GL gl)
    {
        _gl = gl;
        _inputs = [NewTexture(), NewTexture()];
        for (var input = 0; input < 2; input++)
        {
            for (var p = 0; p < NeuronFields.Points; p++)
            {
                var (row, column) = (p / NeuronFields.Resolution, p % NeuronFields.Resolution);
                var cell = input == 0 ? column : row;
                Paint(p, BatchEvaluator.GridCoordinate(cell, NeuronFields.Resolution));
            }

            Upload(_inputs[input]);
        }
    }

    /// <summary>Pictures redrawn so far (tests check steady frames redraw none).</summary>
    public int Redraws { get; private set; }

    /// <summary>The texture of input <paramref name="input"/> (0: x, 1: y).</summary>
    public uint Input(int input) => _inputs[input];

    /// <summary>The texture of neuron <paramref name="neuron"/> of layer <paramref name="layer"/> (the last layer is the output).</summary>
    public uint Neuron(int layer, int neuron) => _layers[layer][neuron];

    /// <summary>Brings the pictures up to date with <paramref name="agent"/>'s weights, if they moved enough (or the agent or its shape changed).</summary>
    public void Update(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var spec = agent.Kind.Spec;
        if (_fields is null || _fields.Spec != spec || !ReferenceEquals(_followed, agent.Cohort))
        {
            // The pictures follow the agent's cohort to its backend (OpenCL when it runs there).
            _followed = agent.Cohort;
            Rebuild(spec);
            agent.NeuronWatch.Invalidate();
        }

        // Another agent's watch remembers what was drawn when it was last shown, not now.
        if (!ReferenceEquals(_shown, agent))
        {
            agent.NeuronWatch.Invalidate();
            _shown = agent;
        }

        if (!agent.NeuronWatch.Changed(agent.Parameters))
        {
            return;
        }

        _fields!.Evaluate(agent.Parameters);
        for (var l = 0; l < spec.LayerCount; l++)
        {
            var layer = spec.Layers[l];
            var values = _fields.Layer(l);
            for (var j = 0; j < layer.Outputs; j++)
            {
                var (centre, range) = Scale(layer.Activation, values, j, layer.Outputs);
                for (var p = 0; p < NeuronFields.Points; p++)
                {
                    Paint(p, (values[(p * layer.Outputs) + j] - centre) / range);
                }

                Upload(_layers[l][j]);
            }
        }

        agent.NeuronWatch.Accept(agent.Parameters);
        Redraws++;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _gl.DeleteTextures(_inputs);
        foreach (var layer in _layers)
        {
            _gl.DeleteTextures(layer);
        }

        _fields?.Dispose();
    }

    // Where "neutral" and "fully one way" lie for an activation: bounded ones by their range,
    // unbounded ones (ReLU, identity...) by the largest magnitude the neuron reaches.
    private static (float Centre, float Range) Scale(Activation activation, ReadOnlySpan<float> values, int neuron, int width)
    {
        switch (activation)
        {
            case Activation.Sigmoid or Activation.Softmax or Activation.Step:
                return (0.5f, 0.5f);
            case Activation.Tanh:
                return (0f, 1f);
            default:
                var largest = 1e-3f;
                for (var p = neuron; p < values.Length; p += width)
                {
                    largest = MathF.Max(largest, MathF.Abs(values[p]));
                }

                return (0f, largest);
        }
    }

    private void Rebuild(BrainSpec spec)
    {
        _fields?.Dispose();
        foreach (var layer in _layers)
        {
            _gl.DeleteTextures(layer);
        }

        _fields = new NeuronFields(spec, _followed);
        _layers = new uint[spec.LayerCount][];
        for (var l = 0; l < spec.LayerCount; l++)
        {
            _layers[l] = new uint[spec.Layers[l].Outputs];
            for (var j = 0; j < _layers[l].Length; j++)
            {
                _layers[l][j] = NewTexture();
            }
        }
    }

    // t in [-1, 1]: -1 low (tomato), 0 neutral, 1 high (grape).
    private void Paint(int pixel, float t)
    {
        t = Math.Clamp(float.IsNaN(t) ? 0f : t, -1f, 1f);
        var (to, amount) = t < 0 ? (Low, -t) : (High, t);
        _pixels[(pixel * 4) + 0] = (byte)(255f * (Neutral.R + ((to.R - Neutral.R) * amount)));
        _pixels[(pixel * 4) + 1] = (byte)(255f * (Neutral.G + ((to.G - Neutral.G) * amount)));
        _pixels[(pixel * 4) + 2] = (byte)(255f * (Neutral.B + ((to.B - Neutral.B) * amount)));
        _pixels[(pixel * 4) + 3] = 255;
    }

    private uint NewTexture()
    {
        var texture = _gl.GenTexture();
        _gl.BindTexture(TextureTarget.Texture2D, texture);
        _gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Linear);
        _gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Linear);
        _gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        _gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        _gl.TexImage2D<byte>(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, NeuronFields.Resolution, NeuronFields.Resolution, 0, PixelFormat.Rgba, PixelType.UnsignedByte, _pixels);
        return texture;
    }

    private void Upload(uint texture)
    {
        _gl.BindTexture(TextureTarget.Texture2D, texture);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
        _gl.TexSubImage2D<byte>(TextureTarget.Texture2D, 0, 0, 0, NeuronFields.Resolution, NeuronFields.Resolution, PixelFormat.Rgba, PixelType.UnsignedByte, _pixels);
    }
}
