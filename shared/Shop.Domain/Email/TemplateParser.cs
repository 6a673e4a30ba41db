using System.Text.RegularExpressions;

namespace Shop.Domain.Email;

/// <summary>Parses the renderer's template syntax into nodes; unbalanced or unknown tags fail at parse time.</summary>
internal static partial class TemplateParser
{
    public static IReadOnlyList<TemplateNode> Parse(string source, string name)
    {
        var position = 0;
        var nodes = ParseUntil(source, ref position, name, closing: null, out _);
        return nodes;
    }

    private static List<TemplateNode> ParseUntil(string source, ref int position, string name, string? closing, out bool endedWithElse)
    {
        var nodes = new List<TemplateNode>();
        endedWithElse = false;
        while (position < source.Length)
        {
            var open = source.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                nodes.Add(new TextNode(source[position..]));
                position = source.Length;
                break;
            }

            if (open > position)
            {
                nodes.Add(new TextNode(source[position..open]));
            }

            var close = source.IndexOf("}}", open, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new EmailRenderException($"Template {name}: '{{{{' at {open} is never closed.");
            }

            var tag = source[(open + 2)..close].Trim();
            position = close + 2;
            if (tag == "@body")
            {
                nodes.Add(new BodyNode());
            }
            else if (tag.StartsWith("#if ", StringComparison.Ordinal))
            {
                var path = CheckPath(tag[4..].Trim(), name);
                var then = ParseUntil(source, ref position, name, "if", out var hasElse);
                var otherwise = hasElse ? ParseUntil(source, ref position, name, "if", out _) : [];
                nodes.Add(new IfNode(path, then, otherwise));
            }
            else if (tag.StartsWith("#each ", StringComparison.Ordinal))
            {
                var path = CheckPath(tag[6..].Trim(), name);
                nodes.Add(new EachNode(path, ParseUntil(source, ref position, name, "each", out _)));
            }
            else if (tag == "else")
            {
                if (closing != "if")
                {
                    throw new EmailRenderException($"Template {name}: '{{{{else}}}}' outside '{{{{#if}}}}'.");
                }

                endedWithElse = true;
                return nodes;
            }
            else if (tag.StartsWith('/'))
            {
                if (tag[1..] != closing)
                {
                    throw new EmailRenderException($"Template {name}: '{{{{{tag}}}}}' does not close an open section.");
                }

                return nodes;
            }
            else
            {
                nodes.Add(new ValueNode(CheckPath(tag, name)));
            }
        }

        if (closing is not null)
        {
            throw new EmailRenderException($"Template {name}: '{{{{#{closing}}}}}' is never closed.");
        }

        return nodes;
    }

    private static string CheckPath(string path, string name) => PathPattern().IsMatch(path)
        ? path
        : throw new EmailRenderException($"Template {name}: '{path}' is not a value name.");

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$")]
    private static partial Regex PathPattern();
}

internal abstract record TemplateNode;

internal sealed record TextNode(string Text) : TemplateNode;

internal sealed record BodyNode : TemplateNode;

internal sealed record ValueNode(string Path) : TemplateNode;

internal sealed record IfNode(string Path, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode> Else) : TemplateNode;

internal sealed record EachNode(string Path, IReadOnlyList<TemplateNode> Body) : TemplateNode;
