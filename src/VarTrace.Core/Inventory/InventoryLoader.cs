using System.Text.RegularExpressions;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Inventory;

/// <summary>
/// Reads the <c>-i</c> sources into one group tree as ansible-core 2.14's
/// <c>InventoryManager.parse_sources</c> does with the default plugin chain
/// (<c>host_list</c>, <c>script</c>, <c>auto</c>, <c>yaml</c>, <c>ini</c>, <c>toml</c>). VarTrace never runs
/// code: inventory scripts and inventory plugin configs are reported, not read.
/// </summary>
public static class InventoryLoader
{
    // inventory/manager.py IGNORED: hidden entries, the vars directories, INVENTORY_IGNORE_PATTERNS
    // (default none) and INVENTORY_IGNORE_EXTS (default REJECT_EXTS + .orig .ini .cfg .retry), so a
    // `hosts.ini` inside an inventory directory is skipped. ansible.cfg overrides are not read.
    private static readonly Regex Ignored = new(
        @"^\.|^host_vars$|^group_vars$|^vars_plugins$|\.pyc$|\.pyo$|\.swp$|\.bak$|~$|\.rpm$|\.md$|\.txt$|\.rst$|\.orig$|\.ini$|\.cfg$|\.retry$",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// Loads <paramref name="sources"/> (paths relative to <paramref name="projectRoot"/> or absolute, or
    /// comma-separated host lists) in order, merges them and reconciles the result.
    /// </summary>
    /// <remarks>
    /// A host list (a source with a comma that is not an existing path, Ansible's <c>host_list</c>
    /// plugin) adds its hosts to <c>ungrouped</c> but no <see cref="InventorySource"/>: Ansible's vars
    /// plugins skip host lists, so there is no vars directory. Problems Ansible only warns about are
    /// <see cref="InventoryData.Diagnostics"/>.
    /// </remarks>
    /// <param name="projectRoot">The checkout.</param>
    /// <param name="sources">The sources in order.</param>
    /// <param name="limits">What may be read (default <see cref="InputLimits.Default"/>).</param>
    /// <param name="diagnostics">Also receives the diagnostics as they are found, so they survive a load that fails.</param>
    /// <exception cref="VarTraceException">A source is missing or outside the project, or a file Ansible cannot parse.</exception>
    public static InventoryData Load(string projectRoot, IReadOnlyList<string> sources, InputLimits? limits = null, List<LoadDiagnostic>? diagnostics = null)
    {
        var data = new InventoryData(diagnostics ?? []);
        return Load(new ProjectFiles(projectRoot, limits, data.Diagnostics), sources, data);
    }

    /// <summary>Loads the sources from <paramref name="files"/> (the disk or a git revision); sources are relative to its root.</summary>
    /// <exception cref="VarTraceException">A source is missing or outside the project, or a file Ansible cannot parse.</exception>
    public static InventoryData Load(ProjectFiles files, IReadOnlyList<string> sources, List<LoadDiagnostic>? diagnostics = null) =>
        Load(files, sources, new InventoryData(diagnostics ?? []));

    private static InventoryData Load(ProjectFiles files, IReadOnlyList<string> sources, InventoryData data)
    {
        var reader = new SourceReader(files, new InventoryBuilder(data, files.Limits));
        foreach (var source in sources)
        {
            if (source.Length > 0) reader.Read(source);
        }

        data.Reconcile();
        return data;
    }

    private sealed class SourceReader(ProjectFiles files, InventoryBuilder builder)
    {
        private InventoryData Data => builder.Data;

        public void Read(string source)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.IsPathRooted(source) ? source : Path.Combine(files.Root, source)));
            var relative = files.ToRelative(full, files.Root);
            if (!(relative is null ? Path.Exists(full) : files.Exists(relative)))
            {
                if (!source.Contains(',')) throw new VarTraceException(null, $"inventory source `{source}` does not exist");
                ReadHostList(source);
                return;
            }

            if (relative is null || !(files.FileExists(relative) || files.DirectoryExists(relative)))
            {
                throw new VarTraceException(null, $"inventory source `{source}` lies outside the project directory, which VarTrace does not read");
            }

