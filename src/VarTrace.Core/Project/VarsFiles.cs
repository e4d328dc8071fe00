using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Project;

/// <summary>The top-level variables of one vars file, in file order.</summary>
/// <param name="Path">Project-relative path of the file.</param>
/// <param name="Assignments">One per top-level key (duplicates already resolved, last wins).</param>
public sealed record VarsFile(string Path, ImmutableArray<Assignment> Assignments);

/// <summary>
/// Finds and reads the YAML/JSON files that hold variables, with the file-finding rules of
/// ansible-core 2.14's <c>DataLoader.find_vars_files</c>.
/// </summary>
public static class VarsFiles
{
    /// <summary><c>YAML_FILENAME_EXTENSIONS</c>, Ansible's default.</summary>
    public static readonly ImmutableArray<string> YamlExtensions = [".yml", ".yaml", ".json"];

    /// <summary>
    /// The files Ansible reads for <paramref name="name"/> under <paramref name="directory"/>, trying
    /// the candidates <paramref name="extensions"/> in order (<c>""</c> is the bare name, a file or a
    /// directory) and using only the first that exists. A directory is read recursively in sorted
    /// order, skipping hidden and backup (<c>~</c>) entries and files with other extensions.
    /// </summary>
    public static IReadOnlyList<string> Find(ProjectFiles files, string directory, string name, IReadOnlyList<string> extensions, bool allowDirectory = true)
    {
        var basePath = ProjectFiles.Combine(directory, name);
        foreach (var extension in extensions)
        {
            var candidate = basePath + extension;
            if (files.DirectoryExists(candidate))
            {
                if (!allowDirectory) continue;
                var found = new List<string>();
                CollectDirectory(files, candidate, extensions, found, depth: 0);
                return found;
            }

            if (files.FileExists(candidate)) return [candidate];
        }

        return [];
    }

    /// <summary>
    /// The shadowed candidates: files that exist for <paramref name="name"/> but are not read because
    /// an earlier candidate was found first (for example <c>web.yml</c> behind a <c>web/</c> directory).
    /// </summary>
    public static IReadOnlyList<(string Path, string ReadInstead)> FindShadowedCandidates(ProjectFiles files, string directory, string name, IReadOnlyList<string> extensions)
    {
        var basePath = ProjectFiles.Combine(directory, name);
        string? winner = null;
        var shadowed = new List<(string, string)>();
        foreach (var extension in extensions)
        {
            var candidate = basePath + extension;
            var exists = files.DirectoryExists(candidate) || files.FileExists(candidate);
            if (!exists) continue;
            if (winner is null) winner = files.DirectoryExists(candidate) ? candidate + "/" : candidate;
            else shadowed.Add((candidate, winner));
        }

        return shadowed;
    }

    /// <summary>
    /// Reads a file that must hold a mapping of variables (or nothing: an empty file defines none).
    /// </summary>
    /// <exception cref="VarTraceException">The file is not valid YAML, or its top level is not a mapping.</exception>
    public static VarsFile Read(ProjectFiles files, string path)
    {
        if (ReadUnlessVaulted(files, path) is not { } yaml) return new VarsFile(path, []);
        return FromYaml(yaml);
    }

    /// <summary>
    /// A vault-encrypted vars file (common for secrets) is not an error: it is reported and its
    /// variables are not seen, as if Ansible had no vault password to open it.
    /// </summary>
    private static YamlFile? ReadUnlessVaulted(ProjectFiles files, string path)
    {
        var text = files.ReadText(path);
        if (!ProjectFiles.IsVaultEncrypted(text)) return files.ParseData(text, path);
        files.Warn(new LoadDiagnostic(new SourceLocation(path, 1, 1), "the file is encrypted with ansible-vault and VarTrace never decrypts: its variables are not seen"));
        return null;
    }

    /// <summary>
    /// Reads a <c>vars_files</c> file, which may also hold a list of mappings, merged in order
    /// (ansible-core 2.14 <c>VariableManager.get_vars</c> accepts both).
    /// </summary>
    /// <exception cref="VarTraceException">The file is not valid YAML, or holds something else.</exception>
    public static VarsFile ReadMappingOrList(ProjectFiles files, string path)
    {
        if (ReadUnlessVaulted(files, path) is not { } yaml) return new VarsFile(path, []);
        if (yaml.Documents.Length == 1 && yaml.Documents[0] is YamlSequenceNode list)
        {
            var builder = ImmutableArray.CreateBuilder<Assignment>();
            foreach (var item in list.Items)
            {
                if (item is not YamlMappingNode mapping) throw new VarTraceException(item.Start, "a vars file list must hold mappings of variable names to values");
                builder.AddRange(ToAssignments(mapping));
            }

            return new VarsFile(path, builder.ToImmutable());
        }

        return FromYaml(yaml);
    }

    /// <summary>Turns a loaded file into its variables.</summary>
    /// <exception cref="VarTraceException">More than one document, or a top level that is not a mapping.</exception>
    public static VarsFile FromYaml(YamlFile yaml)
    {
        if (yaml.Documents.Length > 1)
        {
            throw new VarTraceException(yaml.Documents[1].Start, "expected a single YAML document, found more than one (Ansible reads one document per vars file)");
        }

        if (yaml.Documents.Length == 0 || yaml.Documents[0] is YamlScalarNode { Value: AnsibleNull })
        {
            return new VarsFile(yaml.Path, []);
        }

        if (yaml.Documents[0] is not YamlMappingNode mapping)
        {
            throw new VarTraceException(yaml.Documents[0].Start, "expected a mapping of variable names to values");
        }

        return new VarsFile(yaml.Path, ToAssignments(mapping));
    }

    /// <summary>The entries of a mapping as assignments; keys that are not strings are reported.</summary>
    /// <exception cref="VarTraceException">A key is not a string.</exception>
    public static ImmutableArray<Assignment> ToAssignments(YamlMappingNode mapping)
    {
        var builder = ImmutableArray.CreateBuilder<Assignment>(mapping.Entries.Length);
        foreach (var entry in mapping.Entries)
        {
            var name = entry.Key.Value switch
            {
                AnsibleString s => s.Value,
                AnsibleInt or AnsibleBool or AnsibleFloat => KeyText(entry.Key),
                _ => throw new VarTraceException(entry.Key.Start, "a variable name must be a string"),
            };
            builder.Add(new Assignment(name, entry.Value.Value, entry.Key.Start));
        }

        return builder.MoveToImmutable();
    }

    private static string KeyText(YamlNode key) => key is YamlScalarNode scalar ? scalar.Text : string.Empty;

    private static void CollectDirectory(ProjectFiles files, string directory, IReadOnlyList<string> extensions, List<string> found, int depth)
    {
        // Symlinked directories could loop; Ansible would recurse until the OS refuses, we stop.
        if (depth > 32) return;
        foreach (var entry in files.List(directory))
        {
            var name = entry[(entry.LastIndexOf('/') + 1)..];
            if (name.StartsWith('.') || name.EndsWith('~')) continue;
            var extension = Path.GetExtension(name);
            if (files.DirectoryExists(entry))
            {
                if (extension.Length == 0) CollectDirectory(files, entry, extensions, found, depth + 1);
            }
            else if (extension.Length == 0 || extensions.Contains(extension))
            {
                found.Add(entry);
            }
        }
    }
}
