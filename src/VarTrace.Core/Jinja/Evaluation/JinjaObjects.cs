using System.Collections.Immutable;
using System.Numerics;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// An object Jinja creates while a template runs (Jinja 3.1's <c>Macro</c>, <c>Namespace</c>,
/// <c>Cycler</c>, <c>Joiner</c>, <c>LoopContext</c>). Unlike loaded values some are mutable, as in
/// Python: <c>{% set ns.x = 1 %}</c> and <c>c.next()</c> change the one object every name refers to.
/// </summary>
internal abstract class JinjaObject : AnsibleValue, IPythonObject
{
    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public abstract string Repr();

    /// <summary>True when calling the object itself is allowed (<c>j()</c>, <c>macro()</c>).</summary>
    public virtual bool IsCallable => false;

    /// <summary>True when Python's repr shows the object's memory address, so its text cannot be known.</summary>
    public virtual bool ReprHasAddress => false;

    /// <summary><c>obj.name</c>: the attribute, a bound method, or Jinja's undefined value.</summary>
    public virtual AnsibleValue GetAttribute(string name) => HasMethod(name) ? new JinjaBoundMethod(this, name) : Missing(name);

    /// <summary>True when <c>obj.name(...)</c> is a method call.</summary>
    public virtual bool HasMethod(string name) => false;

    /// <summary>Runs <c>obj.name(*args, **kwargs)</c> for a name <see cref="HasMethod"/> accepts.</summary>
    public virtual AnsibleValue CallMethod(string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs) =>
        throw new TemplateError($"'{PythonType}' object has no attribute '{name}'");

    protected AnsibleValue Missing(string name) =>
        new AnsibleUndefined($"'{PythonOps.ObjectTypeRepr(this)}' has no attribute {PythonRepr.Repr(new AnsibleString(name))}");
}

/// <summary>A <c>{% macro %}</c> (or the <c>caller</c> of a <c>{% call %}</c> block), with the scopes it was defined in.</summary>
internal sealed class JinjaMacro(string name, ImmutableArray<MacroParameter> parameters, ImmutableArray<Statement> body, IReadOnlyList<Dictionary<string, AnsibleValue>> closure) : JinjaObject
{
    public string Name { get; } = name;

    public ImmutableArray<MacroParameter> Parameters { get; } = parameters;

    public ImmutableArray<Statement> Body { get; } = body;

    /// <summary>The scopes visible where the macro was defined (shared, so later top-level sets are seen).</summary>
    public IReadOnlyList<Dictionary<string, AnsibleValue>> Closure { get; } = closure;

    public override string PythonType => "Macro";

    // Jinja's Macro: the body decides whether extra positional or keyword arguments and a `caller`
    // are accepted (catch_varargs, catch_kwargs, caller), by reading those names.
    private readonly Lazy<ImmutableArray<string>> _freeNames = new(() => Syntax.VariableReferences.Collect(new TemplateNode(body, default)).Names);

    public bool CatchesVarargs => _freeNames.Value.Contains("varargs");

    public bool CatchesKwargs => _freeNames.Value.Contains("kwargs");

    public bool CatchesCaller => _freeNames.Value.Contains("caller");

    public override bool IsCallable => true;

    public override string Repr() => $"<Macro {PythonRepr.Repr(new AnsibleString(Name))}>";

    public override AnsibleValue GetAttribute(string name) => name switch
    {
        "name" => new AnsibleString(Name),
        "arguments" => new AnsibleList([.. Parameters.Select(static p => (AnsibleValue)new AnsibleString(p.Name))], isTuple: true),
        _ => Missing(name),
    };
}

/// <summary>Jinja's <c>namespace(...)</c>: attributes that <c>{% set ns.attr = ... %}</c> changes in place.</summary>
internal sealed class JinjaNamespace : JinjaObject
{
    private readonly List<KeyValuePair<string, AnsibleValue>> _attributes = [];

    public override string PythonType => "Namespace";

    public IEnumerable<KeyValuePair<string, AnsibleValue>> Attributes => _attributes;

    public void Set(string name, AnsibleValue value)
    {
        var index = _attributes.FindIndex(a => a.Key == name);
        if (index >= 0) _attributes[index] = new(name, value);
        else _attributes.Add(new(name, value));
    }

    public override AnsibleValue GetAttribute(string name)
    {
        foreach (var attribute in _attributes)
        {
            if (attribute.Key == name) return attribute.Value;
        }

        return Missing(name);
    }