            var isDirectory = files.DirectoryExists(relative);
            Data.Sources.Add(new InventorySource(
                relative.Length == 0 ? "." : relative,
                isDirectory ? relative : ProjectFiles.DirectoryOf(relative),
                Data.Sources.Count));
            if (isDirectory) ReadDirectory(relative);
            else ReadFile(relative);
        }

        /// <summary>
        /// <c>plugins/inventory/host_list.py</c>: comma-separated addresses with optional ports; ranges are
        /// not expanded (a name with a range is kept as written). Known hosts are left alone.
        /// </summary>
        private void ReadHostList(string source)
        {
            var location = SourceLocation.WholeFile(source);
            foreach (var part in source.Split(','))
            {
                var address = InventoryText.PyStrip(part);
                if (address.Length == 0) continue;
                var (host, port) = HostRange.ParseAddress(address, allowRanges: false) ?? (address, null);
                if (!Data.Hosts.ContainsKey(host)) builder.AddHost(host, "ungrouped", port, location);
            }
        }

        /// <summary>
        /// <c>InventoryManager.parse_source</c> on a directory: entries sorted by name, ignored names
        /// skipped, subdirectories read recursively. Unlike Ansible, a symlinked subdirectory is not
        /// followed, so a link cannot lead out of the checkout or into a loop.
        /// </summary>
        private void ReadDirectory(string directory)
        {
            foreach (var entry in files.List(directory))
            {
                if (Ignored.IsMatch(entry[(entry.LastIndexOf('/') + 1)..])) continue;
                if (files.IsSymlinkedDirectory(entry))
                {
                    Data.Diagnostics.Add(new LoadDiagnostic(SourceLocation.WholeFile(entry), $"symlinked directory `{entry}` in an inventory directory is not followed"));
                }
                else if (files.DirectoryExists(entry))
                {
                    ReadDirectory(entry);
                }
                else
                {
                    ReadFile(entry);
                }
            }
        }

        /// <summary>
        /// One file, offered to the plugins in Ansible's order: an executable file or one starting with
        /// <c>#!</c> is a script; a file without extension or ending in .yml/.yaml/.json goes to the YAML
        /// plugins first; anything the YAML plugins reject goes to the INI plugin.
        /// </summary>
        private void ReadFile(string file)
        {
            var text = files.ReadTextLeniently(file);
            var location = SourceLocation.WholeFile(file);
            if (text.StartsWith("#!", StringComparison.Ordinal) || files.IsExecutable(file))
            {
                Data.Diagnostics.Add(new LoadDiagnostic(location, $"inventory script `{file}` is not analysed: VarTrace never runs inventory scripts"));
                return;
            }

            var extension = PythonExtension(file[(file.LastIndexOf('/') + 1)..]);
            if (extension == ".toml")
            {
                // The toml plugin comes last in Ansible's chain, after ini usually fails on TOML syntax.
                Data.Diagnostics.Add(new LoadDiagnostic(location, $"TOML inventory `{file}` is not analysed: VarTrace reads INI and YAML inventories"));
                return;
            }

            var ini = new IniInventoryParser(builder, file);
            if (extension is not ("" or ".yml" or ".yaml" or ".json"))
            {
                ini.Parse(text);
                return;
            }

            if (ReadYaml(file, text, extension.Length == 0, out var yamlProblem)) return;
            if (extension.Length == 0)
            {
                // Most extension-less inventories are INI, so their INI errors are the useful ones.
                ini.Parse(text);
                return;
            }

            try
            {
                ini.Parse(text);
            }
            catch (VarTraceException)
            {
                // A .yml/.yaml/.json file that is neither YAML inventory nor INI: report the YAML problem.
                throw yamlProblem!;
            }
        }

        /// <summary>
        /// The <c>auto</c> and <c>yaml</c> plugins. Returns false, with the reason, when they would fail
        /// and Ansible moves on to the INI plugin: not YAML, more than one document, not a mapping (or,
        /// for an extension-less file, empty).
        /// </summary>
        private bool ReadYaml(string file, string text, bool fallBackWhenEmpty, out VarTraceException? problem)
        {
            problem = null;
            YamlFile yaml;
            try
            {
                yaml = AnsibleDataLoader.Load(text, file, files.Limits);
            }
            catch (VarTraceException e)
            {
                problem = e;
                return false;
            }

            if (yaml.Documents.Length > 1)
            {
                problem = new VarTraceException(yaml.Documents[1].Start, "an inventory file must hold a single YAML document");
                return false;
            }

            var root = yaml.Documents.FirstOrDefault();
            if (root is null || YamlInventoryParser.IsFalsy(root.Value)) return !fallBackWhenEmpty;
            if (root is not YamlMappingNode mapping)
            {
                problem = new VarTraceException(root.Start, $"a YAML inventory must be a mapping of groups, not a {root.Value.PythonType}");
                return false;
            }

            if (mapping.Find("plugin") is { } plugin && !YamlInventoryParser.IsFalsy(plugin.Value.Value))
            {
                var name = plugin.Value is YamlScalarNode scalar ? scalar.Text : plugin.Value.Value.PythonType;
                Data.Diagnostics.Add(new LoadDiagnostic(plugin.Key.Start, $"inventory plugin `{name}` is not analysed"));
                return true;
            }

            files.WarnDuplicateKeys(yaml);
            new YamlInventoryParser(builder).Parse(mapping);
            return true;
        }

        /// <summary>Python's <c>os.path.splitext</c> extension of a file name: leading dots do not start one.</summary>
        private static string PythonExtension(string name)
        {
            var dot = name.LastIndexOf('.');
            return dot > 0 && name[..dot].Any(static c => c != '.') ? name[dot..] : string.Empty;
        }
    }
}
