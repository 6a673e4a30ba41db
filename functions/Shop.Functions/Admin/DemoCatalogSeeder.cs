using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Common;
using Shop.Domain.Inventory;
using Shop.Domain.Pricing;
using Shop.Infrastructure.Catalog;

namespace Shop.Functions.Admin;

/// <summary>
/// On start, seeds the demo catalog into an empty catalog (unless <c>Catalog__SeedDemoData=false</c>). Idempotent and
/// safe when several instances start at once: products and stock rows are only ever added if absent (stock first, so a
/// visible product always has stock), never incremented; a seed cut short is completed on the next start. A catalog
/// that has products of its own and none of the demo ones is left alone.
/// </summary>
public sealed partial class DemoCatalogSeeder(
    IProductStore products,
    IStockStore stock,
    PriceCalculator pricing,
    IOptions<CatalogOptions> options,
    ILogger<DemoCatalogSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }

        try
        {
            var added = await SeedAsync(cancellationToken);
            if (added > 0)
            {
                Log.Seeded(logger, added);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Failed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds whatever part of the demo catalog is missing; returns how many products it added.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        var demo = DemoCatalog.Products;
        var existing = await products.GetManyAsync(demo.Select(p => p.Sku), cancellationToken);
        if (existing.Count == demo.Count)
        {
            return 0;
        }

        if (existing.Count == 0 && await products.AnyAsync(cancellationToken))
        {
            Log.NotEmpty(logger);
            return 0;
        }

        var added = 0;
        var missing = demo.Where(p => !existing.ContainsKey(p.Sku)).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (demoProduct, ct) =>
        {
            await stock.InitializeAsync(demoProduct.Sku, demoProduct.OnHand, demoProduct.ReorderPoint, demoProduct.LeadTimeDays, ct);
            var product = Product.Create(
                demoProduct.Sku,
                demoProduct.Name,
                demoProduct.Description,
                demoProduct.Category,
                new Money(demoProduct.Price, pricing.Currency),
                demoProduct.WeightGrams,
                [DemoCatalog.ImageFor(demoProduct.Sku, 1), DemoCatalog.ImageFor(demoProduct.Sku, 2)]);
            if (await products.AddIfAbsentAsync(product, ct))
            {
                Interlocked.Increment(ref added);
            }
        });
        return added;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Seeded {Count} demo products (turn off with Catalog__SeedDemoData=false)")]
        public static partial void Seeded(ILogger logger, int count);

        [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "The catalog already has products; the demo catalog is not seeded")]
        public static partial void NotEmpty(ILogger logger);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Seeding the demo catalog failed; the app runs without it")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
