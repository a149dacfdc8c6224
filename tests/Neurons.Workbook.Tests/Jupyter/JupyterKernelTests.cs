using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Neurons.Workbook.Jupyter;
using Neurons.Workbook.Notebooks;

namespace Neurons.Workbook.Tests.Jupyter;

/// <summary>
/// The kernelspec installed under a temporary prefix (JUPYTER_PATH points there, never at the
/// user's folder), and Debian's real Jupyter clients driving it: jupyter_checks.py runs each
/// scenario once (every message type on one kernel; a chapter through nbclient; nbconvert) and
/// reports what it saw; the tests below judge it.
/// </summary>
public sealed class JupyterFixture : IDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly Lazy<Task<JsonObject>> _messages;
    private readonly Lazy<Task<(JsonObject Report, string Saved)>> _chapter;

    public JupyterFixture()
    {
        Folder = new TestFolder();
        Prefix = System.IO.Path.Combine(Folder.Path, "prefix");
        KernelFolder = KernelSpec.Install(Prefix);
        _messages = new(() => MessagesAsync());
        _chapter = new(() => ChapterAsync());
    }

    public TestFolder Folder { get; }
    public string Prefix { get; }
    public string KernelFolder { get; }

    public Task<JsonObject> Messages => _messages.Value;

    public Task<(JsonObject Report, string Saved)> Chapter => _chapter.Value;

    public static string Chapter3 => Directory.GetFiles(Repository.Notebooks, "03-*.ipynb").Single();

    private async Task<JsonObject> MessagesAsync()
    {
        var work = Directory.CreateDirectory(System.IO.Path.Combine(Folder.Path, "work dir")).FullName;
        // A chapter cell, with a character outside the BMP (two UTF-16 units, one code point) before the cursor.
        var chapter = NotebookJson.Read(Chapter3);
        var cell = ((JsonArray)chapter["cells"]!).OfType<JsonObject>()
            .Where(c => NotebookJson.CellType(c) == "code")
            .Select(c => NotebookJson.SourceText(c)!)
            .First(s => s.Any(ch => ch > 127));
        var cellFile = Folder.WriteFile("cell.cs", "// 𝑤 is a weight, η the learning rate\n" + cell);
        return await RunAsync(work, "messages", work, cellFile);
    }

    private async Task<(JsonObject, string)> ChapterAsync()
    {
        var saved = System.IO.Path.Combine(Folder.Path, "saved", System.IO.Path.GetFileName(Chapter3));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(saved)!);
        var report = await RunAsync(Repository.Notebooks, "chapter", [Chapter3], ("SAVE_TO", saved));
        return (report, saved);
    }

    public Task<JsonObject> RunAsync(string workingDirectory, string scenario, params string[] arguments) =>
        RunAsync(workingDirectory, scenario, arguments, []);

    private async Task<JsonObject> RunAsync(string workingDirectory, string scenario, string[] arguments, params (string, string)[] environment)
    {
        var script = System.IO.Path.Combine(Repository.Root, "tests", "Neurons.Workbook.Tests", "Jupyter", "jupyter_checks.py");
        var (exit, stdout, stderr) = await RunProcessAsync(workingDirectory, Python, [script, scenario, .. arguments], environment);
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        Assert.True(exit == 0 && last is not null, $"jupyter_checks.py {scenario} exited with {exit}:\n{Tail(stderr)}");
        return (JsonObject)JsonNode.Parse(last)!;
    }

    /// <summary>Runs a Jupyter client with the temporary kernelspec and Jupyter folders.</summary>
    public async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(string workingDirectory, string file, IEnumerable<string> arguments, params (string, string)[] environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["JUPYTER_PATH"] = System.IO.Path.Combine(Prefix, "share", "jupyter");
        start.Environment["JUPYTER_DATA_DIR"] = System.IO.Path.Combine(Folder.Path, "data");
        start.Environment["JUPYTER_RUNTIME_DIR"] = System.IO.Path.Combine(Folder.Path, "runtime");
        start.Environment["JUPYTER_CONFIG_DIR"] = System.IO.Path.Combine(Folder.Path, "config");
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not end in 5 minutes:\n{Tail(await stderr)}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    public void Dispose() => Folder.Dispose();
}

