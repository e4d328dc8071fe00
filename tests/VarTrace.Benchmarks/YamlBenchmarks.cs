using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using VarTrace.Core.Yaml;
using YamlDotNet.Core;

namespace VarTrace.Benchmarks;

/// <summary>
/// <see cref="YamlLoader.Load"/> on a generated ~100 KB kubespray-like <c>defaults/main.yml</c>,
/// against YamlDotNet's own parser event loop over the same text (the raw parser cost VarTrace builds on).
/// </summary>
[MemoryDiagnoser]
public class YamlBenchmarks
{
    /// <summary>Size the generated file reaches at least.</summary>
    public const int TargetBytes = 100 * 1024;

    private const string Path = "roles/kubespray-defaults/defaults/main.yml";

    private string _text = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _text = KubesprayLikeDefaults(TargetBytes);
        var file = YamlLoader.Load(_text, Path);
        if (file.Documents.Length != 1 || file.Documents[0] is not YamlMappingNode)
        {
            throw new InvalidOperationException("the generated defaults file did not load as one mapping");
        }
    }

    /// <summary>YamlDotNet's scanner and parser, every event read, nothing built (as <see cref="YamlLoader"/> sets them up).</summary>
    [Benchmark(Baseline = true)]
    public int YamlDotNetParserEvents()
    {
        var parser = new Parser(new Scanner(new StringReader(_text), skipComments: true));
        var events = 0;
        while (parser.MoveNext()) events++;
        return events;
    }

    /// <summary>VarTrace's loader: the same parser plus YAML 1.1 typing, merge keys and locations.</summary>
    [Benchmark]
    public YamlFile YamlLoaderLoad() => YamlLoader.Load(_text, Path);

    /// <summary>
    /// A deterministic kubespray-shaped defaults file: commented sections of plain, quoted, templated,
    /// boolean and integer scalars, nested mappings, lists, a block scalar, an anchor and a merge key.
    /// </summary>
    internal static string KubesprayLikeDefaults(int targetBytes)
    {
        var text = new StringBuilder(targetBytes + 4096);
        text.Append("---\n# Generated for VarTrace's benchmarks: kubespray-shaped, no kubespray file copied.\n\n");
        text.Append("component_defaults: &component_defaults\n  enabled: false\n  replicas: 1\n  image_pull_policy: IfNotPresent\n\n");
        string[] components = ["calico", "etcd", "coredns", "kube_proxy", "containerd", "cilium", "flannel", "metallb", "ingress_nginx", "registry"];
        for (var i = 0; text.Length < targetBytes; i++)
        {
            var c = components[i % components.Length] + (i < components.Length ? string.Empty : "_" + (i / components.Length).ToString(CultureInfo.InvariantCulture));
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $$$"""
                ## {{{c}}}: release, image and behaviour
                {{{c}}}_version: "v3.{{{i % 30}}}.{{{i % 7}}}"
                {{{c}}}_enabled: {{{(i % 3 == 0 ? "true" : "false")}}}
                {{{c}}}_replicas: {{{1 + (i % 5)}}}
                {{{c}}}_port: {{{6000 + i}}}
                {{{c}}}_image_repo: "{{ kube_image_repo }}/{{{c}}}"
                {{{c}}}_image_tag: "{{ {{{c}}}_version }}"
                {{{c}}}_download_url: "{{ files_repo }}/{{{c}}}/{{ {{{c}}}_version }}/{{{c}}}-linux-{{ image_arch }}.tar.gz"
                {{{c}}}_checksum: "sha256:{{{((uint)(i * 2654435761u)).ToString("x8", CultureInfo.InvariantCulture)}}}0123456789abcdef0123456789abcdef0123456789abcdef01234567"
                {{{c}}}_config_dir: /etc/{{{c}}}
                {{{c}}}_log_level: {{{(i % 2 == 0 ? "info" : "'debug'")}}}
                {{{c}}}_timeout: {{{i % 60}}}s
                {{{c}}}_ratio: {{{(i % 10) / 10.0:0.0}}}
                {{{c}}}_nodes: "{{ groups['k8s_cluster'] | default([]) | map('extract', hostvars, 'ip') | list }}"
                # {{{c}}} listens on every address unless set
                {{{c}}}_bind_address: 0.0.0.0
                {{{c}}}_extra_args: {}
                {{{c}}}_tolerations: []
                {{{c}}}_settings:
                  <<: *component_defaults
                  name: {{{c}}}
                  labels:
                    app.kubernetes.io/name: {{{c}}}
                    app.kubernetes.io/part-of: kubespray
                  resources:
                    requests: { cpu: {{{100 + i % 400}}}m, memory: {{{64 * (1 + i % 8)}}}Mi }
                    limits:
                      cpu: {{{i % 4 + 1}}}
                      memory: {{{256 * (1 + i % 4)}}}Mi
                  feature_gates:
                    - "Feature{{{n}}}A=true"
                    - Feature{{{n}}}B=false
                    - ~
                {{{c}}}_manifest: |
                  apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: {{{c}}}-config
                    namespace: "{{ {{{c}}}_namespace | default('kube-system') }}"
                  data:
                    level: {{ {{{c}}}_log_level }}

                """);
            text.Append('\n');
        }

        return text.ToString();
    }
}
