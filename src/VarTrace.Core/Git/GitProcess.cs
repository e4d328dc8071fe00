using System.Diagnostics;
using System.Text;
using VarTrace.Core.Model;

namespace VarTrace.Core.Git;

/// <summary>
/// Runs the read-only git plumbing VarTrace uses. The executable is looked up on PATH only, never
/// in the checkout, and git is told not to take optional locks, so reading a revision writes nothing.
/// </summary>
internal static class GitProcess
{
    /// <summary>Runs git and returns its standard output.</summary>
    /// <exception cref="VarTraceException">git is missing or fails; the message is git's own.</exception>
    public static byte[] Run(string workingDirectory, params string[] arguments)
    {
        using var process = Start(workingDirectory, arguments, redirectInput: false);
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var message = error.Result.Trim().Split('\n')[0].Trim();
            throw new VarTraceException(null, $"git {arguments[0]} failed: {(message.Length == 0 ? $"exit code {process.ExitCode}" : message)}");
        }

        return output.ToArray();
    }

    /// <summary>Runs git and returns its standard output as trimmed text.</summary>
    public static string RunText(string workingDirectory, params string[] arguments) =>
        Encoding.UTF8.GetString(Run(workingDirectory, arguments)).Trim();

    /// <summary>Starts a long-running git process with standard input and output redirected.</summary>
    public static Process Start(string workingDirectory, IReadOnlyList<string> arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo(FindGit())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("core.fsmonitor=false");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            return Process.Start(start) ?? throw new VarTraceException(null, "cannot start git");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new VarTraceException(null, $"cannot start git: {e.Message}");
        }
    }

    private static string FindGit()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "git.exe", "git.cmd" } : ["git"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathRooted(directory)) continue; // a relative PATH entry could point into the checkout
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }

        throw new VarTraceException(null, "git was not found on PATH; reading a revision needs git");
    }
}
