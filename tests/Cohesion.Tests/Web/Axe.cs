using System.Text.Json;
using Cohesion.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Cohesion.Tests.Web;

/// <summary>axe-core (vendored, Fixtures/axe, MPL-2.0) injected into a page and run with the rule tags of issue 14:
/// wcag2a, wcag2aa, wcag21a, wcag21aa and best-practice.</summary>
public static class Axe
{
    public const string Version = "4.14.1";
    private static readonly Lazy<string> Script = new(() => File.ReadAllText(Paths.Fixture("axe", "axe.min.js")));

    /// <summary>The violations as "rule (impact): help — first nodes", empty when there are none; within the element
    /// <paramref name="selector"/> when given (a view of the page), else the whole document.</summary>
    public static async Task<List<string>> ViolationsAsync(IPage page, string? selector = null)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Script.Value });
        Assert.Equal(Version, await page.EvaluateAsync<string>("() => axe.version"));
        var json = await page.EvaluateAsync<string>("""
            async (selector) => {
              const r = await axe.run(selector ? document.querySelector(selector) : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
              return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)) })));
            }
            """, selector);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(v =>
            $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}, {v.GetProperty("count").GetInt32()} nodes): {v.GetProperty("help").GetString()} — " +
            string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))).ToList();
    }
}
