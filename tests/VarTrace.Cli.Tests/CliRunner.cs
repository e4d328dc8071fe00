namespace VarTrace.Cli.Tests;

/// <summary>Runs the command line in-process and captures what a user would see.</summary>
internal static class CliRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string KubesprayMini => Path.Combine(RepositoryRoot, "fixtures", "kubespray-mini");

    public static (int ExitCode, string Output, string Error) Run(string currentDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CommandLine.Run(args, output, error, currentDirectory);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VarTrace.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("VarTrace.sln not found above the test binaries");
    }
}
