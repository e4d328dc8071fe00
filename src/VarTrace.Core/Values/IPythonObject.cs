namespace VarTrace.Core.Values;

/// <summary>
/// A value that exists only while a template runs (a Jinja macro, namespace, cycler, loop object):
/// it is never loaded from a file and never leaves the template engine, but it can be printed.
/// </summary>
public interface IPythonObject
{
    /// <summary>Python's <c>repr()</c> of the object, e.g. <c>&lt;Namespace {'n': 1}&gt;</c>.</summary>
    string Repr();
}
