using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Core.Checks;

/// <summary>What to check and how.</summary>
/// <param name="Workspace">The checkout, inventories and playbook (before <c>.vartrace.yml</c> defaults).</param>
/// <param name="Config">The project's configuration.</param>
/// <param name="OnlyRules">Run only these rule IDs (tests run one rule at a time); null runs every enabled rule.</param>
/// <param name="Baseline">Findings accepted earlier, not shown again.</param>
public sealed record CheckOptions(WorkspaceOptions Workspace, CheckConfig Config, IReadOnlySet<string>? OnlyRules = null, Baseline? Baseline = null);

/// <summary>
/// Runs the rules: loads the checkout, scans its files once, resolves every host in every context
/// once, and hands each piece to the rules subscribed to it.
/// </summary>
public static partial class CheckEngine
{
    /// <summary>Checks a checkout on the disk, or as <paramref name="tree"/> (a git revision) holds it.</summary>
    /// <param name="options">What to check and how.</param>
    /// <param name="tree">The files to read instead of the disk's; every file the rules look at is read through it.</param>
    /// <exception cref="VarTraceException">The inventory or playbook cannot be found (nothing can be checked).</exception>
    public static CheckResult Run(CheckOptions options, IFileTree? tree = null)
    {
        var reported = new List<Diagnostic>();
        var registrations = RuleRegistry.All
            .Where(r => options.OnlyRules is null || options.OnlyRules.Contains(r.Descriptor.Id))
            .Where(r => r.Descriptor.Status != RuleStatus.Removed)
            .Select(r => (Entry: r, Severity: options.Config.SeverityOf(r.Descriptor)))
            .Where(static r => r.Severity != Severity.Off)
            .Select(r =>
            {
                var registration = new RuleRegistration(r.Entry.Descriptor, r.Severity, reported.Add);
                r.Entry.Register(registration);
                return registration;
            })
            .ToList();

        Workspace workspace;
        try
        {
            workspace = Workspace.Load(options.Config.ApplyDefaults(options.Workspace), tree: tree);
        }
        catch (VarTraceException e) when (e.Location is { Line: > 0 })
        {
            // A broken playbook or inventory stops everything else; report it as the finding it is.
            var root = Path.GetFullPath(options.Workspace.ProjectDirectory, options.Workspace.CurrentDirectory);
            var files = tree is null ? new ProjectFiles(root, options.Workspace.Limits) : new ProjectFiles(root, tree, options.Workspace.Limits);
            foreach (var check in registrations.SelectMany(static r => r.LoadErrorChecks)) check(e);
            return Finish(reported, options, files);
        }

        var walk = new Walk(workspace, registrations);
        walk.Run();
        return Finish(reported, options, workspace.Files);
    }

    private sealed class Walk(Workspace workspace, List<RuleRegistration> registrations)
    {
        private readonly List<LoadDiagnostic> _loadDiagnostics = [];

        public void Run()
        {
            var roleDirectories = new HashSet<string>(StringComparer.Ordinal);
            var contexts = new List<(Play Play, string? Role)>();
            foreach (var play in workspace.Plays)
            {
                contexts.Add((play, null));
                foreach (var reference in play.Roles)
                {
                    if (TryLoad(() => workspace.Role(play, reference)) is not { } instance) continue;
                    foreach (var role in instance.AllDependencies().Append(instance))
                    {
                        roleDirectories.Add(role.Files.Directory);
                        if (!contexts.Contains((play, role.Name))) contexts.Add((play, role.Name));
                    }
                }
            }

            var playbookFiles = workspace.Plays.Select(static p => p.Location.File).Append(workspace.Playbook).ToHashSet(StringComparer.Ordinal);
            var scan = ProjectScanner.Scan(workspace, roleDirectories, playbookFiles);
            Dispatch(static r => r.FileChecks, scan.Files);
            Dispatch(static r => r.TemplateChecks, scan.Sites);
            Dispatch(static r => r.EntityVarsChecks, EntityVars());

            // Resolving also surfaces load problems the end-of-run rules report.
            if (registrations.Any(static r => r.ResolutionChecks.Count > 0 || r.EndChecks.Count > 0)) ResolveAll(contexts, scan);
            var end = new CheckEnd(workspace, scan, [.. workspace.Diagnostics.Concat(_loadDiagnostics).Distinct()]);
            Dispatch(static r => r.EndChecks, [end]);
        }

        private void ResolveAll(List<(Play Play, string? Role)> contexts, ProjectScan scan)
        {
            foreach (var host in workspace.Inventory.Hosts.Keys.Order(StringComparer.Ordinal))
            {
                if (workspace.Plays.IsEmpty)
                {
                    Resolve(host, new ResolutionContext(null, null, []), workspace.Playbook, scan);
                    continue;
                }

                foreach (var (play, role) in contexts)
                {
                    if (HostPattern.Match(workspace.Inventory, play.Hosts)?.Contains(host) != true) continue;
                    if (TryLoad(() => Resolver.ChooseContext(workspace, host, play.Number, role)) is not { } context) continue;
                    Resolve(host, context, context.Role?.Files.Directory ?? play.Location.File, scan);
                }
            }
        }

