using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace Neurons.Plots.Tests;

public sealed class PlotTests
{
    private static JsonNode Figure(GenericChart chart) => JsonNode.Parse(GenericChart.toJson(chart))!;

    private static GenericChart Simple(Scale y = Scale.Linear, (double, double)? yRange = null) =>
        Plot.Chart("Title", "x (°C)", "y (°F)", "A line that rises.",
            [Plot.Line([1.0, 2.0, 3.0], [1.0, 10.0, 100.0], "a line", Colours.W1)], y: y, yRange: yRange);

    [Fact]
    public void A_chart_carries_its_title_axis_titles_and_description()
    {
        var figure = Figure(Simple());
        var layout = figure["layout"]!;
        Assert.Equal("Title", layout["title"]!["text"]!.GetValue<string>());
        Assert.Equal("x (°C)", layout["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("y (°F)", layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("A line that rises.", layout["meta"]!["description"]!.GetValue<string>());
        Assert.Equal("A line that rises.", Plot.Description(Simple()));
    }

    [Theory]
    [InlineData("", "x", "y", "d", "title")]
    [InlineData("t", " ", "y", "d", "xTitle")]
    [InlineData("t", "x", "", "d", "yTitle")]
    [InlineData("t", "x", "y", "", "description")]
    public void A_chart_without_a_title_or_description_is_refused_naming_the_argument(
        string title, string x, string y, string description, string argument)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Plot.Chart(title, x, y, description, [Plot.Line([1.0], [1.0], "p")]));
        Assert.Equal(argument, error.ParamName);
    }

    [Fact]
    public void The_page_sets_the_width_and_the_chart_its_height()
    {
        var figure = Figure(Simple());
        Assert.Null(figure["layout"]!["width"]);
        Assert.Equal(Plot.Height, figure["layout"]!["height"]!.GetValue<int>());
        Assert.True(figure["config"]!["responsive"]!.GetValue<bool>());
        Assert.Equal("h", figure["layout"]!["legend"]!["orientation"]!.GetValue<string>());
    }

