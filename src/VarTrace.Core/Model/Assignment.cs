using VarTrace.Core.Values;

namespace VarTrace.Core.Model;

/// <summary>
/// One <c>name: value</c> as written in a file: the raw (untemplated) value, where its key stands,
/// and the text a user recognises it by.
/// </summary>
/// <param name="Name">The variable name (a top-level key).</param>
/// <param name="Value">The value with Ansible's load-time typing, templates still raw.</param>
/// <param name="Location">Where the key stands.</param>
public sealed record Assignment(string Name, AnsibleValue Value, SourceLocation Location);
