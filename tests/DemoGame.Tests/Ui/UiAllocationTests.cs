using DemoGame.Platform;
using DemoGame.Ui;

namespace DemoGame.Tests.Ui;

public class UiAllocationTests
{
    // Every widget kind, the mouse over the graph's edges (hit tests, highlight, a tooltip with
    // a formatted number) with the dropdown's list open: after warm-up (tiered compilation
    // allocates for a while), a frame allocates nothing.
    [Test]
    public void AFrameWithEveryWidgetKindAllocatesNothingOnceWarm()
    {
        var (driver, showcase) = Prepare();
        for (var i = 0; i < 300; i++)
        {
            RunFrame(driver, showcase);
        }

        var perFrame = new long[50];
        for (var i = 0; i < perFrame.Length; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            RunFrame(driver, showcase);
            perFrame[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(driver.Ui.DrawList.QuadCount, Is.GreaterThan(500), "the frame draws a lot");
        Assert.That(perFrame, Is.All.EqualTo(0), string.Join(" ", perFrame));
    }

    [Test]
    public void RenderingTheFrameWithGlAllocatesNothingOnceWarm()
    {
        var (driver, showcase) = Prepare();
        using var context = EglHeadlessContext.Create();
        using var target = new RenderTarget(context.Gl, UiDriver.Width, UiDriver.Height);
        using var renderer = new UiRenderer(context.Gl, UiDriver.Atlas);
        target.Bind();
        for (var i = 0; i < 300; i++)
        {
            RunFrame(driver, showcase);
            renderer.Render(driver.Ui.DrawList, UiDriver.Width, UiDriver.Height);
        }

        var perFrame = new long[30];
        for (var i = 0; i < perFrame.Length; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            RunFrame(driver, showcase);
            renderer.Render(driver.Ui.DrawList, UiDriver.Width, UiDriver.Height);
            perFrame[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        context.Gl.Finish();
        Assert.That(perFrame, Is.All.EqualTo(0), string.Join(" ", perFrame));
        Assert.That(renderer.LastDrawCalls, Is.EqualTo(driver.Ui.DrawList.CommandCount));
    }

    private static (UiDriver Driver, UiShowcase Showcase) Prepare()
    {
        var driver = new UiDriver();
        var showcase = new UiShowcase();
        RunFrame(driver, showcase);

        // Open the dropdown, then rest the mouse on
        // an edge between the graph's second and third columns.
        var dropdown = showcase.DropdownBox;
        driver.MoveTo(dropdown.CenterX, dropdown.CenterY);
        RunFrame(driver, showcase);
        driver.Press();
        RunFrame(driver, showcase);
        driver.Release();
        RunFrame(driver, showcase);
        var a = driver.Ui.GraphNodeRect(showcase.GraphRect, "network", showcase.Graph, 1, 2);
        var b = driver.Ui.GraphNodeRect(showcase.GraphRect, "network", showcase.Graph, 2, 4);
        driver.MoveTo((a.Right + b.X) / 2, (a.CenterY + b.CenterY) / 2);
        RunFrame(driver, showcase);
        Assert.That(driver.Ui.IsPointOverUi(dropdown.CenterX, dropdown.Bottom + 5), Is.True, "the list is open");
        return (driver, showcase);
    }

    private static void RunFrame(UiDriver driver, UiShowcase showcase)
    {
        driver.Ui.Begin(driver.Input, UiDriver.Width, UiDriver.Height);
        showcase.Build(driver.Ui);
        driver.Ui.End();
    }
}