    [Fact]
    public void A_log_axis_labels_decades_and_takes_its_range_in_data_units()
    {
        var axis = Figure(Simple(Scale.Log, (0.1, 100)))["layout"]!["yaxis"]!;
        Assert.Equal("log", axis["type"]!.GetValue<string>());
        Assert.Equal(1, axis["dtick"]!.GetValue<int>());
        Assert.Equal([-1.0, 2.0], axis["range"]!.AsArray().Select(v => Math.Round(v!.GetValue<double>(), 12)).ToArray());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Simple(Scale.Log, (0, 100)));
        Assert.Equal("yRange", error.ParamName);
    }

    [Fact]
    public void Range_spaces_points_evenly_and_includes_both_ends()
    {
        Assert.Equal([-1.0, -0.5, 0.0, 0.5, 1.0], Plot.Range(-1, 1, 5));
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Plot.Range(0, 1, 1)).ParamName);
        Assert.Equal("from", Assert.Throws<ArgumentOutOfRangeException>(() => Plot.Range(double.NaN, 1)).ParamName);
    }

    [Fact]
    public void A_slider_position_shows_its_own_frame_and_the_fixed_series()
    {
        var chart = Plot.Slider("t", "x", "y", "d", "steps",
            [("0", Plot.Line([0.0, 1.0], [0.0, 1.0], "a")), ("5", Plot.Line([0.0, 1.0], [1.0, 2.0], "b"))],
            [Plot.Level(1, 0, 1, "truth")]);
        var figure = Figure(chart);
        var visible = figure["data"]!.AsArray().Select(t => t!["visible"]?.GetValue<bool>() ?? true).ToArray();
        Assert.Equal([true, false, true], visible);
        var steps = figure["layout"]!["sliders"]![0]!["steps"]!.AsArray();
        Assert.Equal(["0", "5"], steps.Select(s => s!["label"]!.GetValue<string>()).ToArray());
        Assert.Equal([false, true, true], steps[1]!["args"]![1]!.AsArray().Select(v => v!.GetValue<bool>()).ToArray());
    }

    [Fact]
    public void A_slider_leaves_room_for_the_legend_of_the_widest_frame_not_of_every_frame()
    {
        // Twelve frames whose names fit one legend row beside "truth", and one whose name fills a row
        // of its own: the hidden frames take no room, so two rows, not thirteen.
        var frames = Enumerable.Range(0, 12)
            .Select(k => ($"{k}", Plot.Line([0.0, 1.0], [k, k + 1.0], $"neuron after {k} steps: a line")))
            .Append(("12", Plot.Line([0.0, 1.0], [0.0, 1.0], new string('x', 90))));
        var layout = Figure(Plot.Slider("t", "x", "y", "d", "steps", frames, [Plot.Level(1, 0, 1, "truth")]))["layout"]!;
        Assert.Equal(56 + 2 * 22, layout["margin"]!["t"]!.GetValue<int>());
        Assert.Equal(Plot.Height + 90 + 2 * 22, layout["height"]!.GetValue<int>());
    }

    [Fact]
    public void A_map_needs_one_row_per_y_and_one_value_per_x()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Plot.Contours([0.0, 1.0], [0.0], [[1.0]], "e", "e", top: 10, step: 1));
        Assert.Equal("z", error.ParamName);
        Assert.Contains("z row 0 must have one value per x value (2), found 1", error.Message);
    }

    // WCAG 2's contrast ratio of two sRGB colours: (L1 + 0.05) / (L2 + 0.05) of their relative luminances.
    private static double Contrast((double R, double G, double B) a, (double R, double G, double B) b)
    {
        static double Linear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        static double Luminance((double R, double G, double B) c) =>
            0.2126 * Linear(c.R / 255) + 0.7152 * Linear(c.G / 255) + 0.0722 * Linear(c.B / 255);
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    // "#rrggbb", or "rgba(r, g, b, a)" as plotly also reads colours.
    private static (double R, double G, double B) Rgb(string colour)
    {
        if (colour.StartsWith('#') && colour.Length == 7)
            return (Convert.ToInt32(colour[1..3], 16), Convert.ToInt32(colour[3..5], 16), Convert.ToInt32(colour[5..7], 16));
        var parts = System.Text.RegularExpressions.Regex.Match(colour, @"^rgba?\((\d+), ?(\d+), ?(\d+)");
        Assert.True(parts.Success, $"not a colour plotly reads: {colour}");
        return (int.Parse(parts.Groups[1].Value), int.Parse(parts.Groups[2].Value), int.Parse(parts.Groups[3].Value));
    }

    [Fact]
    public void The_heat_map_draws_its_scale_and_ink_reads_on_every_colour_of_it()
    {
        var trace = Figure(Plot.Heatmap([0.0, 1.0], [0.0], [[0.0, 1.0]], "map", "output", 0, 1))["data"]![0]!;
        var stops = trace["colorscale"]!.AsArray().Select(s => (s![0]!.GetValue<double>(), s[1]!.GetValue<string>())).ToArray();
        Assert.Equal(Plot.HeatmapScale.ToArray(), stops);
        Assert.Null(trace["reversescale"]);

        // plotly blends neighbouring stops linearly in sRGB: check the stops and 50 blends between each pair.
        // Ink as a chart draws it: the colour of a point's label.
        var label = Figure(Plot.Points([0.0], [0.0], "p", labels: ["a"], labelColour: Colours.Ink))["data"]![0]!;
        var ink = Rgb(label["textfont"]!["color"]!.GetValue<string>());
        var worst = double.MaxValue;
        foreach (var (from, to) in stops.Zip(stops.Skip(1)))
        {
            var (a, b) = (Rgb(from.Item2), Rgb(to.Item2));
            for (var k = 0; k <= 50; k++)
            {
                var t = k / 50.0;
                worst = Math.Min(worst, Contrast(ink, (a.R + t * (b.R - a.R), a.G + t * (b.G - a.G), a.B + t * (b.B - a.B))));
            }
        }
        Assert.True(worst >= 4.5, $"ink on the heat map: contrast {worst:0.00}, less than WCAG's 4.5");
        Assert.True(Contrast(ink, Rgb("#e5ecf6")) >= 4.5, "ink on the plot's background is below 4.5");
    }

    [Fact]
    public void Palette_colours_set_on_a_trace_by_hand_reach_plotly_as_colours_it_reads()
    {
        // Colours are ARGB values; a label's colour and a contour line's colour are set by hand.
        var label = Figure(Plot.Points([0.0], [0.0], "p", labels: ["a"], labelColour: Colours.Ink))["data"]![0]!;
        Assert.Equal("rgba(17, 17, 17, 1)", label["textfont"]!["color"]!.GetValue<string>());
        var line = Figure(Plot.ContourLine([0.0, 1.0], [0.0, 1.0], [[0.0, 1.0], [1.0, 2.0]], 1, "boundary"))["data"]![0]!;
        Assert.Equal("rgba(68, 68, 68, 1)", line["line"]!["color"]!.GetValue<string>());   // Colours.Truth, #444444
        var named = Figure(Plot.Points([0.0], [0.0], "p", labels: ["a"], labelColour: Color.fromString("white")))["data"]![0]!;
        Assert.Equal("white", named["textfont"]!["color"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false, null, "top center")]
    [InlineData(true, null, "bottom center")]
    [InlineData(true, "left", "middle left")]
    public void Labels_go_above_below_or_where_they_are_told(bool below, string? side, string expected)
    {
        StyleParam.TextPosition? position = side is null ? null : StyleParam.TextPosition.MiddleLeft;
        var trace = Figure(Plot.Points([0.0], [0.0], "p", labels: ["a"], labelsBelow: below, labelPosition: position))["data"]![0]!;
        Assert.Equal(expected, trace["textposition"]!.GetValue<string>());
    }

    [Fact]
    public void Contour_levels_run_from_zero_to_the_top()
    {
        var trace = Figure(Plot.Contours([0.0, 1.0], [0.0, 1.0], [[0.0, 5.0], [5.0, 20.0]], "e", "e", top: 20, step: 4))["data"]![0]!;
        Assert.Equal(20, trace["contours"]!["end"]!.GetValue<double>());
        Assert.Equal(4, trace["contours"]!["size"]!.GetValue<double>());
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Plot.Contours([0.0], [0.0], [[0.0]], "e", "e", top: 1, step: 2)).ParamName);
    }

    [Fact]
    public void Series_colours_repeat_and_w1_is_the_first()
    {
        Assert.Equal(Colours.W1, Colours.Series(0));
        Assert.Equal(Colours.Series(1), Colours.Series(Colours.Hex.Count + 1));
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => Colours.Series(-1)).ParamName);
    }

    [Fact]
    public void A_data_set_shows_as_its_summary_not_a_tree()
    {
        Summaries.Register();
        var students = Students.Generate(200, 4);
        var html = students.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Equal(Summaries.Html(students), html);
        Assert.DoesNotContain("<table", html);
        Assert.Contains("200 samples", html);
    }
}

