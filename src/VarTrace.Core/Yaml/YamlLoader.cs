using VarTrace.Core.Model;

namespace VarTrace.Core.Yaml;

/// <summary>
/// Reads YAML the way Ansible's loader (PyYAML, YAML 1.1) sees it, on YamlDotNet's low-level parser.
/// </summary>
public static class YamlLoader
{
    /// <summary>
    /// Parses <paramref name="text"/> (the contents of <paramref name="path"/>, a project-relative
    /// path used in locations) into its documents.
    /// </summary>
    /// <exception cref="VarTraceException">The text is not valid YAML, or is beyond the reader's limits.</exception>
    public static YamlFile Load(string text, string path) =>
        throw new NotImplementedException("being written in the YAML reader task");
}
