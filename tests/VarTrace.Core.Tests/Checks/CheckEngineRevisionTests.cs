using VarTrace.Core.Checks;
using VarTrace.Core.Git;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Checks;

/// <summary>
/// <c>check</c> on a git revision reads everything through the revision's tree: <c>.vartrace.yml</c>,
/// the inventory and playbook it names, the files the scanner walks and the lines findings quote.
/// The working tree holds none of those files (they are deleted after the commit), so a single read
/// from the disk would change the answer or fail.
/// </summary>
public sealed class CheckEngineRevisionTests(CheckEngineRevisionTests.Repository repository) : IClassFixture<CheckEngineRevisionTests.Repository>
{
    private readonly GitRepository _repository = repository.Git;

    [Fact]
    public void Revision_IsCheckedFromItsTree_WithItsOwnConfiguration_AndQuotesItsLines()
    {
        using var tree = GitRevisionTree.Open(_repository.Root, "HEAD");
        var config = CheckConfig.Load(new ProjectFiles(_repository.Root, tree));

        var result = CheckEngine.Run(new CheckOptions(new WorkspaceOptions(_repository.Root, [], null, [], _repository.Root), config), tree);

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal("VT3001", finding.Rule.Id);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(new SourceLocation("group_vars/web.yml", 2, 1), finding.Location);
        Assert.StartsWith("`http_prot` is set in group_vars/web.yml", finding.Message, StringComparison.Ordinal);
        Assert.Equal("http_prot: 8080", result.Line("group_vars/web.yml", 2));
    }

    [Fact]
    public void WorkingTree_WithoutTheFiles_CannotBeChecked()
    {
        var config = CheckConfig.Load(_repository.Root);

        var error = Assert.Throws<VarTraceException>(() => CheckEngine.Run(new CheckOptions(new WorkspaceOptions(_repository.Root, [], null, [], _repository.Root), config)));

        Assert.Contains("no inventory given", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One commit, and a working tree from which its files are gone.</summary>
    public sealed class Repository : IDisposable
    {
        public Repository()
        {
            Git.With(".vartrace.yml", "inventory: hosts.ini\nplaybook: site.yml\nseverity:\n  VT3001: warning\n")
                .With("hosts.ini", "[web]\nweb1\n")
                .With("group_vars/web.yml", "---\nhttp_prot: 8080\n")
                .With("site.yml", "- hosts: web\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: \"{{ http_port | default(80) }}\"\n")
                .Commit("a typo in group_vars");
            foreach (var path in (string[])[".vartrace.yml", "hosts.ini", "group_vars/web.yml", "site.yml"]) File.Delete(Path.Combine(Git.Root, path));
        }

        internal GitRepository Git { get; } = new();

        public void Dispose() => Git.Dispose();
    }
}
