using VarTrace.Core.Model;

namespace VarTrace.Core.Yaml;

/// <summary>
/// Loads a data file (vars files, playbooks, role meta, YAML inventories, <c>-e</c> values) the way
/// ansible-core 2.14's <c>parsing/utils/yaml.py from_yaml</c> does: as JSON first, with Python's
/// <c>json.loads</c> rules, and as YAML only when that fails. The difference is visible: in a file
/// that is valid JSON, <c>1e3</c> is the float 1000.0 and strings are <c>str</c>, where YAML 1.1
/// would give the string <c>"1e3"</c>.
/// </summary>
public static class AnsibleDataLoader
{
    /// <summary>Parses the contents of <paramref name="path"/> (project-relative, used in locations).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="path">The project-relative path.</param>
    /// <param name="limits">What may be read (default <see cref="InputLimits.Default"/>).</param>
    /// <exception cref="VarTraceException">The text is neither JSON nor valid YAML, or is beyond the limits.</exception>
    public static YamlFile Load(string text, string path, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        return JsonTreeReader.TryRead(text, path, limits.MaxYamlDepth) is { } json ? new YamlFile(path, [json]) : YamlLoader.Load(text, path, limits);
    }
}
