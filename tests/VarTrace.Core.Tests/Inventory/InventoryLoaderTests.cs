using VarTrace.Core.Inventory;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>Sources, directories and file kinds (<see cref="InventoryLoader"/>).</summary>
public sealed class InventoryLoaderTests
{
    [Fact]
    public void FileSource_IsRecordedRelativeToTheProject()
    {
        using var project = new TempProject();
        var absolute = project.Write("inventory/prod/hosts", "[web]\nh1\n");

        var data = InventoryLoader.Load(project.Root, ["inventory/prod/hosts", absolute]);

        Assert.Equal(
            [new InventorySource("inventory/prod/hosts", "inventory/prod", 0), new InventorySource("inventory/prod/hosts", "inventory/prod", 1)],
            data.Sources);
        Assert.Equal(["h1"], data.Groups["web"].Hosts);
        Assert.Equal(new SourceLocation("inventory/prod/hosts", 2, 1), data.Hosts["h1"].Location);
    }

    [Fact]
    public void DirectorySource_IsItsOwnVarsDirectory()
    {
        using var project = new TempProject();
        project.Write("inventory/hosts", "h1\n");
        project.Write("top", "h2\n");

        var data = InventoryLoader.Load(project.Root, ["./inventory/", "."]);

        Assert.Equal([new InventorySource("inventory", "inventory", 0), new InventorySource(".", "", 1)], data.Sources);
    }

    [Fact]
    public void MissingSource_IsAnError()
    {
        using var project = new TempProject();

        var error = Assert.Throws<VarTraceException>(() => InventoryLoader.Load(project.Root, ["inventory/nope"]));

        Assert.Equal("inventory source `inventory/nope` does not exist", error.Message);
        Assert.Null(error.Location);
    }

    [Fact]
    public void SourceOutsideTheProject_IsAnError()
    {
        using var project = new TempProject();
        using var other = new TempProject();
        other.Write("hosts", "h1\n");

        var error = Assert.Throws<VarTraceException>(() => InventoryLoader.Load(project.Root, [Path.Combine(other.Root, "hosts")]));

        Assert.Contains("lies outside the project directory", error.Message);
    }

    // Checked with ansible-inventory 2.14.18 -i m1.ini -i m2.ini: [g:vars] in the second file applies to
    // the group the first file declared (the sources share one inventory).
    [Fact]
    public void Sources_MergeIntoOneTreeInOrder()
    {
        using var project = new TempProject();
        project.Write("m1.ini", "[g]\nh\n");
        project.Write("m2.ini", "[g:vars]\nv=1\n");

        var data = InventoryLoader.Load(project.Root, ["m1.ini", "m2.ini"]);

        Assert.Equal(new SourceLocation("m2.ini", 2, 1), data.Groups["g"].Vars.Single().Location);
    }

    // Checked with ansible-inventory 2.14.18 -i d on the same tree: all's children are ungrouped, b, j,
    // s (in that order) and hy is in ungrouped. hosts.ini is skipped because INVENTORY_IGNORE_EXTS
    // contains .ini; t.txt, o.orig, k~, w.yaml.bak, .hid/ and group_vars/ are skipped too; the
    // extension-less c is YAML, the extension-less b is INI; scr (a #! script that is not executable)
    // and p.yml (a plugin config) produce nothing.
    [Fact]
    public void DirectorySource_ReadsFilesLikeAnsible()
    {
        using var project = new TempProject();
        project.Write("d/hosts.ini", "[a]\nha\n");
        project.Write("d/b", "[b]\nhb\n");
        project.Write("d/c", "all:\n  hosts:\n    hy:\n");
        project.Write("d/sub/s", "[s]\nhs\n");
        project.Write("d/t.txt", "[t]\nht\n");
        project.Write("d/o.orig", "[o]\nho\n");
        project.Write("d/.hid/x", "[h]\nhh\n");
        project.Write("d/k~", "[k]\nhk\n");
        project.Write("d/w.yaml.bak", "[w]\nhw\n");
        project.Write("d/group_vars/all.yml", "x: 1\n");
        project.Write("d/p.yml", "plugin: constructed\n");
        project.Write("d/scr", "#!/bin/sh\necho {}\n");
        project.Write("d/j.json", "{\"j\": {\"hosts\": {\"hj\": null}}}");

        var data = InventoryLoader.Load(project.Root, ["d"]);

        Assert.Equal(["ungrouped", "b", "j", "s"], data.Groups["all"].Children);
        Assert.Equal(["hy"], data.Groups["ungrouped"].Hosts);
        Assert.Equal(new SourceLocation("d/sub/s", 2, 1), data.Hosts["hs"].Location);
        Assert.Equal(
            [
                "d/p.yml:1:1: inventory plugin `constructed` is not analysed",
                "d/scr: inventory script `d/scr` is not analysed: VarTrace never runs inventory scripts",
            ],
            data.Diagnostics.Select(static d => d.ToString()));
    }

