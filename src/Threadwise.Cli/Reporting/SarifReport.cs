using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Threadwise.Cli.Analysis;

namespace Threadwise.Cli.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning reads it: the rules under tool.driver.rules (with helpUri to the rule page), one
/// result per diagnostic with a physical location relative to the target folder (uriBaseId %SRCROOT%) and a region.
/// </summary>
internal static class SarifReport
{
    public const string SourceRoot = "%SRCROOT%";

    public static void Write(ReportContext context, TextWriter writer)
    {
        IReadOnlyList<DiagnosticDescriptor> rules = context.Result.Rules;
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        var driver = new JsonObject
        {
            ["name"] = "Threadwise",
            ["informationUri"] = ToolInfo.RepositoryUrl,
            ["version"] = ToolInfo.Version,
            ["semanticVersion"] = ToolInfo.Version,
            ["rules"] = new JsonArray(rules.Select(r => (JsonNode?)Rule(r)).ToArray()),
        };
        var run = new JsonObject
        {
            ["tool"] = new JsonObject { ["driver"] = driver },
            ["originalUriBaseIds"] = new JsonObject
            {
                [SourceRoot] = new JsonObject { ["uri"] = new Uri(EnsureTrailingSeparator(context.Result.BaseDirectory)).AbsoluteUri },
            },
            ["results"] = new JsonArray(context.Findings.Select(f => (JsonNode?)Result(context, f, ruleIndex)).ToArray()),
            ["columnKind"] = "utf16CodeUnits",
        };
        var log = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(run),
        };
        writer.WriteLine(log.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject Rule(DiagnosticDescriptor rule)
    {
        var culture = CultureInfo.InvariantCulture;
        string description = rule.Description.ToString(culture);
        var node = new JsonObject
        {
            ["id"] = rule.Id,
            ["name"] = rule.Id,
            ["shortDescription"] = new JsonObject { ["text"] = rule.Title.ToString(culture) },
            ["fullDescription"] = new JsonObject { ["text"] = description.Length > 0 ? description : rule.Title.ToString(culture) },
            ["defaultConfiguration"] = new JsonObject
            {
                ["level"] = Level(rule.DefaultSeverity),
                ["enabled"] = rule.IsEnabledByDefault,
            },
            ["properties"] = new JsonObject
            {
                ["category"] = rule.Category,
                ["tags"] = new JsonArray(rule.CustomTags.Select(t => (JsonNode?)t).ToArray()),
            },
        };
        if (!string.IsNullOrEmpty(rule.HelpLinkUri))
        {
            node["helpUri"] = rule.HelpLinkUri;
            node["help"] = new JsonObject { ["text"] = $"See {rule.HelpLinkUri}" };
        }

        return node;
    }

    private static JsonObject Result(ReportContext context, Finding finding, Dictionary<string, int> ruleIndex)
    {
        var result = new JsonObject
        {
            ["ruleId"] = finding.RuleId,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = finding.Message },
        };
        if (ruleIndex.TryGetValue(finding.RuleId, out int index))
        {
            result["ruleIndex"] = index;
        }

        if (finding.FilePath is not null)
        {
            result["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = ArtifactLocation(context, finding),
                    ["region"] = new JsonObject
                    {
                        ["startLine"] = finding.Line,
                        ["startColumn"] = finding.Column,
                        ["endLine"] = finding.EndLine,
                        ["endColumn"] = finding.EndColumn,
                    },
                },
            });
        }

        result["properties"] = new JsonObject { ["project"] = finding.Project };
        return result;
    }

    private static JsonObject ArtifactLocation(ReportContext context, Finding finding)
    {
        string relative = Path.GetRelativePath(context.Result.BaseDirectory, finding.FilePath!);
        if (ReportContext.IsOutside(relative))
        {
            return new JsonObject { ["uri"] = new Uri(finding.FilePath!).AbsoluteUri };
        }

        string uri = string.Join('/', relative.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
        return new JsonObject { ["uri"] = uri, ["uriBaseId"] = SourceRoot };
    }

    /// <summary>SARIF levels: error, warning, note (info), none (hidden).</summary>
    public static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };

    private static string EnsureTrailingSeparator(string directory) =>
        directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
}
