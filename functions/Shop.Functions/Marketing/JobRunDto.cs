namespace Shop.Functions.Marketing;

/// <summary>What a job trigger did to a sequence (durable instance <see cref="InstanceId"/>): <c>started</c>, <c>advanced</c> (its next email is sent now), <c>ended</c> or a reason nothing was done.</summary>
public sealed record JobRunDto(string InstanceId, string Action);
