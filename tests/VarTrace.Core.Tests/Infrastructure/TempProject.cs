namespace VarTrace.Tests.Infrastructure;

/// <summary>A throw-away checkout in a temp directory, written file by file.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "vartrace-tests", Guid.NewGuid().ToString("N"));

    public TempProject With(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
