using VarTrace.Core.Precedence;

namespace VarTrace.Core.Explain;

/// <summary>
/// Says in one sentence why one applied definition was replaced by the next, from the facts
/// Ansible orders sources by (level, inventory source, group depth, priority, name, role order).
/// </summary>
internal static class ShadowReasons
{
    public static string Why(AppliedDefinition loser, AppliedDefinition replacer)
    {
        var by = $"{replacer.Assignment.Location}";
        var l = loser.Source;
        var w = replacer.Source;
        if (l.Level > w.Level)
        {
            return $"applied before {w.Level.Label()} ({w.Origin}) because ansible.cfg's `precedence` reorders the group steps: overridden at {by}";
        }

        if (l.Level != w.Level)
        {
            return $"overridden by {w.Level.Label()} ({w.Origin}) at {by}";
        }

        if (ReferenceEquals(l, w) || l.Origin == w.Origin && l.Assignments == w.Assignments)
        {
            return $"set again later in the same source, at {by}";
        }

        var sameLevel = SameLevelReason(l.Rank, w.Rank, l.Level);
        return $"{sameLevel}: overridden at {by}";
    }

    private static string SameLevelReason(SourceRank l, SourceRank w, PrecedenceLevel level)
    {
        if (l.InventorySource != w.InventorySource && l.InventorySource >= 0 && w.InventorySource >= 0)
        {
            return $"`{w.InventorySourcePath}` is a later inventory source (-i), and each source's vars are applied after the previous source's, whatever the groups";
        }

        if (l.Group is not null && w.Group is not null && l.Group != w.Group)
        {
            if (l.Group == "all") return $"group `all` is applied before every other group, so `{w.Group}` wins";
            if (w.GroupDepth != l.GroupDepth)
            {
                return $"group `{w.Group}` is deeper than `{l.Group}` (depth {w.GroupDepth} > {l.GroupDepth})";
            }

            if (w.GroupPriority != l.GroupPriority)
            {
                return $"group `{w.Group}` has the higher ansible_group_priority ({w.GroupPriority} > {l.GroupPriority}) at equal depth";
            }

            return $"at equal depth and priority, group `{w.Group}` sorts after `{l.Group}` by name";
        }

        if (l.Group is not null && l.Group == w.Group)
        {
            return $"a later file for group `{w.Group}` (files of a group_vars directory are read in name order)";
        }

        if (w.Role is not null)
        {
            if (w.IsTaskRole && !l.IsTaskRole) return $"inside role `{w.Role}` its own {RoleKind(level)} are applied again on top of the other roles'";
            if (l.Role == w.Role) return $"a later {RoleKind(level)} source of role `{w.Role}`";
            return $"role `{w.Role}`'s {RoleKind(level)} are applied after role `{l.Role}`'s (play role order, dependencies first)";
        }

        return level switch
        {
            PrecedenceLevel.PlayVarsFiles => "a later vars_files entry",
            PrecedenceLevel.ExtraVars => "a later -e",
            PrecedenceLevel.InventoryHostVars or PrecedenceLevel.PlaybookHostVars => "a later host_vars file",
            _ => "applied later within the same level",
        };
    }

    private static string RoleKind(PrecedenceLevel level) => level switch
    {
        PrecedenceLevel.RoleDefaults => "defaults",
        PrecedenceLevel.RoleParams => "params",
        _ => "vars",
    };
}
