// The persistence tests' crash child: saves a cohort to the file named by its one argument,
// over and over, until the test kills it (tests/Engine.Neural.Tests/Persistence/CrashSaveTests.cs).
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Engine.Neural.SaveCrashChild <path>");
    return 2;
}

Engine.Neural.SaveCrashChild.SaveLoop.Run(args[0], Console.Out);
return 0;
