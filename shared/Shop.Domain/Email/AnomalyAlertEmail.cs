namespace Shop.Domain.Email;

/// <summary>Ops alert: a weekly metric moved outside its expected range.</summary>
public sealed record AnomalyAlertEmail(
    string Metric,
    string Observed,
    string Expected,
    string Period,
    string Detail) : EmailModel
{
    protected override EmailTemplate TemplateCore => EmailTemplate.AnomalyAlert;
}
