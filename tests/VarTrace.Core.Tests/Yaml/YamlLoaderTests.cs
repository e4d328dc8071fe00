using System.Diagnostics;
using System.Globalization;
using System.Text;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Tests.Yaml;

public sealed class YamlLoaderTests
{
    private const string Path = "group_vars/all.yml";

    // Every expectation below was recorded from Ansible 2.14's AnsibleLoader (PyYAML 6.0 with
    // libyaml, python3-yaml on Debian 12) and pure-Python PyYAML 6.0 SafeLoader, which agree on all
    // of them: `python3 -c 'import yaml; print(repr(yaml.safe_load("v: <scalar>")["v"]))'`.
    // The third column is the value as Python's str() (repr() for floats) prints it.
    [Theory]
    [InlineData("~", "NoneType", "None")]
    [InlineData("null", "NoneType", "None")]
    [InlineData("Null", "NoneType", "None")]
    [InlineData("NULL", "NoneType", "None")]
    [InlineData("", "NoneType", "None")]
    [InlineData("nUll", "str", "nUll")]
    [InlineData("yes", "bool", "True")]
    [InlineData("Yes", "bool", "True")]
    [InlineData("YES", "bool", "True")]
    [InlineData("no", "bool", "False")]
    [InlineData("No", "bool", "False")]
    [InlineData("NO", "bool", "False")]
    [InlineData("true", "bool", "True")]
    [InlineData("True", "bool", "True")]
    [InlineData("TRUE", "bool", "True")]
    [InlineData("false", "bool", "False")]
    [InlineData("False", "bool", "False")]
    [InlineData("FALSE", "bool", "False")]
    [InlineData("on", "bool", "True")]
    [InlineData("On", "bool", "True")]
    [InlineData("ON", "bool", "True")]
    [InlineData("off", "bool", "False")]
    [InlineData("Off", "bool", "False")]
    [InlineData("OFF", "bool", "False")]
    [InlineData("y", "str", "y")]
    [InlineData("Y", "str", "Y")]
    [InlineData("n", "str", "n")]
    [InlineData("N", "str", "N")]
    [InlineData("yEs", "str", "yEs")]
    [InlineData("tRue", "str", "tRue")]
    [InlineData("0", "int", "0")]
    [InlineData("42", "int", "42")]
    [InlineData("-17", "int", "-17")]
    [InlineData("+12", "int", "12")]
    [InlineData("-0", "int", "0")]
    [InlineData("1_000", "int", "1000")]
    [InlineData("-1_000", "int", "-1000")]
    [InlineData("123456789012345678901234567890", "int", "123456789012345678901234567890")]
    [InlineData("0b1010", "int", "10")]
    [InlineData("-0b11", "int", "-3")]
    [InlineData("0B1010", "str", "0B1010")]
    [InlineData("0755", "int", "493")]
    [InlineData("00", "int", "0")]
    [InlineData("0_", "int", "0")]
    [InlineData("09", "str", "09")]
    [InlineData("0o17", "str", "0o17")]
    [InlineData("0x1F", "int", "31")]
    [InlineData("+0x1f", "int", "31")]
    [InlineData("0xff_ff", "int", "65535")]
    [InlineData("0X1F", "str", "0X1F")]
    [InlineData("1:30", "int", "90")]
    [InlineData("-1:30", "int", "-90")]
    [InlineData("190:20:30", "int", "685230")]
    [InlineData("1:60", "str", "1:60")]
    [InlineData("0:30", "str", "0:30")]
    [InlineData("1.5", "float", "1.5")]
    [InlineData("-1.5", "float", "-1.5")]
    [InlineData("1.", "float", "1.0")]
    [InlineData(".5", "float", "0.5")]
    [InlineData("-0.0", "float", "-0.0")]
    [InlineData("1_000.5", "float", "1000.5")]
    [InlineData("1.5e+3", "float", "1500.0")]
    [InlineData("1.5E+3", "float", "1500.0")]
    [InlineData("1.e+3", "float", "1000.0")]
    [InlineData("6.8523015e+5", "float", "685230.15")]
    [InlineData("685.230_15e+03", "float", "685230.15")]
    [InlineData("685_230.15", "float", "685230.15")]
    [InlineData("190:20:30.15", "float", "685230.15")]
    [InlineData("1.5e3", "str", "1.5e3")]
    [InlineData("1e3", "str", "1e3")]
    [InlineData("1e+3", "str", "1e+3")]
    [InlineData("1.0e+400", "float", "inf")]
    [InlineData(".inf", "float", "inf")]
    [InlineData(".Inf", "float", "inf")]
    [InlineData("-.INF", "float", "-inf")]
    [InlineData("+.inf", "float", "inf")]
    [InlineData(".iNf", "str", ".iNf")]
    [InlineData(".nan", "float", "nan")]
    [InlineData(".NaN", "float", "nan")]
    [InlineData("-.nan", "str", "-.nan")]
    [InlineData("2001-12-14", "date", "2001-12-14")]
    [InlineData("2004-02-29", "date", "2004-02-29")]
    [InlineData("2001-12-14t21:59:43.10-05:00", "datetime", "2001-12-14t21:59:43.10-05:00")]
    [InlineData("2001-12-14 21:59:43.10 -5", "datetime", "2001-12-14 21:59:43.10 -5")]
    [InlineData("2001-12-15T02:59:43.1Z", "datetime", "2001-12-15T02:59:43.1Z")]
    [InlineData("2001-12-15 2:59:43.10", "datetime", "2001-12-15 2:59:43.10")]
    [InlineData("2001-1-1", "str", "2001-1-1")]
    [InlineData("20011214", "int", "20011214")]
    [InlineData("1.2.3", "str", "1.2.3")]
    [InlineData("\"1\"", "str", "1")]
    [InlineData("'yes'", "str", "yes")]
    [InlineData("\"null\"", "str", "null")]
    [InlineData("\"\"", "str", "")]
    [InlineData("|\n  42\n", "str", "42\n")]
    [InlineData("!!str 1", "str", "1")]
    [InlineData("!!str yes", "str", "yes")]
    [InlineData("!!str", "str", "")]
    [InlineData("!!int \"0x1F\"", "int", "31")]
    [InlineData("!!int \"0o17\"", "int", "15")]
    [InlineData("!!int 1:30", "int", "90")]
    [InlineData("!!float \"1\"", "float", "1.0")]
    [InlineData("!!float \"1e3\"", "float", "1000.0")]
    [InlineData("!!float \"-Infinity\"", "float", "-inf")]
    [InlineData("!!bool \"True\"", "bool", "True")]
    [InlineData("!!bool \"oFF\"", "bool", "False")]
    [InlineData("!!null x", "NoneType", "None")]
    [InlineData("!!timestamp \"2001-01-01\"", "date", "2001-01-01")]
    [InlineData("!<tag:yaml.org,2002:int> 3", "int", "3")]
    [InlineData("!!python/unicode 5", "str", "5")]
    [InlineData("! 123", "int", "123")]
    [InlineData("! \"123\"", "int", "123")]
    public void Scalar_TypedAsPyYamlDoes(string scalar, string pythonType, string python)
    {
        var value = Root("v: " + scalar + "\n").Find("v")!.Value.Value;

        Assert.Equal(pythonType, value.PythonType);
        Assert.Equal(python, PythonStr(value));
    }

