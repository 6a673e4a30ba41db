namespace Shop.Functions.Tests.Instances;

public sealed record Decision(string By);
