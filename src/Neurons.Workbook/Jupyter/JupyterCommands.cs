using System.CommandLine;

namespace Neurons.Workbook.Jupyter;

/// <summary>The command line of the Jupyter front door: kernel install/uninstall, and the command a kernelspec runs.</summary>
public static class JupyterCommands
{
    public static IEnumerable<Command> Create()
    {
        var prefix = new Option<string?>("--prefix")
        {
            Description = "Write under PREFIX/share/jupyter/kernels, as jupyter kernelspec install --prefix does (default: the user's kernels folder)",
        };
        var install = new Command("install", $"Write the kernelspec \"{KernelSpec.Name}\" that starts this build of the workbook") { prefix };
        install.SetAction(parse =>
        {
            try
            {
                var folder = KernelSpec.Install(parse.GetValue(prefix));
                Console.WriteLine($"installed the Jupyter kernel \"{KernelSpec.Name}\" ({KernelSpec.DisplayName}) in {folder}");
                Console.WriteLine("it starts this build: run kernel install again after moving or cleaning the build");
                return 0;
            }
            catch (Exception e) when (e is KernelSpecException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        var uninstall = new Command("uninstall", $"Remove the kernelspec \"{KernelSpec.Name}\"") { prefix };
        uninstall.SetAction(parse =>
        {
            var folder = KernelSpec.Uninstall(parse.GetValue(prefix));
            Console.WriteLine(folder is null
                ? $"no Jupyter kernel \"{KernelSpec.Name}\" in {KernelSpec.KernelsFolder(parse.GetValue(prefix))}: nothing to remove"
                : $"removed the Jupyter kernel \"{KernelSpec.Name}\" from {folder}");
            return 0;
        });
        yield return new Command("kernel", "Install or remove the workbook's Jupyter kernel (for VS Code's Jupyter extension, JupyterLab, nbclient)") { install, uninstall };

        var connectionFile = new Option<string>("--connection-file")
        {
            Description = "The connection file Jupyter wrote for this kernel",
            Required = true,
        };
        var serve = new Command(KernelSpec.ServeCommand, "Serve one Jupyter connection (started by Jupyter from the kernelspec)") { connectionFile };
        serve.Hidden = true;
        serve.SetAction((parse, _) => JupyterKernel.ServeAsync(parse.GetValue(connectionFile)!, Console.Error));
        yield return serve;
    }
}
