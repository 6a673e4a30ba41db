namespace Shop.Domain.Returns;

/// <summary>The carrier port for returns: a prepaid label for the customer's parcel back to the warehouse.</summary>
public interface IReturnCarrier
{
    /// <summary>A label for <paramref name="request"/>; the same return gets the same label when asked again.</summary>
    Task<ReturnLabel> CreateLabelAsync(ReturnRequest request, CancellationToken cancellationToken = default);
}
