namespace VarTrace.Core.Precedence;

/// <summary>The variable names a computation looked up (<see cref="VariableTable.Reads"/>).</summary>
internal sealed class ReadLog
{
    /// <summary>Every name looked up, defined or not.</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the computation listed every variable: it may depend on any of them.</summary>
    public bool Everything { get; private set; }

    /// <summary>Records that every variable was listed.</summary>
    public void ReadEverything() => Everything = true;
}
