namespace Shop.Domain.Returns;

/// <summary>The prepaid label the customer sticks on the parcel: the carrier, its tracking number and where to get the label.</summary>
public sealed record ReturnLabel(string Carrier, string TrackingNumber, Uri Url);