    // Jinja 3.1: f"<Namespace {self.__attrs!r}>".
    public override string Repr() =>
        $"<Namespace {PythonRepr.Repr(new AnsibleDict([.. _attributes.Select(static a => new KeyValuePair<AnsibleValue, AnsibleValue>(new AnsibleString(a.Key), a.Value))]))}>";
}

/// <summary>Jinja's <c>cycler(*items)</c>: <c>next()</c> returns the items in turn, <c>current</c> the next one, <c>reset()</c> starts over.</summary>
internal sealed class JinjaCycler(ImmutableArray<AnsibleValue> items) : JinjaObject
{
    private int _position;

    public override string PythonType => "Cycler";

    public override string Repr() => "<jinja2.utils.Cycler object>";

    public override bool ReprHasAddress => true;

    public override AnsibleValue GetAttribute(string name) => name switch
    {
        "current" => items[_position],
        "items" => new AnsibleList(items),
        _ => base.GetAttribute(name),
    };

    public override bool HasMethod(string name) => name is "next" or "reset" or "__next__";

    public override AnsibleValue CallMethod(string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        if (name == "reset")
        {
            _position = 0;
            return AnsibleNull.Instance;
        }

        var current = items[_position];
        _position = (_position + 1) % items.Length;
        return current;
    }
}

/// <summary>Jinja's <c>joiner(sep=', ')</c>: calling it returns <c>''</c> the first time, the separator after.</summary>
internal sealed class JinjaJoiner(string separator) : JinjaObject
{
    private bool _used;

    public override string PythonType => "Joiner";

    public override bool IsCallable => true;

    public override string Repr() => "<jinja2.utils.Joiner object>";

    public override bool ReprHasAddress => true;

    public AnsibleValue Call()
    {
        if (_used) return new AnsibleString(separator);
        _used = true;
        return AnsibleString.Empty;
    }
}

/// <summary>Jinja's <c>loop</c> inside a <c>{% for %}</c>: position attributes, <c>previtem</c>/<c>nextitem</c>, <c>cycle()</c> and <c>changed()</c>.</summary>
internal sealed class JinjaLoop(ImmutableArray<AnsibleValue> items) : JinjaObject
{
    private ImmutableArray<AnsibleValue>? _lastChanged;

    public int Index0 { get; set; }

    public override string PythonType => "LoopContext";

    private int Length => items.Length;

    // Jinja 3.1: f"<{type(self).__name__} {self.index}/{self.length}>".
    public override string Repr() => $"<LoopContext {Index0 + 1}/{Length}>";

    public override AnsibleValue GetAttribute(string name) => name switch
    {
        "index" => Int(Index0 + 1),
        "index0" => Int(Index0),
        "revindex" => Int(Length - Index0),
        "revindex0" => Int(Length - Index0 - 1),
        "first" => AnsibleBool.Of(Index0 == 0),
        "last" => AnsibleBool.Of(Index0 == Length - 1),
        "length" => Int(Length),
        "depth" => Int(1),
        "depth0" => Int(0),
        "previtem" => Index0 > 0 ? items[Index0 - 1] : new AnsibleUndefined("there is no previous item"),
        "nextitem" => Index0 < Length - 1 ? items[Index0 + 1] : new AnsibleUndefined("there is no next item"),
        _ => base.GetAttribute(name),
    };

    public override bool HasMethod(string name) => name is "cycle" or "changed";

    public override AnsibleValue CallMethod(string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        if (name == "cycle")
        {
            if (args.IsEmpty) throw new TemplateError("no items for cycling given");
            return args[Index0 % args.Length];
        }

        // loop.changed(*value): true on the first call and whenever the arguments differ from the last call's.
        var changed = _lastChanged is not { } last || last.Length != args.Length || last.Zip(args).Any(static p => !p.First.DeepEquals(p.Second));
        _lastChanged = args;
        return AnsibleBool.Of(changed);
    }

    private static AnsibleInt Int(int value) => AnsibleInt.Of(new BigInteger(value));
}

/// <summary>A method read without calling it (<c>s.upper</c>, <c>d.get</c>): callable, and printed with a memory address by Python.</summary>
internal sealed class JinjaBoundMethod(AnsibleValue receiver, string name) : JinjaObject
{
    public AnsibleValue Receiver { get; } = receiver;

    public string Name { get; } = name;

    public override string PythonType => "builtin_function_or_method";

    public override bool IsCallable => true;

    public override bool ReprHasAddress => true;

    public override string Repr() => $"<built-in method {Name} of {Receiver.PythonType} object>";
}
