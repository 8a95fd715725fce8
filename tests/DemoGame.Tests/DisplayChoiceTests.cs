using DemoGame.Platform;

namespace DemoGame.Tests;

public class DisplayChoiceTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void WithoutADisplayTheDemoSaysSoInOneLineAndRunsHeadless(string? display)
    {
        var choice = DisplayChoice.Decide(headlessRequested: false, display);

        Assert.That(choice.Headless, Is.True);
        Assert.That(choice.Notice, Does.Contain("no display").And.Contain("headless"));
        Assert.That(choice.Notice, Does.Not.Contain('\n'));
    }

    [Test]
    public void WithADisplayItOpensAWindow()
    {
        var choice = DisplayChoice.Decide(headlessRequested: false, ":0");

        Assert.That(choice, Is.EqualTo(new DisplayChoice(false, null)));
    }

    [TestCase(null)]
    [TestCase(":0")]
    public void HeadlessOnRequestNeedsNoNotice(string? display)
    {
        Assert.That(DisplayChoice.Decide(headlessRequested: true, display), Is.EqualTo(new DisplayChoice(true, null)));
    }
}
