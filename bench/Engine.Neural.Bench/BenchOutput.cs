using System.Globalization;
using System.Text;

namespace Engine.Neural.Bench;

/// <summary>
/// Writes figures in the one format scripts read:
/// <c>BENCH &lt;workload&gt; N=&lt;agents&gt; backend=&lt;name&gt; metric=value ...</c>.
/// </summary>
internal sealed class BenchOutput
{
    private readonly TextWriter _writer;

    public BenchOutput(TextWriter writer) => _writer = writer;

    /// <summary>Prints one figure line.</summary>
    public void Line(string workload, long n, string backend, params (string Metric, double Value)[] metrics)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"BENCH {workload} N={n} backend={backend}");
        foreach (var (metric, value) in metrics)
        {
            sb.Append(' ').Append(metric).Append('=').Append(Format(value));
        }

        _writer.WriteLine(sb.ToString());
        _writer.Flush();
    }

    /// <summary>Prints a comment line (ignored by scripts reading BENCH lines).</summary>
    public void Note(string text)
    {
        _writer.WriteLine("# " + text);
        _writer.Flush();
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 1e5 || (Math.Abs(value) < 1e-3 && value != 0)
            ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);
}
