using System.Text;
using VarTrace.Core.Diff;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Output.Diff;

/// <summary>
/// A Mermaid flowchart of a variable's precedence chain in the head, lowest precedence first: each
/// definition overrides the one before; the winner is marked, and the base's winner too when it
/// stopped taking effect or disappeared.
/// </summary>
public static class MermaidChain
{
    /// <summary>Renders the flowchart source (without the code fence).</summary>
    public static string Render(ChangeGroup group)
    {
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        var chain = group.HeadChain;
        var baseWinner = group.BaseChain.IsEmpty ? null : group.BaseChain[^1];
        var previousIndex = -1;
        for (var i = 0; i < chain.Length; i++)
        {
            var link = chain[i];
            var mark = i == chain.Length - 1 ? "wins now" : baseWinner is not null && SameDefinition(link, baseWinner) ? "won before" : null;
            text.Append($"  d{i}[\"{Label(link, mark)}\"]\n");
            if (mark == "won before") previousIndex = i;
        }

        for (var i = 1; i < chain.Length; i++) text.Append($"  d{i - 1} -->|overridden by| d{i}\n");
        if (baseWinner is not null && previousIndex < 0)
        {
            text.Append($"  old[\"{Label(baseWinner, "won before, gone now")}\"]\n");
            if (!chain.IsEmpty) text.Append($"  old -.->|replaced by| d{chain.Length - 1}\n");
            text.Append("  class old before\n");
        }

        if (!chain.IsEmpty) text.Append($"  class d{chain.Length - 1} winner\n");
        if (previousIndex >= 0) text.Append($"  class d{previousIndex} before\n");
        text.Append("  classDef winner stroke-width:3px\n");
        text.Append("  classDef before stroke-dasharray:4 4\n");
        return text.ToString();
    }

    private static bool SameDefinition(ChainLink a, ChainLink b) =>
        a.Level == b.Level && a.Origin == b.Origin && a.Location.File == b.Location.File;

    private static string Label(ChainLink link, string? mark)
    {
        var location = link.Location.File.Length == 0 ? "set by Ansible" : $"{link.Location.File}:{link.Location.Line}";
        var parts = new List<string> { $"{link.Level.Label()}: {link.Origin}", location, link.Value };
        if (mark is not null) parts.Add(mark);
        return string.Join("<br/>", parts.Select(Escape));
    }

    /// <summary>Mermaid labels in double quotes take entity codes; backticks would start Markdown strings.</summary>
    private static string Escape(string text) => text
        .Replace("`", string.Empty, StringComparison.Ordinal)
        .Replace("#", "#35;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal);
}
