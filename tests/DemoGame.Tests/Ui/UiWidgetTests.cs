using DemoGame.Ui;

namespace DemoGame.Tests.Ui;

// Widgets driven by synthetic input over several frames. Hover is decided with the previous
// frame's panels, so every test draws one frame before it points at anything.
public class UiWidgetTests
{
    [Test]
    public void AButtonReportsOneClickForAPressAndReleaseInsideIt()
    {
        var driver = new UiDriver();
        var rect = default(UiRect);
        var clicks = new List<int>();
        for (var frame = 0; frame < 6; frame++)
        {
            if (frame == 1)
            {
                driver.MoveTo(rect.CenterX, rect.CenterY);
            }

            if (frame == 2)
            {
                driver.Press();
            }

            if (frame == 4)
            {
                driver.Release();
            }

            driver.PanelFrame(ui =>
            {
                if (ui.Button("Reset"))
                {
                    clicks.Add(frame);
                }

                rect = ui.LastItemRect;
            });
        }

        Assert.That(clicks, Is.EqualTo(new[] { 4 }), "clicked on the frame of the release, once");
    }

    [Test]
    public void APressAndReleaseBetweenTwoFramesIsStillOneClick()
    {
        var driver = new UiDriver();
        var (rect, clicks) = (default(UiRect), 0);
        void Build(UiContext ui)
        {
            clicks += ui.Button("Go") ? 1 : 0;
            rect = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        driver.MoveTo(rect.CenterX, rect.CenterY);
        driver.PanelFrame(Build);
        driver.Press();
        driver.Release();
        driver.PanelFrame(Build);
        driver.PanelFrame(Build);

        Assert.That(clicks, Is.EqualTo(1));
    }

    [Test]
    public void AButtonReleasedOutsideItDoesNotClickAndDoesNotLetTheDragClickAnother()
    {
        var driver = new UiDriver();
        var (first, second, clicks) = (default(UiRect), default(UiRect), 0);
        void Build(UiContext ui)
        {
            clicks += ui.Button("First") ? 1 : 0;
            first = ui.LastItemRect;
            clicks += ui.Button("Second") ? 1 : 0;
            second = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        driver.MoveTo(first.CenterX, first.CenterY);
        driver.PanelFrame(Build);
        driver.Press();
        driver.PanelFrame(Build);
        driver.MoveTo(second.CenterX, second.CenterY);
        driver.PanelFrame(Build);
        driver.Release();
        driver.PanelFrame(Build);

        Assert.That(clicks, Is.Zero);
    }

    [Test]
    public void AToggleFlipsOnEachClick()
    {
        var driver = new UiDriver();
        var (rect, value, changes) = (default(UiRect), false, 0);
        void Build(UiContext ui)
        {
            changes += ui.Toggle("Show weights", ref value) ? 1 : 0;
            rect = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        driver.MoveTo(rect.X + 5, rect.CenterY);
        driver.PanelFrame(Build);
        Click(driver, Build);
        Assert.That((value, changes), Is.EqualTo((true, 1)));
        Click(driver, Build);
        Assert.That((value, changes), Is.EqualTo((false, 2)));
    }

    [Test]
    public void PressingAndDraggingALinearSliderSetsTheValueTheMousePositionImplies()
    {
        var driver = new UiDriver();
        var (track, value) = (default(UiRect), 5f);
        var changedFrames = 0;
        void Build(UiContext ui)
        {
            changedFrames += ui.SliderFloat("Speed", ref value, -10f, 30f) ? 1 : 0;
            track = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        Assert.That(track.Width, Is.GreaterThan(100), "the track is the slider's right part");
        driver.MoveTo(track.X + (0.25f * track.Width), track.CenterY);
        driver.PanelFrame(Build);
        Assert.That(value, Is.EqualTo(5f), "hovering alone changes nothing");

        driver.Press();
        driver.PanelFrame(Build);
        Assert.That(value, Is.EqualTo(-10f + (0.25f * 40f)).Within(1e-3f), "the press jumps to the position");

        driver.MoveTo(track.X + (0.75f * track.Width), track.Y - 40);
        driver.PanelFrame(Build);
        Assert.That(value, Is.EqualTo(-10f + (0.75f * 40f)).Within(1e-3f), "the drag follows x, even off the track");

        driver.MoveTo(track.Right + 200, track.CenterY);
        driver.PanelFrame(Build);
        Assert.That(value, Is.EqualTo(30f), "clamped at the end");

        driver.Release();
        driver.PanelFrame(Build);
        driver.MoveTo(track.X, track.CenterY);
        driver.PanelFrame(Build);
        Assert.That(value, Is.EqualTo(30f), "released: the mouse no longer moves it");
        Assert.That(changedFrames, Is.EqualTo(3));
    }

    [Test]
    public void ALogarithmicSliderGivesEachDecadeTheSameLengthOfTrack()
    {
        var driver = new UiDriver();
        var (track, rate) = (default(UiRect), 0.01f);
        void Build(UiContext ui)
        {
            ui.SliderFloat("Learning rate", ref rate, 1e-4f, 1f, "E1", UiSliderScale.Logarithmic);
            track = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        driver.MoveTo(track.X + (0.5f * track.Width), track.CenterY);
        driver.PanelFrame(Build);
        driver.Press();
        driver.PanelFrame(Build);
        Assert.That(rate, Is.EqualTo(1e-2f).Within(1e-5f), "half-way between 1e-4 and 1 is 1e-2");

        driver.MoveTo(track.X + (0.25f * track.Width), track.CenterY);
        driver.PanelFrame(Build);
        Assert.That(rate, Is.EqualTo(1e-3f).Within(1e-6f));
        driver.Release();
        driver.PanelFrame(Build);
    }

    [Test]
    public void AnIntegerSliderRoundsToTheNearestStepAndTheWheelNudgesIt()
    {
        var driver = new UiDriver();
        var (track, value) = (default(UiRect), 0);
        void Build(UiContext ui)
        {
            ui.SliderInt("Hidden units", ref value, 0, 10);
            track = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        driver.MoveTo(track.X + (0.63f * track.Width), track.CenterY);
        driver.PanelFrame(Build);
        driver.Press();
        driver.PanelFrame(Build);
        driver.Release();
        driver.PanelFrame(Build);
        Assert.That(value, Is.EqualTo(6));

        driver.Input.Scrolled(2);
        driver.PanelFrame(Build);
        Assert.That(value, Is.EqualTo(8));
    }

    [Test]
    public void PlusMinusStepsWithinItsRange()
    {
        var driver = new UiDriver();
        var (rect, value) = (default(UiRect), 0.5f);
        void Build(UiContext ui)
        {
            ui.PlusMinus("Noise", ref value, 0.25f, 0f, 1f);
            rect = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        var side = driver.Ui.Style.RowHeight;
        driver.MoveTo(rect.Right - (side / 2), rect.CenterY);
        driver.PanelFrame(Build);
        for (var i = 0; i < 3; i++)
        {
            Click(driver, Build);
        }

        Assert.That(value, Is.EqualTo(1f), "+ three times from 0.5 stops at 1");
        driver.MoveTo(rect.Right - side - 2 - (side / 2), rect.CenterY);
        driver.PanelFrame(Build);
        Click(driver, Build);
        Assert.That(value, Is.EqualTo(0.75f));
    }

    [Test]
    public void ADropdownOpensOnAClickAndAClickOnAnOptionSelectsItWithoutClickingWhatIsUnderTheList()
    {
        var driver = new UiDriver();
        string[] options = ["tanh", "relu", "sigmoid", "linear"];
        var (box, index, changes, underneath) = (default(UiRect), 0, 0, 0);
        void Build(UiContext ui)
        {
            changes += ui.Dropdown("Activation", ref index, options) ? 1 : 0;
            box = ui.LastItemRect;
            underneath += ui.Button("Below 1") ? 1 : 0;
            underneath += ui.Button("Below 2") ? 1 : 0;
            underneath += ui.Button("Below 3") ? 1 : 0;
        }

        driver.PanelFrame(Build);
        driver.MoveTo(box.CenterX, box.CenterY);
        driver.PanelFrame(Build);
        Click(driver, Build);
        var row = driver.Ui.Style.RowHeight;
        Assert.That(driver.Ui.IsPointOverUi(box.CenterX, box.Bottom + (3.5f * row)), Is.True, "the open list counts as UI");

        // Option 2 ("sigmoid") lies over the buttons below the dropdown.
        driver.MoveTo(box.CenterX, box.Bottom + 1 + (2.5f * row));
        driver.PanelFrame(Build);
        Click(driver, Build);
        Assert.That((index, changes, underneath), Is.EqualTo((2, 1, 0)));

        // Closed: the same place is a button again.
        Click(driver, Build);
        Assert.That(underneath, Is.EqualTo(1));
    }

    [Test]
    public void AClickOutsideAnOpenDropdownClosesItUnchanged()
    {
        var driver = new UiDriver();
        string[] options = ["a", "b"];
        var (box, index) = (default(UiRect), 1);
        void Build(UiContext ui)
        {
            ui.Dropdown("Mode", ref index, options);
            box = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        driver.MoveTo(box.CenterX, box.CenterY);
        driver.PanelFrame(Build);
        Click(driver, Build);
        var listBottom = box.Bottom + (2 * driver.Ui.Style.RowHeight);
        Assert.That(driver.Ui.IsPointOverUi(box.CenterX, listBottom - 2), Is.True, "open");
        driver.MoveTo(700, 500);
        driver.PanelFrame(Build);
        Click(driver, Build);
        Assert.That(driver.Ui.IsPointOverUi(box.CenterX, listBottom - 2), Is.False, "closed");
        Assert.That(index, Is.EqualTo(1));
    }

    [Test]
    public void TheClickThatClosesAnOpenDropdownReachesNothingElse()
    {
        var driver = new UiDriver();
        string[] options = ["a", "b", "c"];
        var (box, above, beside, otherButton) = (default(UiRect), default(UiRect), default(UiRect), default(UiRect));
        var (index, aboveClicks, toggled, toggles, otherClicks) = (0, 0, false, 0, 0);
        void Frame() => driver.Frame(ui =>
        {
            if (ui.BeginPanel("Test panel", 20, 20, 300))
            {
                aboveClicks += ui.Button("Above") ? 1 : 0;
                above = ui.LastItemRect;
                ui.Row(2);
                ui.Dropdown("Mode", ref index, options);
                box = ui.LastItemRect;
                toggles += ui.Toggle("Beside", ref toggled) ? 1 : 0;
                beside = ui.LastItemRect;
            }

            ui.EndPanel();
            if (ui.BeginPanel("Other panel", 450, 300, 200))
            {
                otherClicks += ui.Button("Other") ? 1 : 0;
                otherButton = ui.LastItemRect;
            }

            ui.EndPanel();
        });
        void Open()
        {
            ClickOnce(driver, box, Frame);
            Assert.That(driver.Ui.IsPointOverUi(box.CenterX, box.Bottom + (2.5f * driver.Ui.Style.RowHeight)), Is.True, "open");
        }

        void ClickAt(UiRect rect, bool oneFrame)
        {
            driver.MoveTo(rect.X + 5, rect.CenterY);
            Frame();
            driver.Press();
            if (oneFrame)
            {
                driver.Release();
                Frame();
            }
            else
            {
                Frame();
                Assert.That(driver.Ui.WantsMouse, Is.True, "the held press is the UI's");
                driver.Release();
                Frame();
            }

            Frame();
            Assert.That(driver.Ui.IsPointOverUi(box.CenterX, box.Bottom + (2.5f * driver.Ui.Style.RowHeight)), Is.False, "closed");
        }

        Frame();

        // A button laid out before the dropdown (the list opens below, away from it).
        Open();
        ClickAt(above, oneFrame: false);
        Assert.That(aboveClicks, Is.Zero, "the button above");

        // A toggle laid out after it, beside the box; a press and release between two frames too.
        Open();
        ClickAt(beside, oneFrame: false);
        Open();
        ClickAt(beside, oneFrame: true);
        Assert.That(toggles, Is.Zero, "the toggle beside");

        // A button in another panel.
        Open();
        ClickAt(otherButton, oneFrame: false);
        Assert.That(otherClicks, Is.Zero, "the other panel's button");

        // The game: while a list is open, a press on nothing (checked between frames, as the
        // window's callback does) is the UI's too.
        Open();
        driver.MoveTo(760, 580);
        Frame();
        Assert.That((driver.Ui.IsPointOverUi(760, 580), driver.Ui.WantsMouse), Is.EqualTo((true, true)), "the game must not take the closing click");
        ClickAt(new UiRect(750, 570, 20, 20), oneFrame: false);
        Assert.That((driver.Ui.IsPointOverUi(760, 580), driver.Ui.WantsMouse), Is.EqualTo((false, false)), "closed: the game gets clicks again");

        // Closed, the same clicks work again.
        ClickAt(above, oneFrame: false);
        ClickAt(beside, oneFrame: false);
        ClickAt(otherButton, oneFrame: false);
        Assert.That((aboveClicks, toggles, toggled, otherClicks, index), Is.EqualTo((1, 1, true, 1, 0)));
    }

    [Test]
    public void AClickOnAnOpenDropdownsListReachesNoWidgetUnderIt()
    {
        var driver = new UiDriver();
        string[] options = ["tanh", "relu", "sigmoid", "linear", "softplus", "gelu"];
        var (box, slider, otherButton) = (default(UiRect), default(UiRect), default(UiRect));
        var (index, value, sliderChanges, otherClicks) = (0, 0.5f, 0, 0);
        void Frame() => driver.Frame(ui =>
        {
            if (ui.BeginPanel("Test panel", 20, 20, 300))
            {
                ui.Dropdown("Activation", ref index, options);
                box = ui.LastItemRect;
                sliderChanges += ui.SliderFloat("Under", ref value, 0f, 1f) ? 1 : 0;
                slider = ui.LastItemRect;
            }

            ui.EndPanel();

            // A later panel, drawn over the first, whose button lies under the list's last option.
            if (ui.BeginPanel("Other panel", 200, 20 + (6.5f * ui.Style.RowHeight), 200, UiPanelFlags.NoTitleBar))
            {
                otherClicks += ui.Button("Other") ? 1 : 0;
                otherButton = ui.LastItemRect;
            }

            ui.EndPanel();
        });
        void Open() => ClickOnce(driver, box, Frame);

        Frame();
        var row = driver.Ui.Style.RowHeight;
        var list = new UiRect(box.X, box.Bottom, box.Width, (options.Length * row) + 2);
        Assert.That(list.Contains(slider.X + 5, slider.CenterY), Is.True, "the slider lies under the list");
        Assert.That(list.Contains(otherButton.X + 5, otherButton.CenterY), Is.True, "so does the other panel's button");

        // Press on the slider's track: the option there is picked, the slider keeps its value.
        Open();
        driver.MoveTo(slider.X + 5, slider.Bottom - 2);
        Frame();
        driver.Press();
        Frame();
        driver.Release();
        Frame();
        Frame();
        Assert.That((index, value, sliderChanges), Is.EqualTo(((int)((slider.Bottom - 2 - list.Y - 1) / row), 0.5f, 0)));
        Assert.That(index, Is.Not.Zero, "a change");

        // Wheel over the open list: not the slider's.
        Open();
        driver.MoveTo(slider.X + 5, slider.CenterY);
        Frame();
        driver.Input.Scrolled(3);
        Frame();
        Assert.That((value, sliderChanges), Is.EqualTo((0.5f, 0)));

        // A press and release between two frames on the list over the other panel's button.
        driver.MoveTo(otherButton.X + 5, otherButton.CenterY);
        Frame();
        driver.Press();
        driver.Release();
        Frame();
        Frame();
        Assert.That(otherClicks, Is.Zero);
        Assert.That(index, Is.EqualTo((int)((otherButton.CenterY - list.Y - 1) / row)), "the option there was picked");
    }

    [Test]
    public void TooltipsStayOnScreenAndDoNotOverlapEachOther()
    {
        var driver = new UiDriver();
        var cases = new (float X, float Y)[]
        {
            (UiDriver.Width - 3, UiDriver.Height - 3), // bottom-right corner
            (UiDriver.Width - 3, 2),                   // top-right
            (2, UiDriver.Height - 3),                  // bottom-left
            (400, 300),                                // the middle: the stack outgrows the space below
            (400, 470),                                // just enough room below for the first
            (float.NegativeInfinity, float.NegativeInfinity), // no mouse yet
        };
        foreach (var (x, y) in cases)
        {
            driver.MoveTo(x, y);
            driver.Frame(ui =>
            {
                ui.Tooltip("a first tooltip, quite a long one\nwith\nseveral\nlines");
                ui.Tooltip("a second one\nalso\nwith\nlines\nof text\n6\n7");
                ui.Tooltip("third");
            });

            var boxes = TooltipBoxes(driver.Ui);
            Assert.That(boxes, Has.Count.EqualTo(3), $"at ({x}, {y})");
            foreach (var b in boxes)
            {
                Assert.That(b.X >= 0 && b.Y >= 0 && b.Right <= UiDriver.Width && b.Bottom <= UiDriver.Height, Is.True, $"at ({x}, {y}): {b} is off screen");
            }

            for (var i = 0; i < boxes.Count; i++)
            {
                for (var j = i + 1; j < boxes.Count; j++)
                {
                    var (a, b) = (boxes[i], boxes[j]);
                    var overlap = a.X < b.Right && b.X < a.Right && a.Y < b.Bottom && b.Y < a.Bottom;
                    Assert.That(overlap, Is.False, $"at ({x}, {y}): {a} overlaps {b}");
                }
            }

            foreach (var v in driver.Ui.DrawList.Vertices)
            {
                Assert.That(v.X >= 0 && v.Y >= 0 && v.X <= UiDriver.Width && v.Y <= UiDriver.Height, Is.True, $"at ({x}, {y}): a vertex at ({v.X}, {v.Y})");
            }
        }
    }

    [Test]
    public void AWidgetsTooltipNearTheBottomRightCornerStaysOnScreen()
    {
        var driver = new UiDriver();
        var rect = default(UiRect);
        void Frame() => driver.Frame(ui =>
        {
            if (ui.BeginPanel("Corner", UiDriver.Width - 200, UiDriver.Height - 60, 200, UiPanelFlags.NoTitleBar))
            {
                ui.Button("Hover me");
                rect = ui.LastItemRect;
                if (ui.IsItemHovered)
                {
                    ui.Tooltip("what the button does");
                    ui.Tooltip("and a second tooltip from the owner,\nin two lines");
                }
            }

            ui.EndPanel();
        });

        Frame();
        driver.MoveTo(rect.Right - 2, rect.Bottom - 2);
        Frame();
        var boxes = TooltipBoxes(driver.Ui);
        Assert.That(boxes, Has.Count.EqualTo(2));
        foreach (var b in boxes)
        {
            Assert.That(b.Right <= UiDriver.Width && b.Bottom <= UiDriver.Height && b.X >= 0 && b.Y >= 0, Is.True, $"{b} is off screen");
        }
    }

    [Test]
    public void DraggingAPanelsTitleBarMovesItAndThePositionIsKept()
    {
        var driver = new UiDriver();
        void Build(UiContext ui) => ui.Label("content");

        driver.PanelFrame(Build);
        var before = driver.Ui.LastPanelRect;
        Assert.That((before.X, before.Y), Is.EqualTo((20f, 20f)));
        driver.MoveTo(before.X + 100, before.Y + 10);
        driver.PanelFrame(Build);
        driver.Press();
        driver.PanelFrame(Build);
        driver.MoveTo(before.X + 250, before.Y + 130);
        driver.PanelFrame(Build);
        Assert.That(driver.Ui.WantsMouse, Is.True, "a drag holds the mouse");
        driver.Release();
        driver.PanelFrame(Build);
        driver.MoveTo(600, 550);
        driver.PanelFrame(Build);

        var after = driver.Ui.LastPanelRect;
        Assert.That((after.X, after.Y), Is.EqualTo((before.X + 150, before.Y + 120)), "moved with the mouse, not reset to the initial position");
        Assert.That(after.Height, Is.EqualTo(before.Height));
        Assert.That(driver.Ui.WantsMouse, Is.False);
    }

    [Test]
    public void TheTitleBarArrowCollapsesAPanelToItsTitle()
    {
        var driver = new UiDriver();
        var expanded = new List<bool>();
        void Build(UiContext ui) => ui.Label("content");
        void Frame() => driver.Frame(ui =>
        {
            expanded.Add(ui.BeginPanel("Tuning", 10, 10, 200));
            if (expanded[^1])
            {
                Build(ui);
            }

            ui.EndPanel();
        });

        Frame();
        var open = driver.Ui.LastPanelRect;
        driver.MoveTo(open.X + 8, open.Y + 8);
        Frame();
        driver.Press();
        Frame();
        driver.Release();
        Frame();
        Frame();

        Assert.That(expanded[^1], Is.False);
        Assert.That(driver.Ui.LastPanelRect.Height, Is.EqualTo(driver.Ui.Style.TitleHeight));
        Assert.That(driver.Ui.LastPanelRect.Height, Is.LessThan(open.Height));
    }

    [Test]
    public void AHeaderOpensAndClosesItsSection()
    {
        var driver = new UiDriver();
        var (rect, open) = (default(UiRect), true);
        void Build(UiContext ui)
        {
            open = ui.Header("Training", defaultOpen: true);
            rect = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        Assert.That(open, Is.True, "default");
        driver.MoveTo(rect.CenterX, rect.CenterY);
        driver.PanelFrame(Build);
        Click(driver, Build);
        driver.PanelFrame(Build);
        Assert.That(open, Is.False);
    }

    [Test]
    public void RowsPutWidgetsSideBySideInEqualCells()
    {
        var driver = new UiDriver();
        var rects = new UiRect[4];
        driver.PanelFrame(ui =>
        {
            ui.Row(3);
            for (var i = 0; i < 4; i++)
            {
                ui.Button(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                rects[i] = ui.LastItemRect;
            }
        });

        Assert.That(rects[1].Y, Is.EqualTo(rects[0].Y));
        Assert.That(rects[2].Y, Is.EqualTo(rects[0].Y));
        Assert.That(rects[1].X, Is.GreaterThan(rects[0].Right));
        Assert.That(rects[1].Width, Is.EqualTo(rects[0].Width).Within(1e-3f));
        Assert.That(rects[3].Y, Is.GreaterThan(rects[0].Bottom), "after three cells the row ends");
        Assert.That(rects[3].Width, Is.GreaterThan(3 * rects[0].Width), "and widgets are full width again");
    }

    [Test]
    public void HoveringAGraphEdgeReportsThatEdgeAndANodeWinsOverEdges()
    {
        var driver = new UiDriver();
        var data = new LayeredGraphData(2, 3, 1);
        var values = data.Edges(0);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (i % 2 == 0 ? 1 : -1) * (0.1f + i);
        }

        data.Edge(1, 2, 0) = 0.5f;
        var (rect, hit) = (default(UiRect), default(UiGraphHit));
        void Build(UiContext ui)
        {
            hit = ui.LayeredGraph("Network", data, 160);
            rect = ui.LastItemRect;
        }

        driver.PanelFrame(Build);
        var a = driver.Ui.GraphNodeRect(rect, "Network", data, 0, 1);
        var b = driver.Ui.GraphNodeRect(rect, "Network", data, 1, 2);
        driver.MoveTo(a.Right + (0.3f * (b.X - a.Right)), a.CenterY + (0.3f * (b.CenterY - a.CenterY)));
        driver.PanelFrame(Build);
        Assert.That(hit.HoveredEdge, Is.EqualTo(new UiGraphEdge(0, 1, 2)));
        Assert.That(hit.HoveredNode, Is.Null);

        var c = driver.Ui.GraphNodeRect(rect, "Network", data, 2, 0);
        driver.MoveTo(c.CenterX, c.CenterY);
        driver.PanelFrame(Build);
        Assert.That((hit.HoveredEdge, hit.HoveredNode, hit.ClickedNode), Is.EqualTo(((UiGraphEdge?)null, (UiGraphNode?)new UiGraphNode(2, 0), (UiGraphNode?)null)));
        driver.Press();
        driver.PanelFrame(Build);
        Assert.That(hit.ClickedNode, Is.EqualTo(new UiGraphNode(2, 0)));
        driver.Release();
        driver.PanelFrame(Build);

        driver.MoveTo(rect.X + 2, rect.Bottom - 2);
        driver.PanelFrame(Build);
        Assert.That(hit, Is.EqualTo(default(UiGraphHit)), "a corner of the graph is near nothing");
    }

    [Test]
    public void AGraphNodeIsFilledWithItsColourAndOthersWithTheStylesNodeColour()
    {
        var driver = new UiDriver();
        var data = new LayeredGraphData(2, 1);
        var red = new UiColor(200, 30, 30);
        data.NodeColors(0)[1] = red;
        var (rect, from, to) = (default(UiRect), 0, 0);
        driver.PanelFrame(ui =>
        {
            from = ui.DrawList.QuadCount;
            ui.LayeredGraph("Network", data, 120);
            (rect, to) = (ui.LastItemRect, ui.DrawList.QuadCount);
        });

        Assert.That(Quads(driver.Ui, from, to, red), Is.EqualTo(new[] { driver.Ui.GraphNodeRect(rect, "Network", data, 0, 1) }));
        Assert.That(Quads(driver.Ui, from, to, driver.Ui.Style.Node), Is.EquivalentTo(new[] { driver.Ui.GraphNodeRect(rect, "Network", data, 0, 0), driver.Ui.GraphNodeRect(rect, "Network", data, 1, 0) }));
    }

    [Test]
    public void TheMouseIsOverTheUiOnlyOverAPanel()
    {
        var driver = new UiDriver();
        driver.PanelFrame(ui => ui.Label("x"));
        var panel = driver.Ui.LastPanelRect;

        driver.MoveTo(panel.CenterX, panel.CenterY);
        driver.PanelFrame(ui => ui.Label("x"));
        Assert.That((driver.Ui.IsMouseOverUi, driver.Ui.WantsMouse), Is.EqualTo((true, true)));

        driver.MoveTo(panel.Right + 50, panel.CenterY);
        driver.PanelFrame(ui => ui.Label("x"));
        Assert.That((driver.Ui.IsMouseOverUi, driver.Ui.WantsMouse), Is.EqualTo((false, false)));
        Assert.That(driver.Ui.IsPointOverUi(panel.X + 1, panel.Y + 1), Is.True);
        Assert.That(driver.Ui.IsPointOverUi(panel.Right + 1, panel.Y + 1), Is.False);

        // A press on the panel's background is the UI's until it is released.
        driver.MoveTo(panel.CenterX, panel.Bottom - 2);
        driver.PanelFrame(ui => ui.Label("x"));
        driver.Press();
        driver.PanelFrame(ui => ui.Label("x"));
        driver.MoveTo(panel.Right + 50, panel.CenterY);
        driver.PanelFrame(ui => ui.Label("x"));
        Assert.That((driver.Ui.IsMouseOverUi, driver.Ui.IsCapturingMouse), Is.EqualTo((false, true)));
        driver.Release();
        driver.PanelFrame(ui => ui.Label("x"));
        Assert.That(driver.Ui.WantsMouse, Is.False);
    }

    [Test]
    public void TheLaterOfTwoOverlappingPanelsTakesTheMouse()
    {
        var driver = new UiDriver();
        var (under, over) = (0, 0);
        var rect = default(UiRect);
        void Frame() => driver.Frame(ui =>
        {
            ui.BeginPanel("Under", 10, 10, 200);
            under += ui.Button("Under button") ? 1 : 0;
            rect = ui.LastItemRect;
            ui.EndPanel();
            ui.BeginPanel("Over", 10, 10, 200);
            over += ui.Button("Over button") ? 1 : 0;
            ui.EndPanel();
        });

        Frame();
        driver.MoveTo(rect.CenterX, rect.CenterY);
        Frame();
        driver.Press();
        Frame();
        driver.Release();
        Frame();
        Assert.That((under, over), Is.EqualTo((0, 1)));
    }

    [Test]
    public void LabelsWithHiddenSuffixesAreDifferentWidgetsAndIdScopesSeparateEqualLabels()
    {
        var driver = new UiDriver();
        driver.Frame(ui =>
        {
            Assert.That(ui.GetId("Reset##a"), Is.Not.EqualTo(ui.GetId("Reset##b")));
            var outer = ui.GetId("Reset");
            ui.PushId(3);
            var inner = ui.GetId("Reset");
            ui.PopId();
            Assert.That(inner, Is.Not.EqualTo(outer));
            Assert.That(ui.GetId("Reset"), Is.EqualTo(outer));
        });
    }

    [Test]
    public void SolidsAndTextShareOneBatchAndAnImageStartsAnother()
    {
        var driver = new UiDriver();
        driver.PanelFrame(ui =>
        {
            ui.Label("text");
            ui.Button("button");
            var slot = ui.Reserve(20);
            ui.DrawList.AddImage(slot, 42, UiColor.White);
            ui.Label("more text");
        });

        var commands = driver.Ui.DrawList.Commands.ToArray();
        Assert.That(commands.Select(c => c.Texture), Is.EqualTo(new uint[] { 0, 42, 0 }));
        Assert.That(commands[1].QuadCount, Is.EqualTo(1));
        Assert.That(commands.Sum(c => c.QuadCount), Is.EqualTo(driver.Ui.DrawList.QuadCount));
    }

    [Test]
    public void TheTextBufferFormatsNumbersInTheInvariantCulture()
    {
        var text = new UiTextBuffer(4);
        text.Clear().Append("loss ").Append(0.0123f, "F3").Append(' ').Append(1234567.5, "N1").Append(" x").Append(42);
        Assert.That(text.AsSpan().ToString(), Is.EqualTo("loss 0.012 1,234,567.5 x42"));
    }

    [Test]
    public void APlotsLegendTooWideForTheTitleLineGetsALineOfItsOwn()
    {
        var driver = new UiDriver();
        string[] names = ["simulation", "forward", "training", "boundary", "render", "overlay"];
        UiColor[] colors = [new(90, 200, 120, 255), new(80, 150, 240, 255), new(240, 150, 60, 255), new(200, 100, 220, 255), new(230, 210, 80, 255), new(160, 160, 160, 255)];
        var values = new float[names.Length * 40];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 1f + (i % 7);
        }

        var series = new UiSeries[] { new(values, 0, 40, colors[0], "train loss"), new(values, 3, 30, colors[1], "test loss") };
        (UiRect Rect, int From, int To) narrowBars = default, narrowLines = default, wideBars = default;
        driver.Frame(ui =>
        {
            if (ui.BeginPanel("Narrow", 20, 20, 300))
            {
                narrowBars = Plot(ui, () => ui.StackedBars("##profile", new UiStackedFrames(values, names.Length, 0, 40), colors, names, 70f, marker: 16.7f));
                narrowLines = Plot(ui, () => ui.LinePlot("a long label for a loss plot", series, 64f));
            }

            ui.EndPanel();
            if (ui.BeginPanel("Wide", 20, 300, 760))
            {
                wideBars = Plot(ui, () => ui.StackedBars("##profile", new UiStackedFrames(values, names.Length, 0, 40), colors, names, 70f, marker: 16.7f));
            }

            ui.EndPanel();
        });

        var lineHeight = driver.Ui.Style.Font.LineHeight;
        foreach (var (plot, what, legendOnItsOwnLine) in new[] { (narrowBars, "narrow bars", true), (narrowLines, "narrow lines", true), (wideBars, "wide bars", false) })
        {
            var range = Quads(driver.Ui, plot.From, plot.To, driver.Ui.Style.TextDim);
            var legend = Quads(driver.Ui, plot.From, plot.To, driver.Ui.Style.Text);
            Assert.That(range, Is.Not.Empty, what);
            Assert.That(legend, Is.Not.Empty, what);
            foreach (var r in range)
            {
                foreach (var l in legend)
                {
                    Assert.That(r.X < l.Right && l.X < r.Right && r.Y < l.Bottom && l.Y < r.Bottom, Is.False, $"{what}: range text {r} overlaps legend text {l}");
                }
            }

            Assert.That(legend.All(l => l.X >= plot.Rect.X && l.Right <= plot.Rect.Right), Is.True, $"{what}: the legend stays inside the plot's width");
            Assert.That(legend.All(l => l.Y >= plot.Rect.Y + lineHeight) == legendOnItsOwnLine, Is.True, $"{what}: the legend is on {(legendOnItsOwnLine ? "a line of its own" : "the title line")}");
        }

        static (UiRect, int, int) Plot(UiContext ui, Action draw)
        {
            var from = ui.DrawList.QuadCount;
            draw();
            return (ui.LastItemRect, from, ui.DrawList.QuadCount);
        }
    }

    // Moves to the middle of rect and clicks it, one frame for each step.
    private static void ClickOnce(UiDriver driver, UiRect rect, Action frame)
    {
        driver.MoveTo(rect.CenterX, rect.CenterY);
        frame();
        driver.Press();
        frame();
        driver.Release();
        frame();
    }

    // The quads in one colour (glyphs are drawn in their text's colour) among quads [from, to).
    private static List<UiRect> Quads(UiContext ui, int from, int to, UiColor color)
    {
        var quads = new List<UiRect>();
        var vertices = ui.DrawList.Vertices;
        for (var q = from; q < to; q++)
        {
            var (topLeft, bottomRight) = (vertices[q * 4], vertices[(q * 4) + 2]);
            if (topLeft.Color == color.Packed)
            {
                quads.Add(new UiRect(topLeft.X, topLeft.Y, bottomRight.X - topLeft.X, bottomRight.Y - topLeft.Y));
            }
        }

        return quads;
    }

    // Tooltips' backgrounds: the quads in the popup colour (no dropdown is open in these tests).
    private static List<UiRect> TooltipBoxes(UiContext ui)
    {
        var boxes = new List<UiRect>();
        var vertices = ui.DrawList.Vertices;
        for (var q = 0; q < vertices.Length / 4; q++)
        {
            var (topLeft, bottomRight) = (vertices[q * 4], vertices[(q * 4) + 2]);
            if (topLeft.Color == ui.Style.PopupBackground.Packed)
            {
                boxes.Add(new UiRect(topLeft.X, topLeft.Y, bottomRight.X - topLeft.X, bottomRight.Y - topLeft.Y));
            }
        }

        return boxes;
    }

    private static void Click(UiDriver driver, Action<UiContext> build)
    {
        driver.Press();
        driver.PanelFrame(build);
        driver.Release();
        driver.PanelFrame(build);
    }
}
