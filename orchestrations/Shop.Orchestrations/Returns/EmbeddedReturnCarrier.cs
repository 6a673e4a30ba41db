using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Shop.Domain.Returns;
using Shop.Infrastructure.Returns;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Returns;

/// <summary>
/// The embedded default of the return carrier port: the label is a PDF the app serves itself
/// (<c>GET /api/returns/{returnId}/label?token=…</c>, <see cref="ReturnLabelPdf"/>), with a tracking number derived from
/// the return id (the same return always gets the same label). A real carrier's adapter replaces it.
/// </summary>
public sealed class EmbeddedReturnCarrier(ReturnTokens tokens, IOptions<OrderWorkflowOptions> workflow) : IReturnCarrier
{
    public const string CarrierName = "Shop Returns";

    public Task<ReturnLabel> CreateLabelAsync(ReturnRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tracking = "RET" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request.Id)))[..12];
        var url = new Uri(workflow.Value.PublicBaseUrl, $"api/returns/{Uri.EscapeDataString(request.Id)}/label?token={Uri.EscapeDataString(tokens.Issue(request.OrderId))}");
        return Task.FromResult(new ReturnLabel(CarrierName, tracking, url));
    }
}
