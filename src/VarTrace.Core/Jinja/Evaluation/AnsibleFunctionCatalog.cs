using System.Collections.Frozen;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// Which filter and test names ansible-core 2.14 can load at all, modelled by VarTrace or not: Jinja
/// 3.1's built-ins, ansible.builtin's plugins and the short names its routing table
/// (<c>config/ansible_builtin_runtime.yml</c>) sends to collections, such as <c>ipaddr</c>. A name
/// outside this list fails the template in Ansible (<c>Could not load "x"</c>); a name in it that
/// VarTrace does not model only makes the result unknown. Names qualified with another collection
/// (<c>community.general.x</c>) count as loadable: which collections are installed is not visible.
/// </summary>
internal static class AnsibleFunctionCatalog
{
    private static readonly string[] BuiltinPrefixes = ["ansible.builtin.", "ansible.legacy."];

    // Listed from the installed ansible-core 2.14.18 and Jinja 3.1.2 (FilterModule().filters(),
    // jinja2.filters.FILTERS and the routing table's `filter:` keys).
    private static readonly FrozenSet<string> Filters = FrozenSet.Create(StringComparer.Ordinal,
        "abs", "attr", "b64decode", "b64encode", "basename", "batch", "bool", "capitalize", "center", "checksum", "combinations",
        "combine", "comment", "count", "d", "default", "dict2items", "dictsort", "difference", "dirname", "e", "escape",
        "expanduser", "expandvars", "extract", "fileglob", "filesizeformat", "first", "flatten", "float", "forceescape", "format",
        "from_json", "from_yaml", "from_yaml_all", "groupby", "hash", "human_readable", "human_to_bytes", "indent", "int",
        "intersect", "items", "items2dict", "join", "last", "length", "list", "log", "lower", "mandatory", "map", "max", "md5",
        "min", "password_hash", "path_join", "permutations", "pow", "pprint", "product", "quote", "random", "realpath",
        "regex_escape", "regex_findall", "regex_replace", "regex_search", "reject", "rejectattr", "rekey_on_member", "relpath",
        "replace", "reverse", "root", "round", "safe", "select", "selectattr", "sha1", "shuffle", "slice", "sort", "split",
        "splitext", "strftime", "string", "striptags", "subelements", "sum", "symmetric_difference", "ternary", "title",
        "to_datetime", "to_json", "to_nice_json", "to_nice_yaml", "to_uuid", "to_yaml", "tojson", "trim", "truncate",
        "type_debug", "union", "unique", "unvault", "upper", "urldecode", "urlencode", "urlize", "urlsplit", "vault",
        "win_basename", "win_dirname", "win_splitdrive", "wordcount", "wordwrap", "xmlattr", "zip", "zip_longest",
        "cidr_merge", "comp_type5", "gcp_kms_decrypt", "gcp_kms_encrypt", "hash_salt", "hwaddr", "ip4_hex", "ipaddr", "ipmath",
        "ipsubnet", "ipv4", "ipv6", "ipwrap", "json_query", "k8s_config_resource_name", "network_in_network",
        "network_in_usable", "next_nth_usable", "nthhost", "parse_cli", "parse_cli_textfsm", "parse_xml", "previous_nth_usable",
        "random_mac", "reduce_on_network", "slaac", "type5_pw", "vlan_parser");

    private static readonly FrozenSet<string> Tests = FrozenSet.Create(StringComparer.Ordinal,
        "!=", "<", "<=", "==", ">", ">=", "abs", "all", "any", "boolean", "callable", "change", "changed", "contains", "defined",
        "directory", "divisibleby", "eq", "equalto", "escaped", "even", "exists", "failed", "failure", "false", "falsy", "file",
        "filter", "finished", "float", "ge", "greaterthan", "gt", "in", "integer", "is_abs", "is_dir", "is_file", "is_link",
        "is_mount", "is_same_file", "isnan", "issubset", "issuperset", "iterable", "le", "lessthan", "link", "link_exists",
        "lower", "lt", "mapping", "match", "mount", "nan", "ne", "none", "number", "odd", "reachable", "regex", "same_file",
        "sameas", "search", "sequence", "skip", "skipped", "started", "string", "subset", "succeeded", "success", "successful",
        "superset", "test", "true", "truthy", "undefined", "unreachable", "upper", "uri", "url", "urn", "vault_encrypted",
        "version", "version_compare");

    /// <summary>True when Ansible 2.14 would find a filter (or, with <paramref name="isTest"/>, a test) of this name.</summary>
    public static bool CanLoad(string name, bool isTest)
    {
        foreach (var prefix in BuiltinPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return (isTest ? Tests : Filters).Contains(name[prefix.Length..]);
        }

        return name.Contains('.', StringComparison.Ordinal) || (isTest ? Tests : Filters).Contains(name);
    }

    /// <summary>Ansible's plugin loader error for a name it cannot load.</summary>
    public static string LoadError(string name) => $"Could not load \"{name}\": '{name}'";
}
