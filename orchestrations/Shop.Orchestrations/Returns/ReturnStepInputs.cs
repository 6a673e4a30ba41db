namespace Shop.Orchestrations.Returns;

/// <summary>The input of a step about one return, with what the step needs beside its id.</summary>
public sealed record ReturnStep(string ReturnId, string? Reason = null, long? AmountMinor = null);

/// <summary>The input of the receipt step.</summary>
public sealed record ReceiveStep(string ReturnId, ParcelReceived Parcel);

/// <summary>The input of the inspection step.</summary>
public sealed record InspectStep(string ReturnId, Inspection Inspection);
