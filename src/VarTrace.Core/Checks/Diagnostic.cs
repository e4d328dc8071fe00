using System.Collections.Immutable;
using VarTrace.Core.Model;

namespace VarTrace.Core.Checks;

/// <summary>Another place a finding involves, such as the definition that wins over the flagged one.</summary>
/// <param name="Location">Where.</param>
/// <param name="Message">What is there, one short phrase.</param>
public sealed record RelatedLocation(SourceLocation Location, string Message);

/// <summary>One finding of one rule.</summary>
/// <param name="Rule">The rule that found it.</param>
/// <param name="Severity">Its severity after <c>.vartrace.yml</c> overrides.</param>
/// <param name="Message">One sentence naming the variables and sources involved.</param>
/// <param name="Location">Where it is (a line of 0 names a whole file).</param>
/// <param name="Length">How many characters from <see cref="Location"/> the finding covers on its line (0: one).</param>
/// <param name="Related">Other places involved, such as the winning definition.</param>
public sealed record Diagnostic(RuleDescriptor Rule, Severity Severity, string Message, SourceLocation Location, int Length, ImmutableArray<RelatedLocation> Related)
{
    /// <summary>The rule's <c>help:</c> line.</summary>
    public string Hint => Rule.Hint;

    /// <summary>
    /// Identifies the finding across edits that move it: rule, file, the trimmed text of its line and
    /// the message with line numbers removed. Baselines and SARIF <c>partialFingerprints</c> use it.
    /// </summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>The order every output uses: path, line, column, rule ID, message.</summary>
    public static int Compare(Diagnostic a, Diagnostic b)
    {
        var c = string.CompareOrdinal(a.Location.File, b.Location.File);
        if (c == 0) c = a.Location.Line.CompareTo(b.Location.Line);
        if (c == 0) c = a.Location.Column.CompareTo(b.Location.Column);
        if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }
}
