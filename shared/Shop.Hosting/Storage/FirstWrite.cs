using Azure.Data.Tables;

namespace Shop.Hosting.Storage;

/// <summary>The outcome of a <see cref="FirstWriterTable"/> claim: whether this writer won, and the row as it stands.</summary>
/// <param name="Won">True when this writer's insert created the row.</param>
/// <param name="Row">The winner's row: this writer's entity when it won; null when it lost and did not ask to read.</param>
public sealed record FirstWrite<T>(bool Won, T? Row)
    where T : class, ITableEntity;
