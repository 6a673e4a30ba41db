namespace Shop.Hosting.Functions;

/// <summary>
/// Who may call an HTTP function (<see cref="FunctionAuth"/>); without it, anyone may. The function's trigger stays
/// <c>AuthorizationLevel.Anonymous</c>: the app checks its own credentials, the same way locally and in Azure.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FunctionAccessAttribute(FunctionAuth access) : Attribute
{
    public FunctionAuth Access { get; } = access;
}
