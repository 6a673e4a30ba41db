namespace Shop.Domain.Email;

/// <summary>Ops' weekly summary: each figure of the week beside its trailing baseline, and the alerts that fired.</summary>
public sealed record WeeklyMetricsEmail(string Week, IReadOnlyList<WeeklyFigureLine> Figures, IReadOnlyList<WeeklyAlertLine> Alerts) : EmailModel
{
    protected override EmailTemplate TemplateCore => EmailTemplate.WeeklyMetrics;
}

/// <summary>One figure of the week, formatted, with its baseline ("–" when there is none yet).</summary>
public sealed record WeeklyFigureLine(string Name, string Value, string Baseline);

/// <summary>One anomaly that fired: the rule and what it saw.</summary>
public sealed record WeeklyAlertLine(string Text);
