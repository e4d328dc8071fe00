using System.Globalization;
using System.Text.RegularExpressions;

namespace VarTrace.Core.Checks;

/// <summary>What a rule is about; the ID range of each category is fixed (see README, "Rules").</summary>
public enum RuleCategory
{
    /// <summary>VT0xxx: reading the checkout (YAML, duplicate keys, input VarTrace cannot analyse).</summary>
    Loading,

    /// <summary>VT1xxx: precedence (values that never take effect, unreachable fallbacks, order-dependent ties, shadowed files).</summary>
    Precedence,

    /// <summary>VT2xxx: Jinja and evaluation (undefined variables, recursion, syntax errors).</summary>
    Jinja,

    /// <summary>VT3xxx: variable hygiene (variables set that nothing reads).</summary>
    Hygiene,

    /// <summary>VT4xxx: kubespray's network settings (pod and service subnets, Calico, network plugins, removed variables).</summary>
    Kubespray,
}

/// <summary>Where a rule is in its lifecycle, with the VarTrace version it got there.</summary>
public enum RuleStatus
{
    /// <summary>New; its behaviour may still change.</summary>
    Preview,

    /// <summary>Its behaviour is settled.</summary>
    Stable,

    /// <summary>Still runs, will be removed.</summary>
    Deprecated,

    /// <summary>No longer runs; its ID is never reused.</summary>
    Removed,
}

/// <summary>Whether a fix can be applied automatically (none is offered yet).</summary>
public enum FixAvailability
{
    /// <summary>No automatic fix.</summary>
    None,

    /// <summary>A fix for some findings.</summary>
    Sometimes,

    /// <summary>A fix for every finding.</summary>
    Always,
}

/// <summary>
/// The only place a rule's metadata is written. The single constructor validates everything, so a
/// malformed rule fails when the registry is built rather than in a user's report.
/// </summary>
public sealed partial class RuleDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="id"><c>VT</c> and four digits, in its category's range.</param>
    /// <param name="name">Kebab-case name of the pattern flagged (reads after "allow").</param>
    /// <param name="title">One line for rule lists.</param>
    /// <param name="messageFormat">Composite format (<c>{0}</c>, <c>{1}</c>...) of the one-sentence message.</param>
    /// <param name="category">The category (decides the ID range).</param>
    /// <param name="defaultSeverity">Severity unless <c>.vartrace.yml</c> overrides it.</param>
    /// <param name="status">Lifecycle status.</param>
    /// <param name="since">VarTrace version the status dates from.</param>
    /// <param name="hint">The <c>help:</c> line: what to do.</param>
    /// <param name="fix">Whether a fix is offered.</param>
    public RuleDescriptor(string id, string name, string title, string messageFormat, RuleCategory category, Severity defaultSeverity, RuleStatus status, string since, string hint, FixAvailability fix = FixAvailability.None)
    {
        if (!IdPattern().IsMatch(id)) throw new ArgumentException($"rule ID `{id}` is not VT and four digits", nameof(id));
        if ((int)category != id[2] - '0') throw new ArgumentException($"rule ID `{id}` is outside the range of category {category}", nameof(id));
        if (!NamePattern().IsMatch(name)) throw new ArgumentException($"rule name `{name}` is not kebab case", nameof(name));
        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(messageFormat) || string.IsNullOrWhiteSpace(hint)) throw new ArgumentException($"rule {id} needs a title, a message and a hint");
        if (messageFormat.EndsWith('.')) throw new ArgumentException($"rule {id}: a message is one sentence without a final period", nameof(messageFormat));
        Id = id;
        Name = name;
        Title = title;
        MessageFormat = messageFormat;
        Category = category;
        DefaultSeverity = defaultSeverity;
        Status = status;
        Since = since;
        Hint = hint;
        Fix = fix;
    }

    /// <summary>The ID, e.g. <c>VT1002</c>.</summary>
    public string Id { get; }

    /// <summary>The kebab-case name, e.g. <c>unreachable-default-fallback</c>.</summary>
    public string Name { get; }

    /// <summary>One line for rule lists.</summary>
    public string Title { get; }

    /// <summary>The message's composite format.</summary>
    public string MessageFormat { get; }

    /// <summary>The category.</summary>
    public RuleCategory Category { get; }

    /// <summary>The default severity.</summary>
    public Severity DefaultSeverity { get; }

    /// <summary>The lifecycle status.</summary>
    public RuleStatus Status { get; }

    /// <summary>The VarTrace version the status dates from.</summary>
    public string Since { get; }

    /// <summary>The <c>help:</c> line.</summary>
    public string Hint { get; }

    /// <summary>Whether a fix is offered.</summary>
    public FixAvailability Fix { get; }

    /// <summary>The rule's page, embedded in the assembly beside the rule's code.</summary>
    public string Documentation => RuleDocumentation.Page(Id);

    /// <summary>Formats the message with its arguments, in the invariant culture.</summary>
    public string Format(params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);

    [GeneratedRegex(@"^VT\d{4}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*$")]
    private static partial Regex NamePattern();
}
