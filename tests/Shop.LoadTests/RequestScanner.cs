using System.Text;

namespace Shop.LoadTests;

/// <summary>
/// Follows the HTTP/1.1 requests in a client-to-server byte stream without changing it: reports where each request
/// starts and its method and path, and skips its body (Content-Length or chunked). Anything it cannot follow stops the
/// scan of that connection (<see cref="Lost"/>); the bytes still flow.
/// </summary>
internal sealed class RequestScanner(Action started, Action<string, string> completedHead)
{
    private const int MaxHead = 64 * 1024;
    private readonly List<byte> _line = [];
    private State _state = State.Head;
    private long _remaining;

    private enum State
    {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailer,
        Lost,
    }

    /// <summary>True once the stream held something this scanner could not follow.</summary>
    public bool Lost => _state == State.Lost;

    public void Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.Head:
                    if (_line.Count == 0)
                    {
                        started();
                    }

                    // Byte by byte until the blank line: heads are a few hundred bytes.
                    while (i < data.Length && _state == State.Head)
                    {
                        _line.Add(data[i++]);
                        if (EndsWith("\r\n\r\n"))
                        {
                            ParseHead();
                        }
                        else if (_line.Count > MaxHead)
                        {
                            _state = State.Lost;
                        }
                    }

                    break;
                case State.Body:
                case State.ChunkData:
                case State.ChunkEnd:
                    var skip = (int)Math.Min(_remaining, data.Length - i);
                    i += skip;
                    _remaining -= skip;
                    if (_remaining == 0)
                    {
                        _state = _state switch
                        {
                            State.ChunkData => State.ChunkEnd,
                            State.ChunkEnd => State.ChunkSize,
                            _ => State.Head,
                        };
                        _remaining = _state == State.ChunkEnd ? 2 : 0;
                    }

                    break;
                case State.ChunkSize:
                case State.Trailer:
                    _line.Add(data[i++]);
                    if (EndsWith("\r\n"))
                    {
                        LineEnded();
                    }
                    else if (_line.Count > MaxHead)
                    {
                        _state = State.Lost;
                    }

                    break;
                default:
                    return;
            }
        }
    }

    private void ParseHead()
    {
        var head = Encoding.ASCII.GetString([.. _line]);
        _line.Clear();
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 3)
        {
            _state = State.Lost;
            return;
        }

        long contentLength = 0;
        var chunked = false;
        foreach (var header in lines.Skip(1))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = header[..colon].Trim();
            var value = header[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !long.TryParse(value, out contentLength))
            {
                _state = State.Lost;
                return;
            }

            chunked |= name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        }

        completedHead(requestLine[0], requestLine[1]);
        (_state, _remaining) = chunked ? (State.ChunkSize, 0L) : contentLength > 0 ? (State.Body, contentLength) : (State.Head, 0L);
    }

    private void LineEnded()
    {
        var line = Encoding.ASCII.GetString([.. _line]).TrimEnd('\r', '\n');
        _line.Clear();
        if (_state == State.Trailer)
        {
            _state = line.Length == 0 ? State.Head : State.Trailer;
            return;
        }

        var size = line.Split(';', 2)[0].Trim();
        if (!long.TryParse(size, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var length))
        {
            _state = State.Lost;
            return;
        }

        (_state, _remaining) = length == 0 ? (State.Trailer, 0L) : (State.ChunkData, length);
    }

    private bool EndsWith(string ending)
    {
        if (_line.Count < ending.Length)
        {
            return false;
        }

        for (var k = 0; k < ending.Length; k++)
        {
            if (_line[_line.Count - ending.Length + k] != ending[k])
            {
                return false;
            }
        }

        return true;
    }
}
