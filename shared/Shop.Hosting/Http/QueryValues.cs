using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Shop.Hosting.Http;

/// <summary>
/// Query-string values a function reads itself (the worker binds none): a value that does not parse is a 400 naming
/// the parameter. Each parameter is also declared with <see cref="QueryParameterAttribute"/> for the OpenAPI document.
/// </summary>
public static class QueryValues
{
    public static string? Text(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
    }

    public static int? Number(HttpRequest request, string name) => Text(request, name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw ProblemException.Validation(name, $"'{name}' must be a whole number."),
    };

    public static bool? Bool(HttpRequest request, string name) => Text(request, name) switch
    {
        null => null,
        var text when bool.TryParse(text, out var value) => value,
        _ => throw ProblemException.Validation(name, $"'{name}' must be true or false."),
    };

    public static DateOnly? Date(HttpRequest request, string name) => Text(request, name) switch
    {
        null => null,
        var text when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) => value,
        _ => throw ProblemException.Validation(name, $"'{name}' must be a date (yyyy-MM-dd)."),
    };
}
