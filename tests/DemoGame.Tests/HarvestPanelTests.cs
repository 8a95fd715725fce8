using DemoGame.Model.Harvest;
using DemoGame.Presentation.Harvest;
using DemoGame.Tests.Ui;
using DemoGame.Ui;
using Engine.Neural.Ecs;

namespace DemoGame.Tests;

/// <summary>The Harvest panel: the selected agent's network, and the switch between learning and evolving.</summary>
public class HarvestPanelTests
{
    private static readonly HarvestSettings Small = new() { Seed = 3, Learners = 20, Untrained = 4 };

    [Test]
    public void TheNetworkShowsTheSelectedAgentsWeightsAndWhatEachNeuronMakesOfWhatItSenses()
    {
        using var game = new HarvestGame(Small);
        var (view, driver) = (new HarvestView(), new UiDriver());
        game.Selected = 5;
        Play(game, 40);
        driver.Frame(ui => view.Build(ui, game, UiDriver.Width, UiDriver.Height));
        driver.Frame(ui => view.Build(ui, game, UiDriver.Width, UiDriver.Height));
        var graph = view.Graph!;
        Assert.That(Enumerable.Range(0, graph.ColumnCount).Select(graph.NodeCount), Is.EqualTo(new[] { Small.Inputs, 16, 3 }));
        AssertShows(graph, game, 5);

        // The input row colours its nodes: one that senses nothing is a plain node, one that does is not.
        var inputs = graph.NodeValues(0).ToArray();
        var colors = graph.NodeColors(0).ToArray();
        Assert.That(colors[Array.IndexOf(inputs, 0f)], Is.EqualTo(driver.Ui.Style.Node));
        Assert.That(colors[Array.IndexOf(inputs, 1f)], Is.Not.EqualTo(driver.Ui.Style.Node), "the forward-speed input is always 1");

        // Another agent (an untrained one) picked: the diagram follows.
        game.Selected = Small.Learners + 1;
        Play(game, 1);
        driver.Frame(ui => view.Build(ui, game, UiDriver.Width, UiDriver.Height));
        AssertShows(graph, game, Small.Learners + 1);

        // A weight under the mouse is named, as in the fruit board's overlay.
        var rect = view.RectOf("network");
        var a = driver.Ui.GraphNodeRect(rect, "rays, velocity → hidden → turn R, ahead, L", graph, 1, 2);
        var b = driver.Ui.GraphNodeRect(rect, "rays, velocity → hidden → turn R, ahead, L", graph, 2, 1);
        driver.MoveTo(a.Right + (0.5f * (b.X - a.Right)), a.CenterY + (0.5f * (b.CenterY - a.CenterY)));
        driver.Frame(ui => view.Build(ui, game, UiDriver.Width, UiDriver.Height));
        Assert.That(view.LastGraphHit.HoveredEdge, Is.EqualTo(new UiGraphEdge(1, 2, 1)));
    }

    [Test]
    public void TheLearningDropdownAndRestartAskForABoardWhoseForagersEvolve()
    {
        using var game = new HarvestGame(Small);
        var (view, driver) = (new HarvestView(), new UiDriver());
        void Frame() => driver.Frame(ui => view.Build(ui, game, UiDriver.Width, UiDriver.Height));

        // The panel settles in its second frame (its first lays out before it knows its height).
        Frame();
        Frame();
        var box = view.RectOf("learning");
        Click(driver, box.CenterX, box.CenterY, Frame);
        var (row, list) = (driver.Ui.Style.RowHeight, (2 * driver.Ui.Style.RowHeight) + 2);
        var top = box.Bottom + list <= UiDriver.Height ? box.Bottom : box.Y - list;
        Click(driver, box.CenterX, top + 1 + (1.5f * row), Frame);
        Assert.That(view.RestartWith, Is.Null, "the choice waits for the restart");
        var restart = view.RectOf("restart");
        Assert.That(restart.Bottom, Is.LessThanOrEqualTo(UiDriver.Height), "the whole panel fits an 800 x 600 screen");
        Click(driver, restart.CenterX, restart.CenterY, Frame);
        Assert.That(view.RestartWith, Is.Not.Null);
        Assert.That(view.RestartWith!.Learning, Is.EqualTo(HarvestLearning.Evolution));
        Assert.That((view.RestartWith.Seed, view.RestartWith.Learners, view.RestartWith.Untrained), Is.EqualTo((Small.Seed, Small.Learners, Small.Untrained)), "the same board");

        using var evolving = new HarvestGame(view.RestartWith);
        Play(evolving, 2);
        Assert.That(evolving.Learner, Is.Null);
        Assert.That(evolving.Brains.IsAddedCohort(evolving.Brains.World.Get<NeuralBrain>(evolving.Agents[^1]).CohortId), Is.True, "the untrained run beside the population");
    }

    private static void Play(HarvestGame game, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            game.Step();
        }
    }

    private static void Click(UiDriver driver, float x, float y, Action frame)
    {
        driver.MoveTo(x, y);
        frame();
        driver.Press();
        frame();
        driver.Release();
        frame();
    }

    // The diagram's edges are agent's weights, its nodes the agent's inputs and activations.
    private static void AssertShows(LayeredGraphData graph, HarvestGame game, int agent)
    {
        var brain = game.World.Get<NeuralBrain>(game.Agents[agent]);
        var cohort = game.Brains.Cohort(in brain);
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(brain.Agent, parameters);
        var spec = cohort.Spec;
        for (var l = 0; l < spec.LayerCount; l++)
        {
            Assert.That(graph.Edges(l).ToArray(), Is.EqualTo(parameters.AsSpan(spec.WeightOffset(l), spec.Layers[l].WeightCount).ToArray()), $"layer {l}'s weights");
        }

        Assert.That(graph.NodeValues(0).ToArray(), Is.EqualTo(game.Brains.Input(in brain).ToArray()), "what it sensed");
        Assert.That(graph.NodeValues(2).ToArray(), Is.EqualTo(game.Brains.Output(in brain).ToArray()).Within(1e-5f), "its action probabilities, as its cohort computed them");
    }
}
