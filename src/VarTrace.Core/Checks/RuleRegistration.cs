using System.Collections.Immutable;
using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Core.Checks;

/// <summary>
/// The hooks a rule subscribes to, and where it reports. One registration exists per rule per run,
/// so a rule keeps its per-run state in locals of its <c>Register</c> method (Roslyn's
/// compilation-start pattern) and the engine stays the only thing that walks the checkout.
/// </summary>
public sealed class RuleRegistration
{
    private readonly Action<Diagnostic> _report;
    private readonly Severity _severity;

    internal RuleRegistration(RuleDescriptor rule, Severity severity, Action<Diagnostic> report)
    {
        Rule = rule;
        _severity = severity;
        _report = report;
    }

    /// <summary>The rule this registration reports for.</summary>
    public RuleDescriptor Rule { get; }

    internal List<Action<ScannedFile>> FileChecks { get; } = [];

    internal List<Action<TemplateSite>> TemplateChecks { get; } = [];

    internal List<Action<EntityVarsCandidates>> EntityVarsChecks { get; } = [];

    internal List<Action<ResolvedContext>> ResolutionChecks { get; } = [];

    internal List<Action<VarTraceException>> LoadErrorChecks { get; } = [];

    internal List<Action<CheckEnd>> EndChecks { get; } = [];

    /// <summary>Called once per scanned file (YAML or template), loaded or not.</summary>
    public void OnFile(Action<ScannedFile> check) => FileChecks.Add(check);

    /// <summary>Called once per template string or condition in the checkout.</summary>
    public void OnTemplate(Action<TemplateSite> check) => TemplateChecks.Add(check);

    /// <summary>Called once per group or host name that has files in a group_vars or host_vars directory.</summary>
    public void OnEntityVars(Action<EntityVarsCandidates> check) => EntityVarsChecks.Add(check);

    /// <summary>Called once per host and context (play level, and each role of each play targeting the host).</summary>
    public void OnResolution(Action<ResolvedContext> check) => ResolutionChecks.Add(check);

    /// <summary>Called for each file that failed to load while resolving (a broken group_vars file, role, vars file...).</summary>
    public void OnLoadError(Action<VarTraceException> check) => LoadErrorChecks.Add(check);

    /// <summary>Called once after everything else, to report what was accumulated.</summary>
    public void OnEnd(Action<CheckEnd> check) => EndChecks.Add(check);

    /// <summary>Reports a finding of this rule; the message is the rule's format with <paramref name="arguments"/>.</summary>
    public void Report(SourceLocation location, int length, IEnumerable<RelatedLocation> related, params object?[] arguments) =>
        _report(new Diagnostic(Rule, _severity, Rule.Format(arguments), location, length, [.. related]));
}

/// <summary>The candidate files of one group or host in one group_vars or host_vars directory.</summary>
/// <param name="BaseDirectory">The directory holding group_vars/host_vars (an inventory's or a playbook's).</param>
/// <param name="Kind"><c>group_vars</c> or <c>host_vars</c>.</param>
/// <param name="Entity">The group or host name.</param>
/// <param name="Shadowed">Candidates that exist but are never read, each with the candidate read instead.</param>
public sealed record EntityVarsCandidates(string BaseDirectory, string Kind, string Entity, IReadOnlyList<(string Path, string ReadInstead)> Shadowed);

/// <summary>One host in one context, resolved.</summary>
/// <param name="Resolution">Every variable of the host in the context.</param>
/// <param name="Owner">The role directory (inside a role) or playbook file (play level) whose tasks run in this context.</param>
/// <param name="Sites">The templates and conditions of <paramref name="Owner"/>.</param>
/// <param name="Evaluator">Evaluates the context's variables and expressions with Ansible 2.14's templating.</param>
/// <param name="Scan">Everything the scanner read (the same for every context of a run).</param>
public sealed record ResolvedContext(Resolution Resolution, string Owner, IReadOnlyList<TemplateSite> Sites, ValueEvaluator Evaluator, ProjectScan Scan);

/// <summary>What rules see at the end of a run.</summary>
/// <param name="Workspace">The loaded checkout.</param>
/// <param name="Scan">Everything the scanner read.</param>
/// <param name="LoadDiagnostics">Problems the loaders reported without failing.</param>
public sealed record CheckEnd(Workspace Workspace, ProjectScan Scan, ImmutableArray<LoadDiagnostic> LoadDiagnostics);
