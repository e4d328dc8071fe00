using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Explain;
using VarTrace.Core.Project;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Explain;

/// <summary>What <c>explain --at FILE:LINE</c> without a variable finds on a line.</summary>
public sealed class LineVariablesTests
{
    private const string Inventory = "[web]\nweb1 http_port=8080 ansible_host=10.0.0.1\n\n[web:vars]\nproxy=squid\n";

    private static LineVariables Find(TempProject project, string file, int line, string inventory = "hosts.ini")
    {
        if (!File.Exists(Path.Combine(project.Root, "hosts.ini"))) project.With("hosts.ini", Inventory);
        if (!File.Exists(Path.Combine(project.Root, "site.yml"))) project.With("site.yml", "- hosts: web\n  gather_facts: false\n");
        var workspace = Workspace.Load(new WorkspaceOptions(project.Root, [inventory], null, [], project.Root));
        return LineVariables.Find(workspace, new FileLine(file, line));
    }

    private static string[] Defined(LineVariables found) =>
        [.. found.Variables.Where(static v => v.Use == LineVariableUse.Defines).Select(static v => v.Name)];

    private static string[] Read(LineVariables found) =>
        [.. found.Variables.Where(static v => v.Use == LineVariableUse.Reads).Select(static v => v.Name)];

    [Fact]
    public void RoleDefaultsKey_DefinesIt_AtItsKey()
    {
        using var project = new TempProject().With("roles/r/defaults/main.yml", "---\n# size\nblock_size: 26\nother: 1\n");

        var found = Find(project, "roles/r/defaults/main.yml", 3);

        Assert.Equal(ScannedFileKind.Variables, found.FileKind);
        var variable = Assert.Single(found.Variables);
        Assert.Equal(("block_size", LineVariableUse.Defines, 3, 1), (variable.Name, variable.Use, variable.Location.Line, variable.Location.Column));
        Assert.Equal(["block_size"], found.ToExplain.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void SeparatorCommentOrBlankLine_HasNothing(int line)
    {
        using var project = new TempProject().With("group_vars/web.yml", "---\n# ports\nport: 80\n\n\n");

        Assert.Empty(Find(project, "group_vars/web.yml", line).Variables);
    }

    [Fact]
    public void LineInsideADictValue_StandsForTheVariableHoldingIt()
    {
        using var project = new TempProject().With("group_vars/web.yml", "pool:\n  cidr: 10.0.0.0/24\n  # comment\n  size: 26\nport: 80\n");

        Assert.Equal(["pool"], Find(project, "group_vars/web.yml", 4).ToExplain.ToArray());
        Assert.Empty(Find(project, "group_vars/web.yml", 3).Variables);
    }

    [Fact]
    public void TemplatedValue_DefinesTheKey_AndReadsItsNames_ButExplainsTheDefinition()
    {
        using var project = new TempProject().With("host_vars/web1.yml", "url: \"{{ scheme | default(proto) }}://{{ host }}\"\n");

        var found = Find(project, "host_vars/web1.yml", 1);

        Assert.Equal(["url"], Defined(found));
        Assert.Equal(["scheme", "proto", "host"], Read(found));
        Assert.Equal(["url"], found.ToExplain.ToArray());
    }

    [Fact]
    public void MappingFileOutsideVarsDirectories_IsAVarsFile()
    {
        using var project = new TempProject().With("settings.yml", "region: eu\nzone: a\n");

        var found = Find(project, "settings.yml", 2);

        Assert.Equal(ScannedFileKind.Variables, found.FileKind);
        Assert.Equal(["zone"], found.ToExplain.ToArray());
    }

    private const string Playbook = """
        - hosts: web
          vars:
            play_var: 1
          tasks:
            - block:
                - name: Compute
                  set_fact:
                    pool_size: "{{ base_size | default(node_prefix) }}"
                    cacheable: true
                  vars:
                    task_var: 2
                  register: compute_result
                - set_fact: a=1 b="two"
                - include_vars:
                    file: extra.yml
                    name: extra
              vars:
                block_var: 3
              when: enabled and mode == 'on'
        """;

    [Theory]
    [InlineData(3, "play_var")]
    [InlineData(8, "pool_size")]
    [InlineData(11, "task_var")]
    [InlineData(12, "compute_result")]
    [InlineData(16, "extra")]
    [InlineData(18, "block_var")]
    public void PlaybookKey_DefinesTheVariable(int line, string expected)
    {
        using var project = new TempProject().With("site.yml", Playbook);

        Assert.Equal([expected], Find(project, "site.yml", line).ToExplain.ToArray());
    }

    [Fact]
    public void SetFactKeyLine_DefinesEveryArgumentButCacheable()
    {
        using var project = new TempProject().With("site.yml", Playbook);

        Assert.Equal(["pool_size"], Find(project, "site.yml", 7).ToExplain.ToArray());
        Assert.Equal(["a", "b"], Find(project, "site.yml", 13).ToExplain.ToArray());
    }

    [Fact]
    public void Condition_ReadsItsNamesInOrder()
    {
        using var project = new TempProject().With("site.yml", Playbook);

        var found = Find(project, "site.yml", 19);

        Assert.Equal(ScannedFileKind.Tasks, found.FileKind);
        Assert.Equal(["enabled", "mode"], found.ToExplain.ToArray());
        Assert.Equal(19, found.Variables[0].Location.Line);
        Assert.Equal(13, found.Variables[0].Location.Column);
    }

    [Fact]
    public void TaskNameLine_HasNothing()
    {
        using var project = new TempProject().With("site.yml", Playbook);

        Assert.Empty(Find(project, "site.yml", 6).Variables);
    }

    [Fact]
    public void LoopVariables_JinjaLocalsAndCalledGlobals_AreNotRead()
    {
        using var project = new TempProject().With("roles/r/tasks/main.yml", """
            - debug:
                msg: "{{ item.name ~ sep ~ pkg }} {% for x in extra %}{{ x ~ suffix }}{% endfor %} {{ lookup('env', 'HOME') ~ home }}"
              loop: "{{ packages }}"
              loop_control:
                loop_var: pkg
            """);

        var found = Find(project, "roles/r/tasks/main.yml", 2);

        Assert.Equal(["sep", "extra", "suffix", "home"], found.ToExplain.ToArray());
    }

    [Fact]
    public void FoldedBlockScalar_ReadsOnlyTheNamesOnThatLine_EvenWhenANameRepeats()
    {
        using var project = new TempProject().With("roles/r/tasks/main.yml", """
            - set_fact:
                pool: >
                  {
                    "name": "{{ pool_name }}",
                    "blockSize": {{ block_size | default(node_prefix) }},
                    "alias": "{{ pool_name }}-{{ suffix }}"
                  }
            """);

        Assert.Equal(["block_size", "node_prefix"], Find(project, "roles/r/tasks/main.yml", 5).ToExplain.ToArray());
        Assert.Equal(["pool_name", "suffix"], Find(project, "roles/r/tasks/main.yml", 6).ToExplain.ToArray());
        Assert.Equal(["pool"], Find(project, "roles/r/tasks/main.yml", 7).ToExplain.ToArray());
    }

    [Fact]
    public void TemplateFileLine_ReadsItsNames()
    {
        using var project = new TempProject().With("roles/r/templates/app.conf.j2", "# app\nlisten {{ bind_address }}:{{ http_port }}\n{% for u in upstreams %}server {{ u }};{% endfor %}\n");

        var found = Find(project, "roles/r/templates/app.conf.j2", 2);

        Assert.Equal(ScannedFileKind.Template, found.FileKind);
        Assert.Equal(["bind_address", "http_port"], found.ToExplain.ToArray());
        Assert.Equal(["upstreams"], Find(project, "roles/r/templates/app.conf.j2", 3).ToExplain.ToArray());
    }

    [Fact]
    public void IniInventoryHostLine_DefinesEachHostVariable()
    {
        using var project = new TempProject();

        var found = Find(project, "hosts.ini", 2);

        Assert.Equal(ScannedFileKind.Inventory, found.FileKind);
        Assert.Equal(["http_port", "ansible_host"], found.ToExplain.ToArray());
        Assert.Equal(["proxy"], Find(project, "hosts.ini", 5).ToExplain.ToArray());
        Assert.Empty(Find(project, "hosts.ini", 1).Variables);
    }

    [Fact]
    public void YamlInventoryGroupAndHostVars_AreDefinitions()
    {
        using var project = new TempProject().With("inventory.yml", "all:\n  vars:\n    ntp: pool.ntp.org\n  children:\n    web:\n      hosts:\n        web1:\n          http_port: 8080\n");

        Assert.Equal(["ntp"], Find(project, "inventory.yml", 3, "inventory.yml").ToExplain.ToArray());
        Assert.Equal(["http_port"], Find(project, "inventory.yml", 8, "inventory.yml").ToExplain.ToArray());
    }

    [Fact]
    public void MissingFile_IsAnInputError()
    {
        using var project = new TempProject();

        var error = Assert.Throws<Model.VarTraceException>(() => Find(project, "nope.yml", 1));

        Assert.Equal("--at nope.yml:1: no such file in the project", error.Message);
    }
}
