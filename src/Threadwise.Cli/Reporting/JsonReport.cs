using System.Text.Json;
using System.Text.Json.Nodes;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>A plain JSON document: the diagnostics, the counts, the problems and (with --timing) analyzer times.</summary>
internal static class JsonReport
{
    public static void Write(ReportContext context, TextWriter writer)
    {
        AnalysisResult result = context.Result;
        var document = new JsonObject
        {
            ["tool"] = "threadwise",
            ["version"] = ToolInfo.Version,
            ["target"] = result.BaseDirectory,
            ["projects"] = new JsonArray(result.ProjectsAnalyzed.Select(p => (JsonNode?)p).ToArray()),
            ["diagnostics"] = new JsonArray(context.Findings.Select(f => (JsonNode?)new JsonObject
            {
                ["ruleId"] = f.RuleId,
                ["severity"] = SeverityNames.Of(f.Severity),
                ["message"] = f.Message,
                ["file"] = f.FilePath is null ? null : context.DisplayPath(f),
                ["line"] = f.Line,
                ["column"] = f.Column,
                ["endLine"] = f.EndLine,
                ["endColumn"] = f.EndColumn,
                ["project"] = f.Project,
                ["helpUri"] = HelpUri(context, f.RuleId),
                ["fingerprint"] = f.Fingerprint is { } fp ? new JsonObject
                {
                    ["member"] = fp.Member,
                    ["code"] = fp.Code,
                    ["ordinal"] = fp.Ordinal,
                } : null,
            }).ToArray()),
            ["countsByRule"] = Counts(context.Findings.GroupBy(f => f.RuleId)),
            ["countsByProject"] = Counts(context.Findings.GroupBy(f => f.Project)),
            ["problems"] = new JsonArray(result.Problems.Select(p => (JsonNode?)p).ToArray()),
        };
        if (context.Since is not null)
        {
            document["since"] = context.Since;
        }

        if (context.Baseline is { } baseline)
        {
            document["baseline"] = new JsonObject
            {
                ["file"] = baseline.BaselinePath,
                ["new"] = context.Findings.Count,
                ["accepted"] = baseline.Accepted.Count,
                ["fixed"] = new JsonArray(baseline.Fixed.Select(e => (JsonNode?)new JsonObject
                {
                    ["ruleId"] = e.Fingerprint.RuleId,
                    ["file"] = context.DisplayPath(e),
                    ["member"] = e.Fingerprint.Member,
                    ["code"] = e.Fingerprint.Code,
                    ["ordinal"] = e.Fingerprint.Ordinal,
                }).ToArray()),
            };
        }

        if (result.Times.Count > 0)
        {
            document["timing"] = new JsonArray(result.Times.Select(t => (JsonNode?)new JsonObject
            {
                ["analyzer"] = t.Analyzer,
                ["rules"] = new JsonArray(t.RuleIds.Select(id => (JsonNode?)id).ToArray()),
                ["seconds"] = Math.Round(t.Time.TotalSeconds, 4),
            }).ToArray());
        }

        writer.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    internal static string? HelpUri(ReportContext context, string ruleId) =>
        context.Result.Rules.FirstOrDefault(r => r.Id == ruleId)?.HelpLinkUri is { Length: > 0 } uri ? uri : null;

    private static JsonObject Counts(IEnumerable<IGrouping<string, Finding>> groups)
    {
        var counts = new JsonObject();
        foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            counts[group.Key] = group.Count();
        }

        return counts;
    }
}