public sealed class JupyterKernelTests(JupyterFixture fixture) : IClassFixture<JupyterFixture>
{
    private async Task<JsonObject> Run(string name) => (JsonObject)(await fixture.Messages)[name]!;

    private static JsonObject Reply(JsonObject run) => (JsonObject)run["reply"]!["content"]!;

    private static string S(JsonNode? node) => node!.GetValue<string>();

    /// <summary>nbformat's multiline string: one string, or a list of lines.</summary>
    private static string Multiline(JsonNode? node) => node is JsonArray lines ? string.Concat(lines.Select(S)) : S(node);

    private static IReadOnlyList<(string Type, JsonObject Content)> Iopub(JsonObject run) =>
        ((JsonArray)run["iopub"]!).Select(m => (S(m!["msg_type"]), (JsonObject)m["content"]!)).ToList();

    private static IEnumerable<(string Type, JsonObject Content)> Outputs(JsonObject run) =>
        Iopub(run).Where(m => m.Type is not ("status" or "execute_input"));

    /// <summary>What the reader sees of a value: the text, or the text of its HTML.</summary>
    private static string Value(JsonObject run)
    {
        var result = Outputs(run).Single(m => m.Type == "execute_result").Content["data"]!;
        return result["text/plain"] is { } text ? S(text) : Running.VisibleText.Of(S(result["text/html"])).Trim();
    }

