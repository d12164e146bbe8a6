using Threadwise.Baselines;

namespace Threadwise.Tests.Baselines;

/// <summary>The baseline file: versioned JSON, deterministic, read back exactly, malformed files rejected with a reason.</summary>
public sealed class BaselineDocumentTests
{
    private static readonly BaselineEntry[] s_entries =
    [
        new(new BaselineFingerprint("TW102", "M:Shop.Store.SaveAsync", "File.WriteAllText(path, \"a\\tb\")", 0), "src/Store.cs"),
        new(new BaselineFingerprint("TW101", "M:Shop.Store.LoadAsync", "rows.Result", 1), "src/Store.cs"),
        new(new BaselineFingerprint("TW101", "M:Shop.Store.LoadAsync", "rows.Result", 0), "src/Store.cs"),
        new(new BaselineFingerprint("TW304", "M:Api.Client.Send", "Send()", 0), "Api/Client.cs"),
    ];

    [Fact]
    public void Writes_format_version_and_entries_sorted_by_path_rule_member_code_and_ordinal()
    {
        var json = new BaselineDocument(s_entries).ToJson();

        Assert.Equal("""
            {
              "format": "threadwise-baseline",
              "version": 1,
              "entries": [
                { "ruleId": "TW304", "member": "M:Api.Client.Send", "code": "Send()", "ordinal": 0, "path": "Api/Client.cs" },
                { "ruleId": "TW101", "member": "M:Shop.Store.LoadAsync", "code": "rows.Result", "ordinal": 0, "path": "src/Store.cs" },
                { "ruleId": "TW101", "member": "M:Shop.Store.LoadAsync", "code": "rows.Result", "ordinal": 1, "path": "src/Store.cs" },
                { "ruleId": "TW102", "member": "M:Shop.Store.SaveAsync", "code": "File.WriteAllText(path, \"a\\tb\")", "ordinal": 0, "path": "src/Store.cs" }
              ]
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal), json);
    }

    [Fact]
    public void The_same_entries_in_any_order_give_the_same_text()
    {
        Assert.Equal(new BaselineDocument(s_entries).ToJson(), new BaselineDocument(s_entries.Reverse()).ToJson());
    }

    [Fact]
    public void Reads_back_what_it_writes()
    {
        var entries = s_entries.Append(new BaselineEntry(new BaselineFingerprint("TW101", "", "x\u0001\"\\é", 0), null)).ToArray();
        var document = new BaselineDocument(entries);

        var read = BaselineDocument.Parse(document.ToJson());

        Assert.Equal(document.Entries.Select(e => (e.Fingerprint, e.Path)), read.Entries.Select(e => (e.Fingerprint, e.Path)));
    }

    [Fact]
    public void Reads_json_written_by_other_tools_with_unknown_properties_and_any_layout()
    {
        var read = BaselineDocument.Parse("""
            {"entries":[{"path":"a.cs","ordinal":2,"code":"t.Result","member":"M:A.B","ruleId":"TW101","note":"accepted"}],
             "version":1.0,"format":"threadwise-baseline","generator":{"name":"x","list":[1,true,null,-2.5e3]}}
            """);

        var entry = Assert.Single(read.Entries);
        Assert.Equal(new BaselineFingerprint("TW101", "M:A.B", "t.Result", 2), entry.Fingerprint);
        Assert.Equal("a.cs", entry.Path);
    }

    [Theory]
    [InlineData("", "unexpected end")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"format":"sarif","version":1,"entries":[]}""", "\"format\"")]
    [InlineData("""{"format":"threadwise-baseline","version":2,"entries":[]}""", "\"version\" must be 1")]
    [InlineData("""{"format":"threadwise-baseline","version":1}""", "\"entries\"")]
    [InlineData("""{"format":"threadwise-baseline","version":1,"entries":[{"ruleId":"TW101","member":"","code":"x"}]}""", "entry 0")]
    [InlineData("""{"format":"threadwise-baseline","version":1,"entries":[{"ruleId":"TW101","member":"","code":"x","ordinal":-1}]}""", "entry 0")]
    [InlineData("""{"format":"threadwise-baseline","version":1,"entries":[}""", "line 1, column")]
    [InlineData("""{"format":"threadwise-baseline","version":1,"entries":[]} x""", "after the JSON value")]
    public void Rejects_malformed_baselines_saying_why(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => BaselineDocument.Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
