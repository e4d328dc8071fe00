using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Cli.Tests;

/// <summary><c>vartrace values</c> on fixtures/kubespray-mini (values checked with ansible-playbook 2.14.18).</summary>
public sealed class ValuesCommandTests
{
    [Fact]
    public void Json_FollowsTheSchemaContract()
    {
        var (exitCode, output, _) = CliRunner.Run(CliRunner.KubesprayMini, "values", "-i", "inventory/mycluster/hosts.yaml", "--host", "node3", "--format", "json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("node3", root.GetProperty("host").GetString());
        var context = root.GetProperty("context");
        Assert.Equal("cluster.yml", context.GetProperty("playbook").GetString());
        Assert.Equal(JsonValueKind.Number, context.GetProperty("play").ValueKind);
        Assert.Equal(JsonValueKind.Null, context.GetProperty("role").ValueKind);
        var prefix = root.GetProperty("variables").GetProperty("kube_network_node_prefix");
        Assert.True(prefix.GetProperty("defined").GetBoolean());
        Assert.True(prefix.GetProperty("known").GetBoolean());
        Assert.Equal(25, prefix.GetProperty("value").GetInt32());
        var source = prefix.GetProperty("source");
        Assert.Equal("inventory_group_vars", source.GetProperty("level").GetString());
        Assert.Equal("inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml", source.GetProperty("file").GetString());
        Assert.True(source.GetProperty("line").GetInt32() > 0);
    }

    [Fact]
    public void Listing_LeavesOutHostvars_WhichExplainStillReads()
    {
        var (_, values, _) = CliRunner.Run(CliRunner.KubesprayMini, "values", "-i", "inventory/mycluster/hosts.yaml", "--limit", "all");
        var (exitCode, explained, _) = CliRunner.Run(CliRunner.KubesprayMini, "explain", "ip", "-i", "inventory/mycluster/hosts.yaml", "--host", "node1", "--expr", "{{ hostvars['node2'].ip }}");

        Assert.DoesNotContain("hostvars", values);
        Assert.Equal(0, exitCode);
        Assert.StartsWith("{{ hostvars['node2'].ip }} = \"192.168.10.12\"", explained);
    }

    [Fact]
    public void TemplatedValue_IsEvaluated_AndKeepsItsRawText()
    {
        var (_, output, _) = CliRunner.Run(CliRunner.KubesprayMini, "values", "-i", "inventory/mycluster/hosts.yaml", "--host", "node1", "--format", "json");

        using var json = JsonDocument.Parse(output);
        var certDir = json.RootElement.GetProperty("variables").GetProperty("kube_cert_dir");
        Assert.True(certDir.GetProperty("known").GetBoolean());
        Assert.Equal("/etc/kubernetes/ssl", certDir.GetProperty("value").GetString());
        Assert.Equal("{{ kube_config_dir }}/ssl", certDir.GetProperty("raw").GetString());
    }

    [Fact]
    public void Text_ListsEveryVariableWithItsLocation()
    {
        var (exitCode, output, _) = CliRunner.Run(CliRunner.KubesprayMini, "values", "-i", "inventory/mycluster/hosts.yaml", "--host", "node1", "--play", "4");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("# host node1, play 4 `Invoke kubeadm and install a CNI`", output);
        var line = output.Split('\n').Single(l => l.StartsWith("calico_pool_blocksize "));
        Assert.Contains("26", line);
        Assert.Contains("2/22 role defaults", line);
        Assert.Contains("roles/network_plugin/calico/defaults/main.yml:", line);
    }

    [Fact]
    public void Limit_AnswersEveryMatchedHost_InInventoryOrder_EachInItsOwnContext()
    {
        var (exitCode, output, _) = CliRunner.Run(CliRunner.KubesprayMini, "values", "-i", "inventory/mycluster/hosts.yaml", "--limit", "kube_node:!node4", "--format", "json");

        Assert.Equal(0, exitCode);
        var documents = new List<JsonElement>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            documents.Add(document.RootElement.Clone());
        }

        Assert.Equal(["node2", "node3", "node5", "node6", "node7"], documents.Select(static d => d.GetProperty("host").GetString()));
        Assert.All(documents, static d => Assert.Equal(25, d.GetProperty("variables").GetProperty("kube_network_node_prefix").GetProperty("value").GetInt32()));
    }

    [Theory]
    [InlineData("--host", "node1", "--limit", "all")]
    [InlineData("--format", "json")]
    public void HostAndLimit_ExactlyOneIsNeeded(params string[] options)
    {
        var (exitCode, _, error) = CliRunner.Run(CliRunner.KubesprayMini, ["values", "-i", "inventory/mycluster/hosts.yaml", .. options]);

        Assert.Equal(2, exitCode);
        Assert.Contains("exactly one of --host or --limit", error);
    }

    [Fact]
    public void Limit_MatchingNoHost_IsAnInputError()
    {
        var (exitCode, _, error) = CliRunner.Run(CliRunner.KubesprayMini, "values", "-i", "inventory/mycluster/hosts.yaml", "--limit", "nosuchgroup");

        Assert.Equal(2, exitCode);
        Assert.Equal("error: --limit `nosuchgroup` matches no host of the inventory", error.Trim());
    }

    [Fact]
    public void JsonForEveryHost_IsExactlyWhatAnIndentedWriterWrites_WithTheSharedHostListsInEachDocument()
    {
        // 80 hosts: `groups` and `ansible_play_hosts` are large values every document repeats,
        // which are written once and copied into each document.
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nh[01:80]\n")
            .With("site.yml", "- hosts: web\n  gather_facts: false\n  vars:\n    names: [a, b]\n");

        var (exitCode, output, _) = CliRunner.Run(project.Root, "values", "-i", "hosts.ini", "--limit", "all", "--format", "json");

        Assert.Equal(0, exitCode);
        var hosts = Enumerable.Range(1, 80).Select(static i => $"h{i:00}").ToArray();
        var bytes = Encoding.UTF8.GetBytes(output);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        var documents = 0;
        var start = 0;
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var text = Encoding.UTF8.GetString(bytes.AsSpan(start, (int)reader.BytesConsumed - start)).Trim();
            start = (int)reader.BytesConsumed;
            var rewritten = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(rewritten, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                document.WriteTo(writer);
            }

            Assert.Equal(Encoding.UTF8.GetString(rewritten.WrittenSpan), text);
            var variables = document.RootElement.GetProperty("variables");
            Assert.Equal(hosts, variables.GetProperty("ansible_play_hosts").GetProperty("value").EnumerateArray().Select(static h => h.GetString()));
            Assert.Equal(hosts, variables.GetProperty("groups").GetProperty("value").GetProperty("web").EnumerateArray().Select(static h => h.GetString()));
            Assert.Equal(hosts[documents], document.RootElement.GetProperty("host").GetString());
            documents++;
        }

        Assert.Equal(80, documents);
    }
}