    [Fact]
    public void Kernel_install_writes_a_kernelspec_that_starts_this_build_with_the_connection_file()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.KernelFolder, "kernel.json")))!;
        Assert.Equal(Path.Combine(fixture.Prefix, "share", "jupyter", "kernels", KernelSpec.Name), fixture.KernelFolder);
        var argv = ((JsonArray)json["argv"]!).Select(S).ToArray();
        Assert.True(File.Exists(argv[0]), $"argv[0] is not a file: {argv[0]}");
        Assert.Equal(typeof(KernelSpec).Assembly.Location, argv[1]);
        Assert.Equal(["jupyter", "--connection-file", "{connection_file}"], argv[2..]);
        Assert.DoesNotContain("run", argv);
        Assert.Equal("message", S(json["interrupt_mode"]));
        Assert.Equal("C#", S(json["language"]));
    }

    [Fact]
    public void Kernel_uninstall_removes_the_kernelspec_and_says_when_there_is_none()
    {
        var prefix = Path.Combine(fixture.Folder.Path, "second prefix");
        var folder = KernelSpec.Install(prefix);
        Assert.True(File.Exists(Path.Combine(folder, "kernel.json")));
        Assert.Equal(folder, KernelSpec.Uninstall(prefix));
        Assert.False(Directory.Exists(folder));
        Assert.Null(KernelSpec.Uninstall(prefix));
    }

    [Fact]
    public async Task Kernel_info_reply_gives_protocol_5_3_and_csharp_language_info_on_shell_and_control()
    {
        foreach (var info in new[] { Reply(await Run("kernel_info")), (JsonObject)(await fixture.Messages)["kernel_info_control"]! })
        {
            Assert.Equal("ok", S(info["status"]));
            Assert.Equal("5.3", S(info["protocol_version"]));
            Assert.Equal(JupyterKernel.Implementation, S(info["implementation"]));
            var language = info["language_info"]!;
            Assert.Equal(("C#", "text/x-csharp", ".cs", "csharp", "text/x-csharp"),
                (S(language["name"]), S(language["mimetype"]), S(language["file_extension"]), S(language["pygments_lexer"]), S(language["codemirror_mode"])));
            Assert.False(string.IsNullOrWhiteSpace(S(language["version"])));
            Assert.Contains(".NET Interactive", S(info["banner"]));
        }
    }

    [Fact]
    public async Task Every_request_is_framed_by_busy_and_idle_on_iopub()
    {
        foreach (var name in new[] { "kernel_info", "first", "values", "compile_error", "complete", "inspect", "is_complete_yes", "comm_info", "history", "interrupted_loop" })
        {
            var states = Iopub(await Run(name)).Where(m => m.Type == "status").Select(m => S(m.Content["execution_state"])).ToArray();
            Assert.True(states is ["busy", "idle"], $"{name}: status {string.Join(", ", states)}");
            Assert.Equal("status", Iopub(await Run(name))[0].Type);
            Assert.Equal("status", Iopub(await Run(name))[^1].Type);
        }
    }

    [Fact]
    public async Task Execute_request_publishes_the_input_then_the_outputs_as_the_engine_maps_them_and_replies_with_the_count()
    {
        var first = await Run("first");
        Assert.Equal(("ok", 1), (S(Reply(first)["status"]), Reply(first)["execution_count"]!.GetValue<int>()));
        Assert.Equal("1 + 1", S(Iopub(first)[1].Content["code"]));
        Assert.Equal("execute_input", Iopub(first)[1].Type);
        Assert.Equal("2", Value(first));
        Assert.Equal(1, Outputs(first).Single().Content["execution_count"]!.GetValue<int>());

        var values = await Run("values");
        Assert.Equal(2, Reply(values)["execution_count"]!.GetValue<int>());
        var outputs = Outputs(values).ToList();
        Assert.Equal(["stream", "stream", "stream", "display_data", "execute_result"], outputs.Select(o => o.Type).ToArray());
        Assert.Equal("ab\n", string.Concat(outputs.Where(o => o.Type == "stream" && S(o.Content["name"]) == "stdout").Select(o => S(o.Content["text"]))));
        Assert.Equal("warn\n", S(outputs.Single(o => o.Type == "stream" && S(o.Content["name"]) == "stderr").Content["text"]));
        Assert.Equal("shown", S(outputs[3].Content["data"]!["text/plain"]));
        Assert.NotNull(outputs[3].Content["transient"]!["display_id"]);
        Assert.Equal("42", Value(values));
    }

    [Fact]
    public async Task An_updated_display_is_sent_as_update_display_data_with_a_display_id()
    {
        var outputs = Outputs(await Run("update")).ToList();
        Assert.Equal(["display_data", "update_display_data"], outputs.Select(o => o.Type).ToArray());
        Assert.Equal("after", S(outputs[1].Content["data"]!["text/plain"]));
        Assert.False(string.IsNullOrEmpty(S(outputs[1].Content["transient"]!["display_id"])));
    }

    [Fact]
    public async Task Cells_run_in_the_folder_Jupyter_starts_the_kernel_in()
    {
        Assert.Equal(Path.Combine(fixture.Folder.Path, "work dir"), Value(await Run("cwd")));
    }

    [Fact]
    public async Task A_silent_cell_publishes_nothing_and_store_history_false_does_not_count()
    {
        var silent = await Run("silent");
        Assert.Equal("ok", S(Reply(silent)["status"]));
        Assert.DoesNotContain(Iopub(silent), m => m.Type != "status");
        var noHistory = await Run("no_history");
        Assert.Equal("8", Value(noHistory)); // the silent cell ran: kept = 7
        Assert.Equal(Reply(silent)["execution_count"]!.GetValue<int>(), Reply(noHistory)["execution_count"]!.GetValue<int>());
        Assert.Equal(Reply(noHistory)["execution_count"]!.GetValue<int>() + 1, Reply(await Run("after_no_history"))["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failing_cell_replies_error_with_its_name_and_value_and_publishes_the_error()
    {
        var compile = await Run("compile_error");
        Assert.Equal("error", S(Reply(compile)["status"]));
        Assert.Contains("CS1525", S(Outputs(compile).Single(o => o.Type == "stream").Content["text"]));
        Assert.Equal("compilation error", S(Outputs(compile).Single(o => o.Type == "error").Content["evalue"]));
        var exception = await Run("exception");
        Assert.Equal("error", S(Reply(exception)["status"]));
        Assert.Contains("InvalidOperationException: boom", S(Reply(exception)["evalue"]));
        Assert.Contains("boom", S(Outputs(exception).Single(o => o.Type == "error").Content["evalue"]));
    }

    [Fact]
    public async Task Stop_on_error_aborts_the_cells_queued_behind_a_failing_one()
    {
        var replies = ((JsonArray)(await fixture.Messages)["stop_on_error"]!).Select(r => S(r!["content"]!["status"])).ToArray();
        Assert.Equal(["error", "aborted", "aborted"], replies);
        Assert.Equal("7", Value(await Run("after_abort")));
    }

    [Fact]
    public async Task A_message_signed_with_the_wrong_key_is_dropped_and_the_kernel_goes_on_answering()
    {
        var messages = await fixture.Messages;
        Assert.Null(messages["forged_answered"]);
        Assert.Equal("7", Value(await Run("after_forged"))); // the forged cell set kept = -1
    }

    [Fact]
    public async Task Completion_in_a_chapter_cell_counts_the_cursor_in_code_points()
    {
        var reply = Reply(await Run("complete"));
        var cursor = (await fixture.Messages)["complete_code"]!["cursor_pos"]!.GetValue<int>();
        Assert.Contains("Abs", ((JsonArray)reply["matches"]!).Select(S));
        Assert.Equal((cursor - 2, cursor), (reply["cursor_start"]!.GetValue<int>(), reply["cursor_end"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Inspect_request_answers_with_the_kernels_hover_text()
    {
        var reply = Reply(await Run("inspect"));
        Assert.True(reply["found"]!.GetValue<bool>());
        Assert.Contains("Console.WriteLine", S(reply["data"]!["text/plain"]));
    }

    [Fact]
    public async Task Is_complete_request_says_whether_the_code_is_a_whole_submission()
    {
        Assert.Equal("complete", S(Reply(await Run("is_complete_yes"))["status"]));
        var open = Reply(await Run("is_complete_no"));
        Assert.Equal("incomplete", S(open["status"]));
        Assert.Equal("    ", S(open["indent"]));
    }

    [Fact]
    public async Task Comm_info_and_history_requests_are_answered_empty()
    {
        var comms = Reply(await Run("comm_info"));
        Assert.Equal("ok", S(comms["status"]));
        Assert.Empty((JsonObject)comms["comms"]!);
        var history = Reply(await Run("history"));
        Assert.Equal("ok", S(history["status"]));
        Assert.Empty((JsonArray)history["history"]!);
    }

    [Fact]
    public async Task An_interrupted_delay_stops_at_once_keeps_the_state_and_the_next_cell_runs()
    {
        var interrupted = await Run("interrupted_delay");
        Assert.Equal("error", S(Reply(interrupted)["status"]));
        Assert.Equal("Interrupted", S(Reply(interrupted)["ename"]));
        Assert.Contains("state is kept", S(Reply(interrupted)["evalue"]));
        Assert.True(interrupted["seconds_to_reply"]!.GetValue<double>() < 1.0, $"the reply came {interrupted["seconds_to_reply"]} s after the interrupt");
        Assert.Equal("7", Value(await Run("after_delay"))); // kept = 3000 never ran
    }

    [Fact]
    public async Task An_interrupted_endless_loop_replaces_the_engine_says_the_state_was_lost_and_the_next_cell_runs()
    {
        var interrupted = await Run("interrupted_loop");
        Assert.Equal("Interrupted", S(Reply(interrupted)["ename"]));
        Assert.Contains("state was lost", S(Reply(interrupted)["evalue"]));
        Assert.True(interrupted["seconds_to_reply"]!.GetValue<double>() < 5.0, $"the reply came {interrupted["seconds_to_reply"]} s after the interrupt");
        Assert.Equal("2", Value(await Run("after_loop")));
        Assert.Contains("CS0103", S(Outputs(await Run("kept_after_loop")).Single(o => o.Type == "stream").Content["text"]));
        Assert.NotEqual(Value(await Run("engine_before_loop")), Value(await Run("engine_after_loop")));
    }

    [Fact]
    public async Task A_cell_reading_the_console_sends_an_input_request_to_a_front_end_that_allows_input_and_reads_its_reply()
    {
        var run = await Run("input_allowed");
        var request = (JsonObject)run["request"]!;
        Assert.Equal("input_request", S(request["msg_type"]));
        Assert.True(request["parent"]!.GetValue<bool>(), "the input_request's parent is not the execute_request");
        Assert.False(request["content"]!["password"]!.GetValue<bool>());
        Assert.Equal("ok", S(Reply(run)["status"]));
        var printed = Outputs(run).Where(o => o.Type == "stream").Select(o => S(o.Content["text"]));
        Assert.Equal("read [Ada Lovelace, η = 0.1]\n", string.Concat(printed));
    }

    [Fact]
    public async Task A_console_read_gets_the_end_of_input_and_no_input_request_when_the_front_end_does_not_allow_input()
    {
        Assert.Equal("end of input", Value(await Run("input_refused")));
        Assert.Null((await fixture.Messages)["input_refused_asked"]);
    }

    [Fact]
    public async Task An_interrupted_console_read_stops_at_once_keeps_the_state_and_a_late_answer_has_no_effect()
    {
        Assert.Equal("input_request", S((await fixture.Messages)["interrupted_read_asked"]));
        var interrupted = await Run("interrupted_read");
        Assert.Equal("Interrupted", S(Reply(interrupted)["ename"]));
        Assert.Contains("state is kept", S(Reply(interrupted)["evalue"]));
        Assert.True(interrupted["seconds_to_reply"]!.GetValue<double>() < 1.0, $"the reply came {interrupted["seconds_to_reply"]} s after the interrupt");
        Assert.Equal("1", Value(await Run("after_read"))); // readState = 4000 never ran
        Assert.Equal("end of input", Value(await Run("read_after_interrupt")));
    }

    [Fact]
    public async Task Restart_starts_a_new_kernel_process_with_a_fresh_state_and_leaves_no_old_process()
    {
        var restart = (JsonObject)(await fixture.Messages)["restart"]!;
        Assert.NotEqual(restart["old_kernel"]!.GetValue<int>(), restart["new_kernel"]!.GetValue<int>());
        Assert.Empty((JsonArray)restart["left"]!);
        Assert.Equal(1, Reply(await Run("after_restart"))["execution_count"]!.GetValue<int>());
        Assert.Equal("error", S(Reply(await Run("after_restart"))["status"]));
        Assert.Equal("5", Value(await Run("after_restart_runs")));
    }

    [Fact]
    public async Task Shutdown_replies_then_leaves_neither_the_kernel_nor_its_engine_running()
    {
        var messages = await fixture.Messages;
        Assert.Equal("ok", S(messages["shutdown_reply"]!["status"]));
        Assert.False(messages["shutdown_reply"]!["restart"]!.GetValue<bool>());
        Assert.Empty((JsonArray)messages["shutdown"]!["left"]!);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(messages["shutdown"]!["engine"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_chapter_runs_through_the_installed_kernel_with_nbclient_every_cell_ok_and_every_chart_drawn()
    {
        var (report, _) = await fixture.Chapter;
        Assert.True(report["error"] is null, $"nbclient: {report["error"]}");
        var cells = ((JsonArray)report["cells"]!).Select(c => (JsonObject)c!).ToList();
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.NotNull(c["execution_count"]));
        Assert.All(cells, c => Assert.Empty((JsonArray)c["errors"]!));
        var charts = cells.SelectMany(c => ((JsonArray)c["charts"]!).Select(x => x!["figure"]!.GetValue<bool>())).ToList();
        Assert.NotEmpty(charts);
        Assert.All(charts, Assert.True);
    }

    [Fact]
    public async Task Check_accepts_a_chapter_saved_by_this_kernel_and_clean_puts_the_committed_kernel_metadata_back()
    {
        var (_, saved) = await fixture.Chapter;
        var root = Path.Combine(fixture.Folder.Path, "repository");
        // Beside copies of the built libraries, so the chapter's #r "../artifacts/..." lines resolve for check.
        foreach (var project in new[] { "Neurons", "Neurons.Plots" })
        {
            var library = Path.Combine(root, "artifacts", "bin", project, "debug");
            Directory.CreateDirectory(library);
            File.Copy(Path.Combine(Repository.Root, "artifacts", "bin", project, "debug", project + ".dll"), Path.Combine(library, project + ".dll"), overwrite: true);
        }
        var copy = Path.Combine(root, "notebooks", Path.GetFileName(saved));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        // A front end saves the kernel it ran: JupyterLab writes the kernelspec, nbclient the language_info.
        var notebook = NotebookJson.Read(saved);
        notebook["metadata"]!["kernelspec"] = new JsonObject { ["display_name"] = KernelSpec.DisplayName, ["language"] = "C#", ["name"] = KernelSpec.Name };
        File.WriteAllText(copy, NotebookJson.Serialize(notebook));
        Assert.Equal("C#", S(NotebookJson.Read(copy)["metadata"]!["language_info"]!["name"]));

        // Before clean, check names the outputs (committed without them), never the kernel.
        var before = NotebookChecker.Check(copy).Select(p => p.Message).ToList();
        Assert.NotEmpty(before);
        Assert.All(before, p => Assert.DoesNotContain("kernel", p));

        NotebookCleaner.Clean(copy);
        var after = NotebookChecker.Check(copy).Select(p => p.Message).ToList();
        Assert.True(after.Count == 0, string.Join("\n", after));
        var cleaned = NotebookJson.Read(copy)["metadata"]!;
        var committed = NotebookJson.Read(JupyterFixture.Chapter3)["metadata"]!;
        Assert.Equal(committed["kernelspec"]!.ToJsonString(), cleaned["kernelspec"]!.ToJsonString());
        Assert.Equal(committed["language_info"]!.ToJsonString(), cleaned["language_info"]!.ToJsonString());
    }

    [Fact]
    public async Task Nbconvert_executes_a_notebook_with_the_kernels_name_into_another_folder()
    {
        var source = fixture.Folder.Notebook(Path.Combine("nbconvert", "small.ipynb"), "md:# Small", "var n = 20;", "n + 22", "Console.WriteLine(\"printed\");");
        var output = Path.Combine(fixture.Folder.Path, "nbconvert-out");
        var (exit, _, stderr) = await fixture.RunProcessAsync(Path.GetDirectoryName(source)!, "/usr/bin/jupyter",
            ["nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={KernelSpec.Name}", "--output-dir", output, source]);
        Assert.True(exit == 0, $"jupyter nbconvert exited with {exit}: {stderr}");
        var cells = ((JsonArray)NotebookJson.Read(Path.Combine(output, "small.ipynb"))["cells"]!).OfType<JsonObject>().Where(c => NotebookJson.CellType(c) == "code").ToList();
        Assert.Equal([1, 2, 3], cells.Select(c => c["execution_count"]!.GetValue<int>()).ToArray());
        Assert.Contains("<pre>42</pre>", Multiline(cells[1]["outputs"]![0]!["data"]!["text/html"]));
        Assert.Equal("printed\n", Multiline(cells[2]["outputs"]![0]!["text"]));
        Assert.Empty((JsonArray)NotebookJson.Read(source)["cells"]![2]!["outputs"]!);
    }
}
