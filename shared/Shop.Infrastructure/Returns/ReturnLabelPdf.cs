using System.Globalization;
using System.Text;
using Shop.Domain.Returns;

namespace Shop.Infrastructure.Returns;

/// <summary>
/// The embedded carrier's return label: a one-page PDF (A6, Helvetica) with the return, its tracking number, where the
/// parcel goes and what is in it. Written by hand (a content stream of text lines and the cross-reference table), so
/// no PDF library is needed for what is a few lines of text.
/// </summary>
public static class ReturnLabelPdf
{
    public static byte[] Render(ReturnRequest request, string shipTo)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(shipTo);
        var lines = new List<(int Size, string Text)>
        {
            (16, "PREPAID RETURN LABEL"),
            (11, request.Label is { } label ? $"{label.Carrier}  tracking {label.TrackingNumber}" : "Carrier label"),
            (10, " "),
            (10, "SHIP TO:"),
        };
        lines.AddRange(shipTo.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => (12, p)));
        lines.Add((10, " "));
        lines.Add((10, $"Return {request.Id}"));
        lines.Add((10, $"Order {request.OrderId}"));
        lines.AddRange(request.Lines.Select(l => (9, $"{l.Quantity} x {l.Name} ({l.Sku})")));

        var content = new StringBuilder("BT\n");
        var y = 400;
        foreach (var (size, text) in lines)
        {
            content.Append(CultureInfo.InvariantCulture, $"/F1 {size} Tf 1 0 0 1 24 {y} Tm ({Escape(text)}) Tj\n");
            y -= size + 8;
        }

        content.Append("ET\n");
        var stream = content.ToString();
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>PDF string escapes; anything outside printable ASCII becomes '?' (the standard fonts' encoding is not Unicode).</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '(' or ')' or '\\' => "\\" + c,
                < ' ' or > '~' => "?",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
