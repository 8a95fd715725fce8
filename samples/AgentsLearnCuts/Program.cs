using AgentsLearnCuts;

// 1,000 entities, each with its own brain and its own random cut; 500 frames, a report every 50.
var accuracy = CutsSimulation.Run(agents: 1000, frames: 500, reportEvery: 50, seed: 2024, Console.Out);
Console.WriteLine($"done: mean accuracy {accuracy * 100:F1} % over the last 50 frames");
return accuracy >= 0.9 ? 0 : 1;