    [Fact]
    public void ExecutableFile_IsAScriptAndNotRead()
    {
        if (OperatingSystem.IsWindows()) return;
        using var project = new TempProject();
        var path = project.Write("inventory.py", "[g]\nh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var data = InventoryLoader.Load(project.Root, ["inventory.py"]);

        Assert.Empty(data.Hosts);
        Assert.Contains("inventory script `inventory.py` is not analysed", Assert.Single(data.Diagnostics).Message);
    }

    [Fact]
    public void TomlFile_IsReportedNotRead()
    {
        using var project = new TempProject();
        project.Write("hosts.toml", "[web.hosts]\nh1 = {}\n");

        var data = InventoryLoader.Load(project.Root, ["hosts.toml"]);

        Assert.Empty(data.Hosts);
        Assert.Contains("TOML inventory `hosts.toml` is not analysed", Assert.Single(data.Diagnostics).Message);
    }

    [Fact]
    public void SymlinkedDirectory_IsNotFollowed()
    {
        if (OperatingSystem.IsWindows()) return;
        using var project = new TempProject();
        project.Write("real/hosts", "h1\n");
        project.Write("inv/main", "h2\n");
        Directory.CreateSymbolicLink(Path.Combine(project.Root, "inv", "linked"), Path.Combine(project.Root, "real"));

        var data = InventoryLoader.Load(project.Root, ["inv"]);

        Assert.Equal(["h2"], data.Hosts.Keys);
        Assert.Contains("symlinked directory `inv/linked`", Assert.Single(data.Diagnostics).Message);
    }

    // Checked with ansible-inventory 2.14.18 -i 'h1:22, node[1:2],10.0.0.1:2200,[::1]:22,fe80::1,h1:33':
    // ungrouped holds h1, node[1:2] (ranges are not expanded), 10.0.0.1, ::1 and fe80::1; h1 keeps port 22.
    [Fact]
    public void HostList_AddsUngroupedHostsAndNoSource()
    {
        using var project = new TempProject();

        var data = InventoryLoader.Load(project.Root, ["h1:22, node[1:2],10.0.0.1:2200,[::1]:22,fe80::1,h1:33"]);

        Assert.Equal(["h1", "node[1:2]", "10.0.0.1", "::1", "fe80::1"], data.Groups["ungrouped"].Hosts);
        Assert.Equal(22, Assert.IsType<AnsibleInt>(VarOf(data.Hosts["h1"].Vars, "ansible_port")).Value);
        Assert.Empty(data.Sources);
    }

    // Checked with ansible-inventory 2.14.18: a .yml file holding INI text is read by the INI plugin
    // after the YAML plugins fail, a YAML scalar file too (plain.yml gives host h1), an empty one gives
    // nothing; a list or broken YAML fails every plugin.
    [Theory]
    [InlineData("[web]\nh1\n", "h1")]
    [InlineData("h1\n", "h1")]
    [InlineData("", "")]
    public void YamlNamedFile_FallsBackToIni(string text, string hosts)
    {
        using var project = new TempProject();
        project.Write("hosts.yml", text);

        var data = InventoryLoader.Load(project.Root, ["hosts.yml"]);

        Assert.Equal(hosts.Split(' ', StringSplitOptions.RemoveEmptyEntries), data.Hosts.Keys);
    }

    [Theory]
    [InlineData("- a\n- b\n", 1, 1, "a YAML inventory must be a mapping of groups, not a list")]
    [InlineData("a: [1\n", 2, 1, "")]
    public void YamlNamedFile_ThatIsNeither_ReportsTheYamlProblem(string text, int line, int column, string message)
    {
        using var project = new TempProject();
        project.Write("hosts.yml", text);

        var error = Assert.Throws<VarTraceException>(() => InventoryLoader.Load(project.Root, ["hosts.yml"]));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("hosts.yml", line, column), error.Location);
    }
}
