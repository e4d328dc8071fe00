using System.Reflection;

namespace VarTrace.Core.Checks;

/// <summary>The rule pages (<c>Checks/Rules/*/VTnnnn.md</c>), embedded in the assembly.</summary>
public static class RuleDocumentation
{
    /// <summary>The headings every page has, in order.</summary>
    public static readonly IReadOnlyList<string> RequiredHeadings =
        ["## What it does", "## Why it matters", "## Example", "## Use instead", "## Limitations", "## Suppressing"];

    /// <summary>The page of rule <paramref name="id"/>, or an empty string when it has none.</summary>
    public static string Page(string id)
    {
        var assembly = typeof(RuleDocumentation).Assembly;
        using var stream = assembly.GetManifestResourceStream($"VarTrace.Rules.{id}.md");
        if (stream is null) return string.Empty;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    /// <summary>The first paragraph under <c>## What it does</c>, for one-paragraph descriptions (SARIF).</summary>
    public static string Summary(string id)
    {
        var page = Page(id);
        var start = page.IndexOf("## What it does", StringComparison.Ordinal);
        if (start < 0) return string.Empty;
        var body = page[(start + "## What it does".Length)..].TrimStart('\n');
        var end = body.IndexOf("\n\n", StringComparison.Ordinal);
        return (end < 0 ? body : body[..end]).ReplaceLineEndings(" ").Trim();
    }
}
