namespace Shop.Domain.Pricing;

/// <summary>How far a parcel travels: within the home country, to a neighbouring country, or anywhere else.</summary>
public enum ShippingZone
{
    Domestic,
    Regional,
    International,
}
