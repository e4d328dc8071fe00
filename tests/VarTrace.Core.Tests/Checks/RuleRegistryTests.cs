using System.Text.RegularExpressions;
using VarTrace.Core.Checks;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Checks;

public sealed partial class RuleRegistryTests
{
    [Fact]
    public void Registry_HasTheStatedNumberOfRules()
    {
        // Update when adding a rule.
        Assert.Equal(19, RuleRegistry.All.Length);
    }

    [Fact]
    public void Rules_HaveWellFormedUniqueIdsAndNamesInOrder()
    {
        var descriptors = RuleRegistry.All.Select(static r => r.Descriptor).ToList();
        Assert.All(descriptors, d => Assert.Matches(IdPattern(), d.Id));
        Assert.All(descriptors, d => Assert.Matches(NamePattern(), d.Name));
        Assert.Equal(descriptors.Count, descriptors.Select(static d => d.Id).Distinct().Count());
        Assert.Equal(descriptors.Count, descriptors.Select(static d => d.Name).Distinct().Count());
        Assert.Equal(descriptors.Select(static d => d.Id).Order(StringComparer.Ordinal), descriptors.Select(static d => d.Id));
    }

    [Fact]
    public void EveryRule_HasItsPageWithTheRequiredHeadingsInOrder()
    {
        foreach (var rule in RuleRegistry.All.Select(static r => r.Descriptor))
        {
            var page = rule.Documentation;
            Assert.StartsWith($"# {rule.Id}: {rule.Name}\n", page);
            var positions = RuleDocumentation.RequiredHeadings.Select(h => page.IndexOf("\n" + h + "\n", StringComparison.Ordinal)).ToList();
            Assert.True(positions.All(static p => p > 0), $"{rule.Id}: a required heading is missing");
            Assert.Equal(positions.Order(), positions);
            Assert.Contains($"# <-- {rule.Id}", page);
            Assert.NotEmpty(RuleDocumentation.Summary(rule.Id));
        }
    }

    [Fact]
    public void EveryRule_HasFailingAndPassingFixtures()
    {
        foreach (var rule in RuleRegistry.All.Select(static r => r.Descriptor))
        {
            var directory = Path.Combine(RepositoryPaths.Fixtures, "rules", rule.Id);
            Assert.True(Directory.Exists(directory), $"no fixtures for {rule.Id}");
            var cases = Directory.GetDirectories(directory).Select(Path.GetFileName).ToList();
            Assert.Contains(cases, static c => c!.StartsWith("fail-", StringComparison.Ordinal));
            Assert.Contains(cases, static c => c!.StartsWith("pass-", StringComparison.Ordinal));
            Assert.All(cases, c => Assert.True(c!.StartsWith("fail-", StringComparison.Ordinal) || c.StartsWith("pass-", StringComparison.Ordinal), $"{rule.Id}/{c}: cases start with fail- or pass-"));
        }
    }

    [Fact]
    public void FixtureDirectories_AreAllRegisteredRules()
    {
        var ids = RuleRegistry.All.Select(static r => r.Descriptor.Id).ToHashSet();
        Assert.All(Directory.GetDirectories(Path.Combine(RepositoryPaths.Fixtures, "rules")), d => Assert.Contains(Path.GetFileName(d), ids));
    }

    [GeneratedRegex(@"^VT\d{4}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*$")]
    private static partial Regex NamePattern();
}
