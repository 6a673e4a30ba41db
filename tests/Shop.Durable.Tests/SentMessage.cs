namespace Shop.Durable.Tests;

public sealed record SentMessage(string Queue, TimeSpan Visibility, string Text);
