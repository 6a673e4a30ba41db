using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>
/// Fills the templates of <see cref="EmailTemplates"/> from a model. Safe by construction: every value is
/// HTML-encoded in the HTML body, links must be absolute http(s) URLs, subjects cannot carry line breaks, and a
/// missing value (unknown name, null, blank) throws <see cref="EmailRenderException"/> instead of leaving a hole.
/// Money is formatted in its own currency (<see cref="Money.Format"/>).
/// </summary>
public sealed class EmailRenderer
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<TemplateNode>> Parsed = new(StringComparer.Ordinal);

    private readonly EmailBranding _branding;

    public EmailRenderer(EmailBranding branding)
    {
        ArgumentNullException.ThrowIfNull(branding);
        _branding = branding;
    }

    /// <summary>Renders the model's template (subject, HTML inside the shared layout, plain text).</summary>
    public RenderedEmail Render(EmailModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var definition = EmailTemplates.For(model.Template);
        if (!definition.ModelType.IsInstanceOfType(model))
        {
            throw new EmailRenderException($"Template {definition.Template} takes a {definition.ModelType.Name}, not a {model.GetType().Name}.");
        }

        var root = new RootScope(_branding);
        var subject = Render(definition.Template, "subject", definition.Subject, model, root, Encoding.Subject, body: null);
        subject = string.Join(' ', subject.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var htmlBody = Render(definition.Template, "html", definition.Html, model, root, Encoding.Html, body: null);
        var html = Render(definition.Template, "layout", EmailTemplates.HtmlLayout, new LayoutScope(subject), root, Encoding.Html, htmlBody);
        var textBody = Render(definition.Template, "text", definition.Text, model, root, Encoding.Text, body: null);
        var text = Render(definition.Template, "text layout", EmailTemplates.TextLayout, new LayoutScope(subject), root, Encoding.Text, textBody);
        return new RenderedEmail(definition.Template, subject, html, text, model.OrderReference);
    }

    private static string Render(EmailTemplate template, string part, string source, object model, RootScope root, Encoding encoding, string? body)
    {
        var nodes = Parsed.GetOrAdd(source, s => TemplateParser.Parse(s, $"{template} {part}"));
        var output = new StringBuilder(source.Length * 2);
        var context = new RenderContext(template, part, encoding, body, output);
        var scopes = new List<object> { root, model };
        context.Write(nodes, scopes);
        return output.ToString();
    }

    private enum Encoding
    {
        Html,
        Text,
        Subject,
    }

    private sealed record RootScope(EmailBranding Shop);

    private sealed record LayoutScope(string Subject);

    private sealed class RenderContext(EmailTemplate template, string part, Encoding encoding, string? body, StringBuilder output)
    {
        public void Write(IReadOnlyList<TemplateNode> nodes, List<object> scopes)
        {
            foreach (var node in nodes)
            {
                switch (node)
                {
                    case TextNode text:
                        output.Append(text.Text);
                        break;
                    case BodyNode:
                        output.Append(body ?? throw Fail("{{@body}} is only allowed in a layout"));
                        break;
                    case ValueNode value:
                        output.Append(Format(value.Path, Resolve(value.Path, scopes)));
                        break;
                    case IfNode conditional:
                        Write(IsTruthy(Resolve(conditional.Path, scopes, allowNull: true)) ? conditional.Then : conditional.Else, scopes);
                        break;
                    case EachNode each:
                        var items = Resolve(each.Path, scopes) as IEnumerable is { } enumerable and not string
                            ? enumerable
                            : throw Fail($"'{each.Path}' is not a list");
                        var any = false;
                        foreach (var item in items)
                        {
                            any = true;
                            scopes.Add(item ?? throw Fail($"'{each.Path}' contains a null item"));
                            Write(each.Body, scopes);
                            scopes.RemoveAt(scopes.Count - 1);
                        }

                        if (!any)
                        {
                            throw Fail($"'{each.Path}' is empty");
                        }

                        break;
                }
            }
        }

        private object? Resolve(string path, List<object> scopes, bool allowNull = false)
        {
            var segments = path.Split('.');
            object? current = null;
            var found = false;
            if (segments[0] == "this")
            {
                current = scopes[^1];
                found = true;
            }
            else
            {
                for (var i = scopes.Count - 1; i >= 0 && !found; i--)
                {
                    if (Property(scopes[i].GetType(), segments[0]) is { } property)
                    {
                        current = property.GetValue(scopes[i]);
                        found = true;
                    }
                }
            }

            if (!found)
            {
                throw Fail($"'{segments[0]}' is not a value of this template's model");
            }

            for (var i = 1; i < segments.Length && current is not null; i++)
            {
                var property = Property(current.GetType(), segments[i]) ?? throw Fail($"'{path}' does not exist ('{segments[i]}' is not a value of {current.GetType().Name})");
                current = property.GetValue(current);
            }

            if (!allowNull && (current is null || current is string s && string.IsNullOrWhiteSpace(s)))
            {
                throw Fail($"the value '{path}' is missing");
            }

            return current;
        }

        private string Format(string path, object? value)
        {
            var formatted = value switch
            {
                string s => s,
                Money money => money.Format(),
                DateTimeOffset time => time.ToUniversalTime().ToString("MMMM d, yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture),
                DateOnly date => date.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture),
                Uri uri => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                    ? uri.AbsoluteUri
                    : throw Fail($"the link '{path}' is not an absolute http(s) URL"),
                int or long or short => Convert.ToString(value, CultureInfo.InvariantCulture)!,
                decimal d => d.ToString("#,##0.##", CultureInfo.InvariantCulture),
                _ => throw Fail($"'{path}' ({value!.GetType().Name}) cannot be shown as text"),
            };
            return encoding == Encoding.Html ? WebUtility.HtmlEncode(formatted) : formatted;
        }

        private static bool IsTruthy(object? value) => value switch
        {
            null => false,
            bool b => b,
            string s => !string.IsNullOrWhiteSpace(s),
            IEnumerable e => e.Cast<object?>().Any(),
            _ => true,
        };

        private static PropertyInfo? Property(Type type, string name) =>
            type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { CanRead: true } p && p.GetIndexParameters().Length == 0 ? p : null;

        private EmailRenderException Fail(string problem) => new($"Cannot render the {template} email ({part}): {problem}.");
    }
}
