using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shop.Hosting.Azurite;
using Shop.Testing.Benchmarks;

namespace Shop.LoadTests;

/// <summary>
/// A byte-for-byte TCP relay in front of one of Azurite's services, on a free loopback port. The app in the child
/// process talks to the relay, so every storage request it makes is counted by kind and timed (request's first byte
/// to response's first byte: the emulator's service time including its queueing) without touching the app.
/// HTTP/1.1 without pipelining (what the Azure SDK sends) has at most one request outstanding per connection.
/// </summary>
internal sealed class StorageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly StorageService _service;
    private readonly int _upstreamPort;
    private readonly StorageOperationCounter _counter;
    private readonly Samples _latencies;
    private readonly Recorder _byKind;
    private readonly StorageTrace _trace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _lostConnections;

    private StorageProxy(StorageService service, int upstreamPort, StorageOperationCounter counter, Samples latencies, Recorder byKind, StorageTrace trace)
    {
        _trace = trace;
        _service = service;
        _upstreamPort = upstreamPort;
        _counter = counter;
        _latencies = latencies;
        _byKind = byKind;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections whose requests the scanner could not follow (their later requests went uncounted).</summary>
    public long LostConnections => Interlocked.Read(ref _lostConnections);

    /// <summary>One relay per service of <paramref name="azurite"/>: table, queue, blob.</summary>
    public static (StorageProxy Table, StorageProxy Queue, StorageProxy Blob) StartAll(AzuriteOptions azurite, StorageOperationCounter counter, Samples latencies, Recorder byKind, StorageTrace trace)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return (new StorageProxy(StorageService.Table, azurite.TablePort, counter, latencies, byKind, trace),
            new StorageProxy(StorageService.Queue, azurite.QueuePort, counter, latencies, byKind, trace),
            new StorageProxy(StorageService.Blob, azurite.BlobPort, counter, latencies, byKind, trace));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var downstream = client;
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        downstream.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            return;
        }

        long pending = 0;
        string? pendingKind = null;
        var scanner = new RequestScanner(
            () => Volatile.Write(ref pending, Stopwatch.GetTimestamp()),
            (method, path) =>
            {
                _counter.Record(_service, method, path);
                _trace.Record(_service, method, path);
                Volatile.Write(ref pendingKind, StorageTrace.Describe(_service, method, path));
            });
        var requests = PumpAsync(downstream, upstream, data =>
        {
            var lost = scanner.Lost;
            scanner.Scan(data);
            if (!lost && scanner.Lost)
            {
                Interlocked.Increment(ref _lostConnections);
            }
        });
        var responses = PumpAsync(upstream, downstream, _ =>
        {
            var started = Interlocked.Exchange(ref pending, 0);
            if (started != 0)
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                _latencies.Add(elapsed);
                if (Interlocked.Exchange(ref pendingKind, null) is { } kind)
                {
                    _byKind.Request(kind, elapsed);
                }
            }
        });
        // A side that ends cleanly (EOF) was passed on as a half-close: let the other side finish its answer.
        var first = await Task.WhenAny(requests, responses);
        if (await first)
        {
            var other = first == requests ? responses : requests;
            await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(30), _stop.Token).ContinueWith(_ => false, TaskScheduler.Default));
        }

        downstream.Close();
        upstream.Close();
        await Task.WhenAll(requests, responses);
    }

    /// <summary>Copies until the sender closes (true; the close is passed on) or a socket fails (false).</summary>
    private static async Task<bool> PumpAsync(Socket from, Socket to, Observer observe)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return true;
                }

                observe(buffer.AsSpan(0, read));
                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset or closed under us.
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate void Observer(ReadOnlySpan<byte> data);
}