        private void Resolve(string host, ResolutionContext context, string owner, ProjectScan scan)
        {
            if (TryLoad(() => Resolver.Resolve(workspace, host, context)) is not { } resolution) return;
            var resolved = new ResolvedContext(resolution, owner, [.. scan.SitesByOwner[owner]], new ValueEvaluator(resolution, EvaluationOptions.Ansible214), scan);
            Dispatch(static r => r.ResolutionChecks, [resolved]);
        }

        private IEnumerable<EntityVarsCandidates> EntityVars()
        {
            var files = workspace.Files;
            var baseDirectories = workspace.Inventory.Sources.Select(static s => s.VarsDirectory)
                .Concat(workspace.Plays.Select(static p => p.PlaybookDirectory))
                .Distinct(StringComparer.Ordinal);
            foreach (var directory in baseDirectories)
            {
                foreach (var kind in (string[])["group_vars", "host_vars"])
                {
                    var entities = files.List(ProjectFiles.Combine(directory, kind))
                        .Select(static path => path[(path.LastIndexOf('/') + 1)..])
                        .Where(static name => !name.StartsWith('.') && !name.EndsWith('~'))
                        .Select(static name => VarsFiles.YamlExtensions.FirstOrDefault(name.EndsWith) is { } ext ? name[..^ext.Length] : name)
                        .Distinct(StringComparer.Ordinal);
                    foreach (var entity in entities)
                    {
                        yield return new EntityVarsCandidates(directory, kind, entity, workspace.ShadowedEntityFiles(directory, kind, entity));
                    }
                }
            }
        }

        private T? TryLoad<T>(Func<T> load)
            where T : class
        {
            try
            {
                return load();
            }
            catch (VarTraceException e)
            {
                Dispatch(static r => r.LoadErrorChecks, [e]);
                return null;
            }
        }

        private void Dispatch<T>(Func<RuleRegistration, List<Action<T>>> hook, IEnumerable<T> items)
        {
            var subscribed = registrations.SelectMany(hook).ToList();
            if (subscribed.Count == 0) return;
            foreach (var item in items)
            {
                foreach (var check in subscribed) check(item);
            }
        }
    }

    private static CheckResult Finish(List<Diagnostic> reported, CheckOptions options, ProjectFiles files)
    {
        var lines = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        ImmutableArray<string>? LinesOf(string file)
        {
            if (lines.TryGetValue(file, out var cached)) return cached;
            try
            {
                var read = files.FileExists(file) ? files.ReadText(file).ReplaceLineEndings("\n").Split('\n').ToImmutableArray() : [];
                lines[file] = read;
                return read;
            }
            catch (VarTraceException)
            {
                lines[file] = [];
                return null;
            }
        }

        var unique = reported
            .DistinctBy(static d => (d.Rule.Id, d.Location, d.Message))
            .Order(Comparer<Diagnostic>.Create(Diagnostic.Compare))
            .ToList();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var fingerprinted = unique.Select(d =>
        {
            var line = LinesOf(d.Location.File) is { } l && d.Location.Line >= 1 && d.Location.Line <= l.Length ? l[d.Location.Line - 1].Trim() : string.Empty;
            var basis = $"{d.Rule.Id}\0{d.Location.File}\0{line}\0{LineNumbers().Replace(d.Message, "$1")}";
            var occurrence = occurrences[basis] = occurrences.GetValueOrDefault(basis) + 1;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{basis}\0{occurrence}")))[..32];
            return d with { Fingerprint = hash };
        }).ToList();

        var suppressions = new Dictionary<string, Suppressions?>(StringComparer.Ordinal);
        bool Silenced(Diagnostic d)
        {
            if (!suppressions.TryGetValue(d.Location.File, out var comments)) suppressions[d.Location.File] = comments = LinesOf(d.Location.File) is { } l ? Suppressions.Of(l) : null;
            return comments?.Silence(d) == true;
        }

        var shown = fingerprinted.Where(d => !Silenced(d)).ToList();
        var suppressed = fingerprinted.Except(shown).ToImmutableArray();
        var (fresh, known) = options.Baseline is { } baseline ? baseline.Split(shown) : ([.. shown], []);
        foreach (var d in fresh) LinesOf(d.Location.File);
        var used = fresh.Select(static d => d.Location.File).ToHashSet(StringComparer.Ordinal);
        return new CheckResult(fresh, suppressed, known, lines.Where(p => used.Contains(p.Key)).ToImmutableDictionary(StringComparer.Ordinal));
    }

    /// <summary>`file.yml:12:3` in a message: the line moves with edits, the file does not.</summary>
    [GeneratedRegex(@"(\.[A-Za-z0-9]+):\d+(?::\d+)?")]
    private static partial Regex LineNumbers();
}
