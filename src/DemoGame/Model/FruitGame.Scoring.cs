using DemoGame.Model.Levels;

namespace DemoGame.Model;

/// <content>The scored mode: agents decide fruit by fruit and hear only the score.</content>
internal sealed partial class FruitGame
{
    // Each agent slashes or spares fruit picked from the board, one at a time, and is paid +1 a
    // slashed grape, -1 a slashed tomato, nothing for a fruit it let lie. The label never
    // reaches the brain: only the score does. Decisions of one frame form one trajectory that
    // the agent learns from at the start of the next frame's first decision, one batched step
    // per cohort.
    private void Decide()
    {
        if (_landed.Count == 0)
        {
            return;
        }

        // The supervised comparison, last, learns from labels instead.
        var world = World;
        var scored = LineUpCount;
        for (var decision = 0; decision < Settings.Scoring.DecisionsPerFrame; decision++)
        {
            for (var i = 0; i < scored; i++)
            {
                var fruit = _landed[_picks.NextInt(_landed.Count)];
                var brain = _agents[i].Brain;
                var input = world.Brains.Input(in brain);
                (input[0], input[1]) = (fruit.X, fruit.Y);
                _picked[i] = fruit.Kind;
            }

            world.Act();
            for (var i = 0; i < scored; i++)
            {
                var brain = _agents[i].Brain;
                var slashed = world.Brains.Action(in brain)[0] > 0.5f;
                var score = slashed ? (_picked[i] == FruitKind.Grape ? 1f : -1f) : 0f;
                world.Brains.Reward(in brain, score);
                _agents[i].Scored(score);
            }
        }
    }

    /// <summary>
    /// Plays the level again with <paramref name="scoring"/> (the overlay's discount and entropy
    /// bonus): a policy's learner is made with them, so every agent starts from a fresh brain,
    /// on fresh fruit, as N does; tuned shapes and training settings (the learning rate) stay.
    /// </summary>
    public void UseScoring(ScoreSettings scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        KeepTuning();
        Settings = Settings with { Scoring = scoring };
        Load(Level);
        Say(new GameEvent(GameEventKind.LevelStarted, Frame, Name: Level.Name, Flag: true));
    }
}