    // PyYAML raises (a ValueError or KeyError from its constructor) for each of these.
    [Theory]
    [InlineData("0b_", "`0b_` is not a YAML integer")]
    [InlineData("0x_", "`0x_` is not a YAML integer")]
    [InlineData("2001-02-30", "`2001-02-30` is not a valid date")]
    [InlineData("1900-02-29", "`1900-02-29` is not a valid date")]
    [InlineData("0000-01-01", "`0000-01-01` is not a valid date")]
    [InlineData("2001-12-14 25:00:00", "`2001-12-14 25:00:00` is not a valid time")]
    [InlineData("2001-12-14t21:59:43+24", "`2001-12-14t21:59:43+24` is not a valid time")]
    [InlineData("!!int abc", "`abc` is not a YAML integer")]
    [InlineData("!!float abc", "`abc` is not a YAML float")]
    [InlineData("!!bool \"y\"", "`y` is not a YAML boolean")]
    [InlineData("!!timestamp x", "`x` is not a YAML timestamp")]
    public void Scalar_PyYamlCannotConstruct_ThrowsAtScalar(string scalar, string message)
    {
        var error = LoadError("a: 1\nv: " + scalar + "\n");

        Assert.Equal(new SourceLocation(Path, 2, 4), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void KeysRepeatedOnceMergeKeysAreFlattened_AreDuplicates_MarkedAsInvolvingTheMerge()
    {
        // Ansible 2.14.18 warns "found a duplicate dict key" for each of x, y, z and w (recorded in
        // fixtures/hostile/yaml-merge-key-duplicates); only the plain repeat in `v` is a mistake.
        const string text = """
            base: &base
              a: 1
              b: 2
            other: &other
              b: 3
              c: 4
            x:
              <<: *base
              a: 3
            y:
              a: 4
              <<: *base
            z:
              <<: [*base, *other]
            w:
              <<: *base
              <<: *other
            v:
              <<: *base
              c: 5
              c: 6
            """;

        var duplicates = YamlLoader.Load(text, Path).DuplicateKeys
            .Select(static d => (d.Location.Line, d.First.Line, d.Key, d.InvolvesMerge))
            .ToList();

        Assert.Equal([(9, 2, "a", true), (11, 2, "a", true), (14, 5, "b", true), (17, 3, "b", true), (21, 20, "c", false)], duplicates);
    }

    [Fact]
    public void MergeKey_ExplicitKeyWinsEvenBeforeTheMerge()
    {
        // PyYAML: {'b': 2, 'a': 1}: merged keys come first in dict order, explicit values win.
        var root = Root("a: 1\n<<: {b: 2, a: 9}\n");

        Assert.Equal(["b", "a"], Keys(root));
        Assert.Equal("1", PythonStr(root.Find("a")!.Value.Value));
        Assert.Equal(new SourceLocation(Path, 1, 4), root.Find("a")!.Value.Start);
    }

    [Fact]
    public void MergeKey_ListOfMappings_EarlierMappingWins()
    {
        // PyYAML: 'z': {'q': 1, 'r': 2, 'p': 1, 's': 3} (flatten_mapping reverses the list).
        var root = Root("x: &a {p: 1, q: 1}\ny: &b {q: 2, r: 2}\nz:\n  <<: [*a, *b]\n  s: 3\n");
        var z = (YamlMappingNode)root.Find("z")!.Value;

        Assert.Equal(["q", "r", "p", "s"], Keys(z));
        Assert.Equal("1", PythonStr(z.Find("q")!.Value.Value));
        Assert.Equal(new SourceLocation(Path, 1, 17), z.Find("q")!.Value.Start);
    }

    [Fact]
    public void MergeKey_SecondMergeKey_WinsOverFirst()
    {
        // PyYAML: {'a': 2, 'b': 2}.
        var root = Root("<<: {a: 1}\n<<: {a: 2, b: 2}\n");

        Assert.Equal(["a", "b"], Keys(root));
        Assert.Equal("2", PythonStr(root.Find("a")!.Value.Value));
    }

    [Fact]
    public void MergeKey_OfAMappingWithMerges_IsFlattenedFirst()
    {
        // PyYAML: 'c': {'x': 1, 'y': 2, 'z': 3}.
        var root = Root("a: &A {x: 1}\nb: &B {<<: *A, y: 2}\nc: {<<: *B, z: 3}\n");

        Assert.Equal(["x", "y", "z"], Keys((YamlMappingNode)root.Find("c")!.Value));
    }

    [Fact]
    public void MergeKey_Quoted_IsAnOrdinaryKey()
    {
        var root = Root("\"<<\": {a: 1}\n");

        Assert.Equal(["<<"], Keys(root));
    }

    [Theory]
    [InlineData("<<: 1\n", 1, 5, "a merge key `<<` needs a mapping or a list of mappings, but found a scalar")]
    [InlineData("<<: [{a: 1}, 2]\n", 1, 14, "a merge key `<<` list must hold only mappings, but found a scalar")]
    [InlineData("a: <<\n", 1, 4, "the merge key `<<` can only be used as a mapping key")]
    [InlineData("a: =\n", 1, 4, "a plain `=` can only be used as a mapping key (PyYAML cannot load YAML 1.1's value tag elsewhere)")]
    public void MergeKey_Misused_ThrowsWhereTheProblemIs(string yaml, int line, int column, string message)
    {
        var error = LoadError(yaml);

        Assert.Equal(new SourceLocation(Path, line, column), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void DuplicateKey_LastValueWins_InTheFirstKeysSlot()
    {
        var root = Root("a: 1\nb: 2\na: 3\n");
        var a = root.Entries[0];

        Assert.Equal(["a", "b"], Keys(root));
        Assert.Equal("3", PythonStr(a.Value.Value));
        Assert.Equal(new SourceLocation(Path, 3, 1), a.Key.Start);
        Assert.Equal(new SourceLocation(Path, 3, 4), a.Value.Start);
    }

    [Fact]
    public void DuplicateKey_PythonEqualNumbers_KeepTheFirstKeyObject()
    {
        // PyYAML: {1: 'c'} for {1: a, 1.0: b, true: c}: True == 1 == 1.0 in a dict.
        var root = Root("{1: a, 1.0: b, true: c}\n");
        var entry = Assert.Single(root.Entries);

        Assert.Equal("int", entry.Key.Value.PythonType);
        Assert.Equal("c", PythonStr(entry.Value.Value));
        Assert.Equal(new SourceLocation(Path, 1, 16), entry.Key.Start);
    }

    [Fact]
    public void DuplicateKey_NullSpellings_AreOneKey()
    {
        // PyYAML: {None: 'b', '': 'c'}.
        var root = Root("{null: a, ~: b, \"\": c}\n");

        Assert.Equal(2, root.Entries.Length);
        Assert.Equal("b", PythonStr(root.Entries[0].Value.Value));
    }

    [Fact]
    public void Alias_IsTheAnchoredNodeItself()
    {
        var root = Root("a: &x {k: v}\nb: *x\nc: [*x, *x]\n");
        var a = root.Find("a")!.Value;
        var c = (YamlSequenceNode)root.Find("c")!.Value;

        Assert.Same(a, root.Find("b")!.Value);
        Assert.Same(a, c.Items[0]);
        Assert.Same(a.Value, c.Items[1].Value);
    }

    [Fact]
    public void Alias_BillionLaughs_IsRefusedWhereItPassesTheLimit()
    {
        // Ten levels of ten aliases each: 10^10 leaves if copied. Aliases share nodes, so reading
        // is cheap, but printing or templating it would not be: the level whose expansion passes
        // InputLimits.MaxYamlExpandedNodes (l5: 1,111,111 nodes) is refused at its first alias.
        var yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 10; level++)
        {
            var alias = "*l" + (level - 1);
            yaml.Append(CultureInfo.InvariantCulture, $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat(alias, 10))}]\n");
        }

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<VarTraceException>(() => Root(yaml.ToString()));
        watch.Stop();

        Assert.Equal(new SourceLocation(Path, 6, 10), error.Location);
        Assert.Equal("this sequence expands to more than 1,000,000 values through YAML aliases (an alias bomb?); the limit is InputLimits.MaxYamlExpandedNodes", error.Message);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Alias_SharedBelowTheLimit_LoadsShared()
    {
        var root = Root("l0: &l0 [lol, lol, lol]\nl1: &l1 [*l0, *l0, *l0]\nl2: [*l1, *l1]\n");
        var top = (AnsibleList)root.Find("l2")!.Value.Value;

        Assert.Same(top.Items[0], top.Items[1]);
    }

    [Theory]
    [InlineData("a: *nope\n", 1, 4, "the alias `*nope` names no anchor defined before it in this document")]
    [InlineData("a: &x 1\n---\nb: *x\n", 3, 4, "the alias `*x` names no anchor defined before it in this document")]
    [InlineData("a: &x 1\nb: &x 2\n", 2, 4, "the anchor `&x` is already defined at line 1, column 4")]
    [InlineData("a: &x [*x]\n", 1, 8, "the alias `*x` is inside the node it names; recursive YAML structures are not supported")]
    public void Anchor_Misused_Throws(string yaml, int line, int column, string message)
    {
        var error = LoadError(yaml);

        Assert.Equal(new SourceLocation(Path, line, column), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Vault_KeepsTheEnvelopeAsWritten()
    {
        var root = Root("secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162636465\n");
        var vault = Assert.IsType<AnsibleVault>(root.Find("secret")!.Value.Value);

        Assert.Equal("$ANSIBLE_VAULT;1.1;AES256\n6162636465\n", vault.CipherText);
    }

    [Theory]
    [InlineData("!unsafe '{{ x }}'", "{{ x }}")]
    [InlineData("!unsafe 123", "123")]
    [InlineData("!unsafe yes", "yes")]
    [InlineData("!unsafe", "")]
    public void Unsafe_Scalar_IsUntypedUnsafeText(string scalar, string text)
    {
        var value = Assert.IsType<AnsibleString>(Root("v: " + scalar + "\n").Find("v")!.Value.Value);

        Assert.True(value.IsUnsafe);
        Assert.Equal(text, value.Value);
        Assert.False(value.IsTemplated);
    }

    [Fact]
    public void Unsafe_Collection_WrapsStringsAndEmptiesNestedCollections()
    {
        // Ansible 2.14: {'a': [[], AnsibleUnsafeText('x'), 1]}. construct_yaml_unsafe copies the list
        // with wrap_var before PyYAML has filled the nested one.
        var list = (YamlSequenceNode)Root("a: !unsafe [[b], x, 1]\n").Find("a")!.Value;

        Assert.Empty(((AnsibleList)list.Items[0].Value).Items);
        Assert.True(((AnsibleString)list.Items[1].Value).IsUnsafe);
        Assert.Equal("int", list.Items[2].Value.PythonType);
    }

    [Fact]
    public void Unsafe_NestedUnsafeCollection_StaysWhole()
    {
        // Ansible 2.14: {'a': [[AnsibleUnsafeText('a')]]}.
        var outer = (AnsibleList)Root("a: !unsafe [!unsafe [a]]\n").Find("a")!.Value.Value;
        var inner = Assert.IsType<AnsibleList>(Assert.Single(outer.Items));

        Assert.True(((AnsibleString)Assert.Single(inner.Items)).IsUnsafe);
    }

    [Fact]
    public void Unsafe_MappingMergedElsewhere_MergesAsWritten()
    {
        // Ansible 2.14: 'y': {'a': 'b'} with plain strings: merging reads the YAML nodes.
        var root = Root("x: &u !unsafe {a: b}\ny:\n  <<: *u\n");
        var merged = (AnsibleString)((YamlMappingNode)root.Find("y")!.Value).Find("a")!.Value.Value;
        var original = (AnsibleString)((YamlMappingNode)root.Find("x")!.Value).Entries[0].Value.Value;

        Assert.False(merged.IsUnsafe);
        Assert.True(original.IsUnsafe);
    }

    [Theory]
    [InlineData("a: 1\nb: !foo x\n", 2, 4, "unknown YAML tag `!foo`")]
    [InlineData("b: !!foo x\n", 1, 4, "unknown YAML tag `!!foo`")]
    [InlineData("b: !foo [x]\n", 1, 4, "unknown YAML tag `!foo`")]
    [InlineData("b: !!binary aGk=\n", 1, 4, "the YAML tag `!!binary` is not supported")]
    [InlineData("b: !!set {a}\n", 1, 4, "the YAML tag `!!set` is not supported")]
    [InlineData("b: !vault {c: d}\n", 1, 4, "the YAML tag `!vault` needs a scalar, but found a mapping")]
    [InlineData("b: !!map [1]\n", 1, 4, "the YAML tag `!!map` needs a mapping, but found a sequence")]
    [InlineData("b: !!str [1]\n", 1, 4, "the YAML tag `!!str` needs a scalar, but found a sequence")]
    public void Tag_NotConstructible_ThrowsAtTheTag(string yaml, int line, int column, string message)
    {
        var error = LoadError(yaml);

        Assert.Equal(new SourceLocation(Path, line, column), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("a: [1, 2\n", 2, 1, "YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'")]
    [InlineData("a:\n\tb: 1\n", 2, 1, "YAML syntax error: while scanning a mapping, found invalid tab as indentation")]
    [InlineData("a: \"abc\n", 1, 4, "YAML syntax error: while scanning a quoted scalar, found unexpected end of stream")]
    [InlineData("x: 1\ny: 2\n  z: 3\n", 3, 4, "YAML syntax error: while scanning a plain scalar value, found invalid mapping")]
    [InlineData("a: 1\nb:\n  - x\n - y\n", 4, 2, "YAML syntax error: while parsing a block mapping, did not find expected key")]
    [InlineData(": a\n", 1, 1, "YAML syntax error: found a mapping value without a key")]
    [InlineData("- : a\n", 1, 3, "YAML syntax error: found a mapping value without a key")]
    [InlineData("[@x]\n", 1, 2, "YAML syntax error: found character '@' that cannot start any token")]
    [InlineData("a: \u0001\n", 1, 4, "the character U+0001 is not allowed in YAML (control characters must be escaped in a double-quoted string)")]
    [InlineData("[a]: b\n", 1, 1, "a sequence cannot be a mapping key (Python dict keys must be hashable)")]
    public void InvalidYaml_ThrowsWithLineAndColumn(string yaml, int line, int column, string message)
    {
        var error = LoadError(yaml);

        Assert.Equal(new SourceLocation(Path, line, column), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void InvalidTagInFlow_YamlDotNetArgumentError_BecomesSyntaxError()
    {
        // libyaml: "while scanning a tag ... did not find expected whitespace or line break".
        var error = LoadError("[!!str]\n");

        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
    }

    [Fact]
    public void DeepFlowNesting_ThrowsInsteadOfOverflowing()
    {
        var error = LoadError(new string('[', 10_000) + new string(']', 10_000));

        Assert.Equal(new SourceLocation(Path, 1, InputLimits.Default.MaxYamlDepth + 1), error.Location);
        Assert.Equal("nesting deeper than 1000 levels (InputLimits.MaxYamlDepth)", error.Message);
    }

    [Fact]
    public void DeepBlockNesting_ThrowsInsteadOfOverflowing()
    {
        var yaml = string.Concat(Enumerable.Range(0, 10_000).Select(static i => new string(' ', i) + "k:\n"));

        var error = LoadError(yaml);

        Assert.Equal(new SourceLocation(Path, InputLimits.Default.MaxYamlDepth + 1, InputLimits.Default.MaxYamlDepth + 1), error.Location);
    }

    [Fact]
    public void NestingAtTheLimit_Loads()
    {
        var depth = InputLimits.Default.MaxYamlDepth;
        var file = YamlLoader.Load(new string('[', depth) + new string(']', depth), Path);

        var value = Assert.Single(file.Documents).Value;
        for (var level = 1; level < depth; level++) value = Assert.Single(((AnsibleList)value).Items);
        Assert.Empty(((AnsibleList)value).Items);
    }

    [Fact]
    public void MultipleDocuments_AreKeptInOrder()
    {
        // PyYAML load_all: [{'a': 1}, None, {'b': 2}].
        var file = YamlLoader.Load("---\na: 1\n---\n---\nb: 2\n", Path);

        Assert.Equal(3, file.Documents.Length);
        Assert.Equal(["a"], Keys((YamlMappingNode)file.Documents[0]));
        Assert.IsType<AnsibleNull>(file.Documents[1].Value);
        Assert.Equal(["b"], Keys((YamlMappingNode)file.Documents[2]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("\n\n")]
    public void NoContent_HasNoDocuments(string yaml)
    {
        Assert.Empty(YamlLoader.Load(yaml, Path).Documents);
    }

    [Fact]
    public void Locations_PointAtKeysAndValues()
    {
        // These are the ansible_pos Ansible records for the strings and collections.
        var root = Root("a: 1\nb:\n  c: [x, {d: e}]\n  f: |\n    text\n");
        var b = root.Find("b")!;
        var c = ((YamlMappingNode)b.Value).Find("c")!;
        var list = (YamlSequenceNode)c.Value;
        var d = ((YamlMappingNode)list.Items[1]).Find("d")!;

        Assert.Equal(new SourceLocation(Path, 1, 1), root.Start);
        Assert.Equal(new SourceLocation(Path, 1, 4), root.Find("a")!.Value.Start);
        Assert.Equal(new SourceLocation(Path, 2, 1), b.Key.Start);
        Assert.Equal(new SourceLocation(Path, 3, 3), b.Value.Start);
        Assert.Equal(new SourceLocation(Path, 3, 6), list.Start);
        Assert.Equal(new SourceLocation(Path, 3, 7), list.Items[0].Start);
        Assert.Equal(new SourceLocation(Path, 3, 10), list.Items[1].Start);
        Assert.Equal(new SourceLocation(Path, 3, 11), d.Key.Start);
        Assert.Equal(new SourceLocation(Path, 3, 14), d.Value.Start);
        Assert.Equal(new SourceLocation(Path, 4, 6), ((YamlMappingNode)b.Value).Find("f")!.Value.Start);
    }

    [Fact]
    public void Locations_SinglePairInFlowSequence_StartsAtItsKey()
    {
        var list = (YamlSequenceNode)Assert.Single(YamlLoader.Load("[a: 1]\n", Path).Documents);

        Assert.Equal(new SourceLocation(Path, 1, 2), list.Items[0].Start);
    }

    [Fact]
    public void ByteOrderMark_IsIgnored()
    {
        var root = Root("\uFEFFa: 1\n");

        Assert.Equal(new SourceLocation(Path, 1, 1), root.Entries[0].Key.Start);
        Assert.Equal(["a"], Keys(root));
    }

    [Fact]
    public void ArbitraryInput_OnlyEverThrowsVarTraceException()
    {
        // YamlDotNet throws a few exceptions besides YamlException; none may escape.
        string[] pieces = ["a", "1", ":", "- ", "? ", "[", "]", "{", "}", ",", "#", "&a ", "*a", "!", "!!str ", "|", ">", "'", "\"",
            "%", "@", " ", "\t", "\n", "\n", "<<: ", "---\n", "...\n", "!unsafe ", "!vault ", "\\", "~"];
        var random = new Random(20240601);
        for (var i = 0; i < 3000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                YamlLoader.Load(text, Path);
            }
            catch (VarTraceException e)
            {
                Assert.NotNull(e.Location);
            }
        }
    }

    private static YamlMappingNode Root(string yaml) =>
        Assert.IsType<YamlMappingNode>(Assert.Single(YamlLoader.Load(yaml, Path).Documents));

    private static VarTraceException LoadError(string yaml) =>
        Assert.Throws<VarTraceException>(() => YamlLoader.Load(yaml, Path));

    private static string[] Keys(YamlMappingNode mapping) =>
        [.. mapping.Entries.Select(static e => PythonStr(e.Key.Value))];

    /// <summary>What Python's <c>str()</c> prints (<c>repr()</c> for a float, as PyYAML tests show it).</summary>
    private static string PythonStr(AnsibleValue value) => value switch
    {
        AnsibleNull => "None",
        AnsibleBool b => b.Value ? "True" : "False",
        AnsibleInt i => i.Value.ToString(CultureInfo.InvariantCulture),
        AnsibleFloat f => f.PythonRepr(),
        AnsibleString s => s.Value,
        AnsibleTimestamp t => t.Text,
        _ => throw new ArgumentException("not a scalar", nameof(value)),
    };
}
