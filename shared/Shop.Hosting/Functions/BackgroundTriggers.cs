namespace Shop.Hosting.Functions;

/// <summary>
/// Queue and timer handlers a local backend runs for itself (the embedded durable engine's control and work-item
/// queues and its recovery sweep). They are not functions of the app: the local host runs them beside the app's
/// own, and nothing of them is deployed.
/// </summary>
public sealed record BackgroundTriggers(FunctionCatalog Triggers);
