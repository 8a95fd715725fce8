namespace DemoGame.Model;

/// <summary>How the agents on the fruit board learn.</summary>
internal enum GameMode
{
    /// <summary>Every landed fruit is a labelled training sample (backpropagation).</summary>
    Supervised,

    /// <summary>
    /// The agents are told nothing but the score: each decides fruit by fruit to slash or not
    /// (a Bernoulli policy over the fruit's position) and learns by policy gradient from +1 for
    /// a slashed grape and -1 for a slashed tomato.
    /// </summary>
    Scored,

    /// <summary>A population of one shape evolves: fitness is each member's score over its generation's fruit.</summary>
    Evolved,
}