public sealed class LayoutTests
{
    [Fact]
    public void The_top_margin_holds_the_title_and_the_legend_rows_its_names_need()
    {
        Assert.Equal(56, Plot.TopMargin([]));
        Assert.Equal(56, Plot.TopMargin(["only one: no legend"]));
        Assert.Equal(78, Plot.TopMargin(["w₁", "w₂", "true value"]));            // one row
        var long50 = new string('x', 50);                                         // 374 px each
        Assert.Equal(56 + 3 * 22, Plot.TopMargin([long50, long50, long50]));     // one a row
    }

    [Fact]
    public void A_chart_with_a_legend_grows_by_the_legend_rows_and_keeps_its_plot_height()
    {
        var one = System.Text.Json.Nodes.JsonNode.Parse(Plotly.NET.GenericChart.toJson(
            Plot.Chart("t", "x", "y", "d", [Plot.Line([1.0, 2.0], [1.0, 2.0], "a")])))!["layout"]!;
        var three = System.Text.Json.Nodes.JsonNode.Parse(Plotly.NET.GenericChart.toJson(
            Plot.Chart("t", "x", "y", "d", [Plot.Line([1.0], [1.0], "a"), Plot.Line([1.0], [2.0], "b"), Plot.Level(1, 0, 1, "c")])))!["layout"]!;
        Assert.Equal(Plot.Height, one["height"]!.GetValue<int>());
        Assert.Equal(Plot.Height + Plot.TopMargin(["a", "b", "c"]) - Plot.TopMargin([]), three["height"]!.GetValue<int>());
        Assert.Equal(Plot.TopMargin(["a", "b", "c"]), three["margin"]!["t"]!.GetValue<int>());
    }

    [Fact]
    public void A_3D_chart_stands_its_camera_back_and_gives_the_scene_the_side_margins()
    {
        var chart = Plot.Chart3D("A bowl", "x (°C)", "y (°F)", "z (°F²)", "A bowl.",
            [Plot.Surface([0.0, 1.0], [0.0, 1.0], [[0.0, 1.0], [1.0, 2.0]], "z", "z (°F²)"),
             Plot.Points3D([0.0], [0.0], [0.0], "the bottom", Colours.W2)]);
        var layout = System.Text.Json.Nodes.JsonNode.Parse(Plotly.NET.GenericChart.toJson(chart))!["layout"]!;
        var eye = layout["scene"]!["camera"]!["eye"]!;
        var (x, y, z) = (eye["x"]!.GetValue<double>(), eye["y"]!.GetValue<double>(), eye["z"]!.GetValue<double>());
        // plotly's own camera stands at (1.25, 1.25, 1.25), a distance of about 2.17, and cuts the z-axis title at a page's width.
        Assert.True(Math.Sqrt(x * x + y * y + z * z) > 1.1 * Math.Sqrt(3 * 1.25 * 1.25), $"eye ({x}, {y}, {z})");
        Assert.Equal(Plot.SceneSideMargin, layout["margin"]!["l"]!.GetValue<int>());
        Assert.Equal(Plot.SceneSideMargin, layout["margin"]!["r"]!.GetValue<int>());
        // The legend's rows still get their room under the title.
        Assert.Equal(Plot.TopMargin(["z", "the bottom"]), layout["margin"]!["t"]!.GetValue<int>());
        Assert.Equal("z (°F²)", layout["scene"]!["zaxis"]!["title"]!["text"]!.GetValue<string>());
    }
}
