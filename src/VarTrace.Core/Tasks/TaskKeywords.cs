using System.Collections.Frozen;

namespace VarTrace.Core.Tasks;

/// <summary>Task keywords and the actions the task walker treats specially (ansible-core 2.14 names).</summary>
public static class TaskKeywords
{
    /// <summary>Keys of a task that are keywords (attributes of Task, Block and Handler), not its action.</summary>
    private static readonly FrozenSet<string> Keywords = FrozenSet.Create(
        StringComparer.Ordinal,
        "name", "action", "local_action", "args", "async", "poll", "become", "become_exe", "become_flags",
        "become_method", "become_user", "changed_when", "failed_when", "check_mode", "collections", "connection",
        "debugger", "delay", "delegate_facts", "delegate_to", "diff", "environment", "ignore_errors",
        "ignore_unreachable", "loop", "loop_control", "module_defaults", "no_log", "notify", "port", "register",
        "remote_user", "retries", "run_once", "tags", "throttle", "timeout", "until", "vars", "when", "listen",
        "any_errors_fatal", "block", "rescue", "always", "apply");

    /// <summary>The action without the <c>ansible.builtin.</c> or <c>ansible.legacy.</c> prefix.</summary>
    public static string ShortAction(string action) =>
        action.StartsWith("ansible.builtin.", StringComparison.Ordinal) ? action["ansible.builtin.".Length..]
        : action.StartsWith("ansible.legacy.", StringComparison.Ordinal) ? action["ansible.legacy.".Length..]
        : action;

    /// <summary>True when <paramref name="key"/> of a task mapping is a keyword rather than its action.</summary>
    public static bool IsKeyword(string key) => Keywords.Contains(key) || key.StartsWith("with_", StringComparison.Ordinal);
}
