namespace VarTrace.Core.Values;

/// <summary>
/// Jinja's <c>Undefined</c> as Ansible 2.14 uses it (<c>AnsibleUndefined</c>): the result of reading a
/// name that does not exist, a missing attribute or key, or a variable whose own template failed.
/// Distinct from <see cref="AnsibleNull"/>: <c>default(x)</c> replaces this, not <c>None</c>. It exists
/// only during evaluation; a template that outputs it fails.
/// </summary>
public sealed class AnsibleUndefined(string message, bool isLenient = false) : AnsibleValue
{
    /// <summary>Ansible's message when the undefined value is used, e.g. <c>'x' is undefined</c>.</summary>
    public string Message { get; } = message;

    /// <summary>
    /// True for Jinja's plain <c>Undefined</c> (a false inline <c>if</c> without <c>else</c>), which renders
    /// as an empty string instead of failing like Ansible's <c>AnsibleUndefined</c>.
    /// </summary>
    public bool IsLenient { get; } = isLenient;

    /// <summary>The undefined value of a missing name, with Jinja's message.</summary>
    public static AnsibleUndefined ForName(string name) => new($"'{name}' is undefined");

    /// <inheritdoc />
    public override string PythonType => "AnsibleUndefined";

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) => other is AnsibleUndefined;
}

/// <summary>
/// A value a static analyzer cannot know: a fact, a registered result, a lookup, a vault secret,
/// or anything computed from one. It carries why, and, when the set is finite (an <c>if</c> over an
/// unknown condition), the values it may take. Unknown propagates through every operation; it never
/// turns into a concrete value.
/// </summary>
public sealed class AnsibleUnknown(string cause, System.Collections.Immutable.ImmutableArray<AnsibleValue> possibleValues) : AnsibleValue
{
    /// <summary>Creates an unknown with no known set of possible values.</summary>
    public AnsibleUnknown(string cause)
        : this(cause, [])
    {
    }

    /// <summary>Why the value cannot be known, e.g. <c>`ansible_default_ipv4` is a gathered fact</c>.</summary>
    public string Cause { get; } = cause;

    /// <summary>
    /// True when the variable may also be undefined (a <c>set_fact</c> whose condition cannot be
    /// decided, over a variable that had no value before): <c>is defined</c> and <c>default()</c> cannot decide.
    /// </summary>
    public bool MayBeUndefined { get; init; }

    /// <summary>The values it may take, when finitely many are possible; empty when any value is.</summary>
    public System.Collections.Immutable.ImmutableArray<AnsibleValue> PossibleValues { get; } = possibleValues;

    /// <inheritdoc />
    public override string PythonType => "unknown";

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) => ReferenceEquals(this, other);
}
