using System.Diagnostics;
using Engine.Neural.Persistence;
using Engine.Neural.SaveCrashChild;

namespace Engine.Neural.Tests.Persistence;

/// <summary>
/// A process killed in the middle of a save (SIGKILL: no finally block, no flush runs) leaves
/// a file that is one whole save, the last one reported or the one after it, never a torn
/// mixture. The child (tests/Engine.Neural.SaveCrashChild) trains and saves a 600-agent cohort
/// (2.4 MB) in a loop and says when each save starts; the test watches for that save's
/// temporary file and kills the child 0-3 ms (seeded) after it appears: ten times, and more (up
/// to <see cref="MostKills"/>) until at least <see cref="MidSaveKillsWanted"/> kills have
/// landed between the temporary file's creation and the rename, seen as the temporary file
/// left behind. On the development machine nearly all do, most during the flush to disk, the
/// longest part of a save. Then every save is recomputed in-process and the files are compared
/// byte for byte.
/// </summary>
[NonParallelizable]
public class CrashSaveTests
{
    private const int MidSaveKillsWanted = 3;
    private const int Kills = 10;
    private const int MostKills = 40;

    [Test]
    public void KillingTheProcessMidSaveLeavesTheLastWholeSave()
    {
        var path = PersistenceKit.TempPath("crash.brains");
        var directory = Path.GetDirectoryName(path)!;
        var temporaries = $".{Path.GetFileName(path)}.*.tmp";
        var delays = new DeterministicRandom(8);
        var kills = new List<Kill>();
        var midSave = 0;
        while ((kills.Count < Kills || midSave < MidSaveKillsWanted) && kills.Count < MostKills)
        {
            File.Delete(path);
            DeleteAll(directory, temporaries);

            var reported = RunAndKill(path, killDuringSave: 2 + delays.NextInt(3), delayMs: delays.NextInt(4));
            var left = Directory.GetFiles(directory, temporaries);
            midSave += left.Length > 0 ? 1 : 0;
            kills.Add(new Kill(reported, File.ReadAllBytes(path), left.Length > 0 ? new FileInfo(left[0]).Length : -1));
        }

        TestContext.Out.WriteLine($"{kills.Count} kills, {midSave} before the rename; per kill, the last save reported and the size of the temporary file left behind (-1: none): {string.Join(", ", kills.Select(k => $"{k.Reported} {k.LeftBytes}"))}");
        Assert.That(midSave, Is.GreaterThanOrEqualTo(MidSaveKillsWanted), "kills that landed before the rename (a temporary file left behind)");

        // Save k holds the cohort after k steps; the file must be save k or save k + 1 (killed
        // after the rename, before the report), whole.
        var saves = Saves(kills.Max(k => k.Reported) + 1);
        foreach (var kill in kills)
        {
            var match = Array.FindIndex(saves, save => save.AsSpan().SequenceEqual(kill.File));
            Assert.That(match, Is.EqualTo(kill.Reported).Or.EqualTo(kill.Reported + 1), $"the file after a kill with save {kill.Reported} reported (temporary file left behind: {kill.LeftBytes} bytes) is save number {match}");
        }

        using var loaded = BrainFile.LoadCohort(path);
        Assert.That(loaded.Count, Is.EqualTo(SaveLoop.Agents));
    }

    /// <summary>
    /// Starts the child, waits until save <paramref name="killDuringSave"/> has started and its
    /// temporary file has appeared, kills the child <paramref name="delayMs"/> later; returns
    /// the last save it reported finished.
    /// </summary>
    private static int RunAndKill(string path, int killDuringSave, int delayMs)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Engine.Neural.SaveCrashChild.dll"));
        start.ArgumentList.Add(path);

        var reported = 0;
        using var saving = new ManualResetEventSlim();
        using var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not { } text)
            {
                return;
            }

            if (text.StartsWith("saved ", StringComparison.Ordinal))
            {
                Volatile.Write(ref reported, int.Parse(text.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (text == $"saving {killDuringSave}")
            {
                saving.Set();
            }
        };
        child.Start();
        child.BeginOutputReadLine();
        var errors = child.StandardError.ReadToEndAsync();
        try
        {
            if (!saving.Wait(TimeSpan.FromSeconds(60)))
            {
                Assert.Fail($"the child did not start save {killDuringSave} in 60 s (exited: {child.HasExited}); its stderr: {(child.HasExited ? errors.Result : "(still running)")}");
            }

            var directory = Path.GetDirectoryName(path)!;
            var temporaries = $".{Path.GetFileName(path)}.*.tmp";
            var watch = Stopwatch.StartNew();
            while (Directory.GetFiles(directory, temporaries).Length == 0 && watch.ElapsedMilliseconds < 2_000)
            {
                Thread.SpinWait(100);
            }

            if (delayMs > 0)
            {
                Thread.Sleep(delayMs);
            }
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        return Volatile.Read(ref reported);
    }

    private static byte[][] Saves(int count)
    {
        var saves = new byte[count + 1][];
        using var cohort = SaveLoop.NewCohort();
        saves[0] = PersistenceKit.Snapshot(cohort);
        for (var step = 1; step <= count; step++)
        {
            SaveLoop.Step(cohort, step);
            saves[step] = PersistenceKit.Snapshot(cohort);
        }

        return saves;
    }

    // dotnet test sets DOTNET_HOST_PATH for the processes it starts; the test host itself
    // usually runs under the dotnet muxer.
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
    }

    private static void DeleteAll(string directory, string pattern)
    {
        foreach (var file in Directory.GetFiles(directory, pattern))
        {
            File.Delete(file);
        }
    }

    /// <summary>One kill: the last save reported, the file found after it, the size of the temporary file it left (-1: none).</summary>
    private sealed record Kill(int Reported, byte[] File, long LeftBytes);
}
