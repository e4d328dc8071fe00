using System.Collections.Frozen;
using VarTrace.Core.Jinja.Evaluation.Filters;
using VarTrace.Core.Jinja.Evaluation.Tests;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>The filters and tests VarTrace models, as ansible-core 2.14 with ansible.utils provides them.</summary>
public static class FunctionLibrary
{
    /// <summary>Every modelled filter and test, by short name (qualified names resolve through <see cref="FunctionRegistry"/>).</summary>
    public static FunctionRegistry Default { get; } = Build();

    private static FunctionRegistry Build()
    {
        var filters = new FunctionTable();
        CoreFilters.Register(filters);
        AnsibleCoreFilters.Register(filters);
        SerializationFilters.Register(filters);
        RegexFilters.Register(filters);
        NetworkFilters.Register(filters);
        MarkupFilters.Register(filters);
        ShapeFilters.Register(filters);
        var tests = new FunctionTable();
        CoreTests.Register(tests);
        AnsibleTests.Register(tests);
        NetworkTests.Register(tests);
        return new FunctionRegistry(filters.Entries.ToFrozenDictionary(StringComparer.Ordinal), tests.Entries.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
