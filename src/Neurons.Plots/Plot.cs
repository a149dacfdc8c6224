using System.Globalization;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Neurons.Plots;

/// <summary>How an axis is scaled.</summary>
public enum Scale
{
    /// <summary>Evenly spaced numbers.</summary>
    Linear,

    /// <summary>Powers of ten evenly spaced; only the decades (…, 0.1, 1, 10, …) are labelled.</summary>
    Log,
}

/// <summary>
/// The chapters' chart kinds, as d2l keeps <c>plot</c> and <c>set_axes</c>: series (lines, points,
/// bars, maps) made by the methods here, and <see cref="Chart"/>, which lays them out. A chart
/// cannot be made without its title, axis titles (with units) and a one-line description, the
/// page's text alternative, kept in the figure's <c>layout.meta.description</c>. Every chart has the
/// same size policy (the page's width, a fixed height), the same colours and the legend above the plot.
/// </summary>
public static class Plot
{
    /// <summary>The height every chart gets, in pixels; the width is the page's.</summary>
    public const int Height = 460;  // with a one-line title and no legend; each legend row adds its own

    /// <summary><paramref name="count"/> evenly spaced numbers from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static double[] Range(double from, double to, int count = 201)
    {
        if (!double.IsFinite(from)) throw new ArgumentOutOfRangeException(nameof(from), from, "must be a finite number");
        if (!double.IsFinite(to)) throw new ArgumentOutOfRangeException(nameof(to), to, "must be a finite number");
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "must be at least 2");
        return [.. Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1))];
    }

    /// <summary>A line through the points (x, y).</summary>
    public static GenericChart Line(IEnumerable<double> x, IEnumerable<double> y, string name, Color? colour = null,
        bool dashed = false, bool markers = false, double width = 2, double opacity = 1)
    {
        var line = CSharpChart.Line<double, double, string>(x: x, y: y, Name: name, ShowMarkers: markers,
            LineColor: O(colour), MarkerColor: O(colour), LineWidth: width, Opacity: opacity,
            LineDash: dashed ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid);
        return line;
    }

    /// <summary>The curve y = <paramref name="f"/>(x) over <paramref name="x"/>.</summary>
    public static GenericChart Line(IEnumerable<double> x, Func<double, double> f, string name, Color? colour = null,
        bool dashed = false, double width = 2, double opacity = 1)
    {
        var xs = x.ToArray();
        return Line(xs, xs.Select(f), name, colour, dashed, false, width, opacity);
    }

    /// <summary>A dashed horizontal line at height <paramref name="y"/> from x = <paramref name="from"/> to <paramref name="to"/>: a target or a true value.</summary>
    public static GenericChart Level(double y, double from, double to, string name, Color? colour = null) =>
        Line([from, to], [y, y], name, colour ?? Colours.Truth, dashed: true);

    /// <summary>
    /// Points (x, y), optionally each with a label written beside it: above the point, below it with
    /// <paramref name="labelsBelow"/>, or wherever <paramref name="labelPosition"/> says.
    /// </summary>
    public static GenericChart Points(IEnumerable<double> x, IEnumerable<double> y, string name, Color? colour = null,
        StyleParam.MarkerSymbol? symbol = null, IEnumerable<string>? labels = null, int size = 9, bool labelsOnHover = false,
        bool labelsBelow = false, Color? labelColour = null, StyleParam.TextPosition? labelPosition = null)
    {
        var texts = labels?.ToArray();
        var position = labelPosition ?? (labelsBelow ? StyleParam.TextPosition.BottomCenter : StyleParam.TextPosition.TopCenter);
        var points = CSharpChart.Point<double, double, string>(x: x, y: y, Name: name, MarkerColor: O(colour),
            MarkerSymbol: O(symbol), MultiText: O<IEnumerable<string>>(texts),
            TextPosition: texts is null || labelsOnHover ? default : O(position));
        return Traces(points, trace =>
        {
            Marker(trace).SetProperty("size", size);
            if (texts is not null && labelsOnHover) trace.SetProperty("mode", "markers");
            if (labelColour is { } c) trace.SetProperty("textfont", new Dictionary<string, object> { ["color"] = Hex(c) });
            // A marker with an outline shows in the legend whatever the colour behind it.
            Marker(trace).SetProperty("line", new Dictionary<string, object> { ["color"] = "#222222", ["width"] = 1 });
        });
    }

    /// <summary>Markers over categories (the groups of a <see cref="Box"/> or of <see cref="Bars"/>), one per group.</summary>
    public static GenericChart Points(IEnumerable<string> groups, IEnumerable<double> y, string name, Color? colour = null,
        StyleParam.MarkerSymbol? symbol = null, int size = 12)
    {
        var points = CSharpChart.Point<string, double, string>(x: groups.ToArray(), y: y.ToArray(), Name: name,
            MarkerColor: O(colour), MarkerSymbol: O(symbol));
        return Traces(points, trace => Marker(trace).SetProperty("size", size));
    }

    /// <summary>One point: a marker at (x, y) with its name in the legend.</summary>
    public static GenericChart Point(double x, double y, string name, Color? colour = null,
        StyleParam.MarkerSymbol? symbol = null, int size = 12) =>
        Points([x], [y], name, colour, symbol, size: size);

    /// <summary>Bars, one per key.</summary>
    public static GenericChart Bars(IEnumerable<string> keys, IEnumerable<double> values, string name, Color? colour = null) =>
        CSharpChart.Column<double, string, string>(values: values.ToArray(), Keys: keys.ToArray(), Name: name, MarkerColor: O(colour));

    /// <summary>A histogram of <paramref name="values"/> in bins <paramref name="binWidth"/> wide.</summary>
    public static GenericChart Histogram(IEnumerable<double> values, string name, double binWidth, Color? colour = null)
    {
        if (!(binWidth > 0)) throw new ArgumentOutOfRangeException(nameof(binWidth), binWidth, "must be positive");
        var histogram = CSharpChart.Histogram<double, double, string>(X: values.ToArray(), Name: name, MarkerColor: O(colour), Opacity: 0.8);
        return Traces(histogram, trace => trace.SetProperty("xbins", new Dictionary<string, object> { ["size"] = binWidth }));
    }

    /// <summary>
    /// A box from the first to the third quartile with a line at the median, for the values of one
    /// group, and every value as a small dot beside it.
    /// </summary>
    public static GenericChart Box(string group, IEnumerable<double> values, string name, Color? colour = null)
    {
        var ys = values.ToArray();
        var box = CSharpChart.BoxPlot<string, double, string>(X: Enumerable.Repeat(group, ys.Length).ToArray(), Y: ys, Name: name,
            BoxPoints: StyleParam.BoxPoints.All, Jitter: 0.4, PointPos: -1.6, MarkerColor: O(colour));
        return Traces(box, trace => Marker(trace).SetProperty("size", 4));
    }

    /// <summary>
    /// The heat map's colours, low to high: a light red, through near white, to a light blue
    /// (ColorBrewer's RdBu, its five middle classes). Every colour of it, and every blend between
    /// two of them, is light enough for <see cref="Colours.Ink"/> to be read on it (WCAG's 4.5:1).
    /// </summary>
    public static readonly IReadOnlyList<(double At, string Hex)> HeatmapScale =
        [(0, "#ef8a62"), (0.25, "#fddbc7"), (0.5, "#f7f7f7"), (0.75, "#d1e5f0"), (1, "#67a9cf")];

    /// <summary>
    /// A heat map of z[row][column] over x (columns) and y (rows), its colours fixed from
    /// <paramref name="zMin"/> to <paramref name="zMax"/>, red for low and blue for high
    /// (<see cref="HeatmapScale"/>), light enough that labels in <see cref="Colours.Ink"/> read on it.
    /// </summary>
    public static GenericChart Heatmap(double[] x, double[] y, double[][] z, string name, string colourTitle,
        double zMin, double zMax)
    {
        Grid(x, y, z);
        var heat = CSharpChart.Heatmap<double, double, double, string>(zData: z, X: x, Y: y, Name: name,
            ZSmooth: StyleParam.SmoothAlg.Best);
        return Traces(heat, trace =>
        {
            trace.SetProperty("colorscale", HeatmapScale.Select(stop => new object[] { stop.At, stop.Hex }).ToArray());
            trace.SetProperty("zmin", zMin);
            trace.SetProperty("zmax", zMax);
            trace.SetProperty("colorbar", ColourBar(colourTitle));
        });
    }

    /// <summary>
    /// A contour map of z[row][column] over x and y with filled bands <paramref name="step"/> apart
    /// from 0 to <paramref name="top"/>; anything above the top is the top colour.
    /// </summary>
    public static GenericChart Contours(double[] x, double[] y, double[][] z, string name, string colourTitle,
        double top, double step, bool showScale = true)
    {
        Grid(x, y, z);
        if (!(top > 0)) throw new ArgumentOutOfRangeException(nameof(top), top, "must be positive");
        if (!(step > 0) || step > top) throw new ArgumentOutOfRangeException(nameof(step), step, $"must be positive and at most top ({top})");
        var map = CSharpChart.Contour<double, double, double, string>(zData: z, X: x, Y: y, Name: name,
            ColorScale: StyleParam.Colorscale.Viridis, ShowScale: showScale);
        return Traces(map, trace =>
        {
            trace.SetProperty("autocontour", false);
            trace.SetProperty("contours", new Dictionary<string, object> { ["start"] = 0, ["end"] = top, ["size"] = step });
            trace.SetProperty("zmin", 0);
            trace.SetProperty("zmax", top);
            trace.SetProperty("colorbar", ColourBar(colourTitle));
        });
    }

    /// <summary>The one contour line where z = <paramref name="level"/>, as a line in the legend.</summary>
    public static GenericChart ContourLine(double[] x, double[] y, double[][] z, double level, string name, Color? colour = null)
    {
        Grid(x, y, z);
        var line = CSharpChart.Contour<double, double, double, string>(zData: z, X: x, Y: y, Name: name,
            ShowLegend: true, ShowScale: false);
        return Traces(line, trace =>
        {
            trace.SetProperty("autocontour", false);
            trace.SetProperty("contours", new Dictionary<string, object>
            {
                ["start"] = level, ["end"] = level, ["size"] = 1, ["coloring"] = "none",
            });
            trace.SetProperty("line", new Dictionary<string, object>
            {
                ["color"] = Hex(colour ?? Colours.Truth), ["width"] = 3, ["smoothing"] = 1.3,
            });
        });
    }

    /// <summary>A surface z[row][column] over x and y, for <see cref="Chart3D"/>.</summary>
    public static GenericChart Surface(double[] x, double[] y, double[][] z, string name, string colourTitle)
    {
        Grid(x, y, z);
        var surface = CSharpChart.Surface<double, double, double, string>(zData: z, X: x, Y: y, Name: name,
            ColorScale: StyleParam.Colorscale.Viridis);
        return Traces(surface, trace => trace.SetProperty("colorbar", ColourBar(colourTitle)));
    }

    /// <summary>Points in space, for <see cref="Chart3D"/>.</summary>
    public static GenericChart Points3D(IEnumerable<double> x, IEnumerable<double> y, IEnumerable<double> z, string name,
        Color? colour = null) =>
        CSharpChart.Point3D<double, double, double, string>(x: x, y: y, z: z, Name: name, ShowLegend: true,
            MarkerColor: O(colour));

    /// <summary>
    /// The chart: <paramref name="series"/> on one pair of axes, with its title, axis titles and
    /// description (all required), axis scales and ranges (in data units, for log axes too).
    /// </summary>
    public static GenericChart Chart(string title, string xTitle, string yTitle, string description,
        IEnumerable<GenericChart> series, Scale x = Scale.Linear, Scale y = Scale.Linear,
        (double From, double To)? xRange = null, (double From, double To)? yRange = null, int height = Height)
    {
        Required(title, nameof(title));
        Required(xTitle, nameof(xTitle));
        Required(yTitle, nameof(yTitle));
        Required(description, nameof(description));
        var parts = series.ToArray();
        if (parts.Length == 0) throw new ArgumentException("a chart needs at least one series, found none", nameof(series));
        var chart = CSharpChart.Combine(parts);
        return WithLayout(chart, title, description, height, LegendNames(parts), layout =>
        {
            layout.SetProperty("xaxis", Axis(xTitle, x, xRange, nameof(xRange)));
            layout.SetProperty("yaxis", Axis(yTitle, y, yRange, nameof(yRange)));
        });
    }

    /// <summary>A chart in three dimensions: surfaces and points, with a title for each axis.</summary>
    public static GenericChart Chart3D(string title, string xTitle, string yTitle, string zTitle, string description,
        IEnumerable<GenericChart> series, int height = 560)
    {
        Required(title, nameof(title));
        Required(xTitle, nameof(xTitle));
        Required(yTitle, nameof(yTitle));
        Required(zTitle, nameof(zTitle));
        Required(description, nameof(description));
        var parts = series.ToArray();
        var chart = CSharpChart.Combine(parts);
        var legendNames = LegendNames(parts);
        return WithLayout(chart, title, description, height, legendNames, layout =>
        {
            layout.SetProperty("scene", new Dictionary<string, object>
            {
                ["xaxis"] = Titled(xTitle), ["yaxis"] = Titled(yTitle), ["zaxis"] = Titled(zTitle),
                ["camera"] = new Dictionary<string, object> { ["eye"] = SceneEye },
            });
            // A scene draws its axes inside itself, so it needs no side margins for them; the room goes to the scene.
            layout.SetProperty("margin", new Dictionary<string, object>
            {
                ["l"] = SceneSideMargin, ["r"] = SceneSideMargin, ["t"] = TopMargin(legendNames), ["b"] = 60,
            });
        });
    }

    /// <summary>
    /// Where a 3D chart's camera stands: a little farther out than plotly's (1.25, 1.25, 1.25), so that
    /// the box's corners, tick labels and axis titles stay inside a page-wide chart, and in print.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> SceneEye =
        new Dictionary<string, double> { ["x"] = 1.6, ["y"] = 1.6, ["z"] = 1.3 };

    /// <summary>The left and right margins of a 3D chart, in pixels.</summary>
    public const int SceneSideMargin = 10;

    /// <summary>
    /// A chart with a slider: position k shows <paramref name="frames"/>[k] (and hides the other
    /// frames); <paramref name="fixedSeries"/> stay in every position. The slider sits below the
    /// plot, its current value (<paramref name="sliderTitle"/> and the frame's label) above it.
    /// </summary>
    public static GenericChart Slider(string title, string xTitle, string yTitle, string description, string sliderTitle,
        IEnumerable<(string Label, GenericChart Series)> frames, IEnumerable<GenericChart> fixedSeries,
        (double From, double To)? xRange = null, (double From, double To)? yRange = null)
    {
        Required(sliderTitle, nameof(sliderTitle));
        var steps = frames.ToArray();
        if (steps.Length == 0) throw new ArgumentException("a slider needs at least one frame, found none", nameof(frames));
        var always = fixedSeries.ToArray();
        // Room above the plot for the legend of the frame that needs the most rows: one frame shows
        // at a time, so the hidden frames' names take no room. (Measured before the frames are hidden.)
        var top = steps.Max(s => TopMargin([.. LegendNames([s.Series]), .. LegendNames(always)]));
        var traces = steps.Select((s, k) => Traces(s.Series, t => t.SetProperty("visible", k == 0))).Concat(always);
        var chart = Chart(title, xTitle, yTitle, description, traces, xRange: xRange, yRange: yRange, height: Height + 90);
        var positions = steps.Select((s, k) => new Dictionary<string, object>
        {
            ["method"] = "restyle",
            ["label"] = s.Label,
            ["args"] = new object[] { "visible", steps.Select((_, j) => (object)(j == k)).Concat(always.Select(_ => (object)true)).ToArray() },
        }).ToArray();
        return MapLayout(chart, layout =>
        {
            layout.SetProperty("margin", new Dictionary<string, object> { ["l"] = 70, ["r"] = 30, ["t"] = top, ["b"] = 60 });
            layout.SetProperty("height", Height + 90 + top - TopMargin([]));
            layout.SetProperty("sliders", new[]
            {
                new Dictionary<string, object>
                {
                    ["steps"] = positions,
                    ["pad"] = new Dictionary<string, object> { ["t"] = 60 },
                    ["currentvalue"] = new Dictionary<string, object> { ["prefix"] = sliderTitle + ": ", ["xanchor"] = "left" },
                },
            });
        });
    }

    /// <summary>The description a chart carries (layout.meta.description), or null.</summary>
    public static string? Description(GenericChart chart) =>
        GenericChart.getLayout(chart).TryGetPropertyValue("meta") is { } meta
        && meta.Value is IDictionary<string, object> d && d.TryGetValue("description", out var text) ? text as string : null;

    /// <summary>
    /// The tick spacing of a log axis in plotly's units (powers of ten): 1, a label per decade.
    /// </summary>
    public const int LogTickSpacing = 1;

    /// <summary>A log axis's range in plotly's units: the powers of ten of the data range's ends.</summary>
    public static (double From, double To) LogRange((double From, double To) range, string argument = "range")
    {
        if (!(range.From > 0) || !(range.To > range.From) || !double.IsFinite(range.To))
            throw new ArgumentOutOfRangeException(argument, range, "a log axis's range must run from a positive number up to a larger finite one");
        return (Math.Log10(range.From), Math.Log10(range.To));
    }

    private static Dictionary<string, object> Axis(string title, Scale scale, (double From, double To)? range, string argument)
    {
        var axis = Titled(title);
        axis["automargin"] = true;
        if (scale == Scale.Log)
        {
            axis["type"] = "log";
            axis["dtick"] = LogTickSpacing;
            axis["exponentformat"] = "power";
        }
        if (range is { } r)
        {
            if (scale == Scale.Linear && !(r.From < r.To))
                throw new ArgumentOutOfRangeException(argument, r, "an axis's range must run from a smaller number to a larger one");
            var (from, to) = scale == Scale.Log ? LogRange(r, argument) : r;
            axis["range"] = new[] { from, to };
        }
        return axis;
    }

    private static Dictionary<string, object> Titled(string text) =>
        new() { ["title"] = new Dictionary<string, object> { ["text"] = text } };

    /// <summary>
    /// The top margin: room for the title, and under it for the legend's rows, packed into a plot
    /// about <see cref="LegendWidth"/> pixels wide (plotly widens the margin itself when the legend
    /// needs more, but not for the title above it). One entry or none: no legend.
    /// </summary>
    public static int TopMargin(IReadOnlyList<string> legendNames)
    {
        if (legendNames.Count <= 1) return 56;
        var (rows, used) = (1, 0.0);
        foreach (var width in legendNames.Select(n => 44 + 6.6 * n.Length))
        {
            if (used > 0 && used + width > LegendWidth) (rows, used) = (rows + 1, 0);
            used += width;
        }
        return 56 + 22 * rows;
    }

    /// <summary>The width the legend's rows are packed into, in pixels: a phone's width is less, a wide page more.</summary>
    public const int LegendWidth = 620;

    // The names the legend lists when the chart is drawn: a trace hidden from the legend, or not
    // visible (a slider's other frames), takes no room in it.
    private static string[] LegendNames(IEnumerable<GenericChart> parts) =>
        [.. parts.SelectMany(GenericChart.getTraces)
            .Where(t => !(t.TryGetPropertyValue("showlegend") is { } shown && shown.Value is false))
            .Where(t => !(t.TryGetPropertyValue("visible") is { } visible && visible.Value is false))
            .Select(t => t.TryGetPropertyValue("name") is { } name ? name.Value?.ToString() ?? "" : "")];

    private static GenericChart WithLayout(GenericChart chart, string title, string description, int height,
        string[] legendNames, Action<Layout> axes) => MapLayout(chart, layout =>
    {
        layout.SetProperty("title", new Dictionary<string, object>
        {
            ["text"] = title, ["x"] = 0, ["xanchor"] = "left", ["xref"] = "paper",
            ["y"] = 1, ["yref"] = "container", ["yanchor"] = "top",
            ["pad"] = new Dictionary<string, object> { ["t"] = 14 },
        });
        layout.SetProperty("meta", new Dictionary<string, object> { ["description"] = description });
        // The page decides the width; the height is fixed, so the legend and titles keep their room.
        layout.RemoveProperty("width");
        layout.SetProperty("height", height);
        layout.SetProperty("autosize", true);
        // The legend above the plot, in rows: it never takes the plot's width.
        layout.SetProperty("legend", new Dictionary<string, object>
        {
            ["orientation"] = "h", ["x"] = 0, ["xanchor"] = "left", ["y"] = 1.02, ["yanchor"] = "bottom",
        });
        var top = TopMargin(legendNames);
        layout.SetProperty("margin", new Dictionary<string, object> { ["l"] = 70, ["r"] = 30, ["t"] = top, ["b"] = 60 });
        layout.SetProperty("height", height + top - TopMargin([]));
        axes(layout);
    }).WithConfig(Responsive());

    private static Config Responsive()
    {
        var config = new Config();
        config.SetProperty("responsive", true);
        config.SetProperty("displaylogo", false);
        return config;
    }

    private static GenericChart WithConfig(this GenericChart chart, Config config) => GenericChart.setConfig(config, chart);

    private static GenericChart MapLayout(GenericChart chart, Action<Layout> change)
    {
        var layout = GenericChart.getLayout(chart);
        change(layout);
        return GenericChart.setLayout(layout, chart);
    }

    private static GenericChart Traces(GenericChart chart, Action<Trace> change)
    {
        foreach (var trace in GenericChart.getTraces(chart)) change(trace);
        return chart;
    }

    private static DynamicObj.DynamicObj Marker(Trace trace)
    {
        if (trace.TryGetPropertyValue("marker") is { } existing && existing.Value is DynamicObj.DynamicObj marker) return marker;
        var fresh = new Plotly.NET.TraceObjects.Marker();
        trace.SetProperty("marker", fresh);
        return fresh;
    }

    private static Dictionary<string, object> ColourBar(string title) =>
        new() { ["title"] = new Dictionary<string, object> { ["text"] = title, ["side"] = "right" } };

    // The colour as plotly reads it in a property set by hand: a named or hex colour as it was given,
    // an ARGB one (Color.fromHex, every colour in Colours) as rgba(r, g, b, a), as Plotly.NET writes it.
    private static string Hex(Color colour) => colour.Value switch
    {
        string s => s,
        ARGB c => string.Create(CultureInfo.InvariantCulture, $"rgba({c.R}, {c.G}, {c.B}, {c.A / 255.0})"),
        var other => throw new ArgumentException($"a colour plotly can read, not {other}", nameof(colour)),
    };

    private static void Grid(double[] x, double[] y, double[][] z)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(z);
        if (z.Length != y.Length) throw new ArgumentException($"z must have one row per y value ({y.Length}), found {z.Length}", nameof(z));
        var wrong = Array.FindIndex(z, row => row.Length != x.Length);
        if (wrong >= 0) throw new ArgumentException($"z row {wrong} must have one value per x value ({x.Length}), found {z[wrong].Length}", nameof(z));
    }

    private static Plotly.NET.CSharp.Optional<T> O<T>(T? value) where T : class =>
        value is { } v ? (Plotly.NET.CSharp.Optional<T>)v : default(Plotly.NET.CSharp.Optional<T>);

    private static Plotly.NET.CSharp.Optional<T> O<T>(T? value) where T : struct =>
        value is { } v ? (Plotly.NET.CSharp.Optional<T>)v : default(Plotly.NET.CSharp.Optional<T>);

    private static void Required(string value, string argument)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"a chart needs its {argument}, found \"{value}\"", argument);
    }
}
