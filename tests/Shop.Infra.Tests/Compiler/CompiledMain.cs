using System.Text.Json;
using Shop.Infra.Tests.Arm;

namespace Shop.Infra.Tests.Compiler;

/// <summary>
/// infra/main.bicep compiled once per test run by the real compiler (<c>bicep build</c>, into a temporary folder: never
/// into the repository), and the ARM JSON it produced.
/// </summary>
internal sealed class CompiledMain
{
    private static readonly Lazy<Task<CompiledMain>> Instance = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ArmTemplate? _template;

    private CompiledMain(BicepRun build, ArmTemplate? template)
    {
        Build = build;
        _template = template;
    }

    /// <summary>The compiler's run: exit code and diagnostics.</summary>
    public BicepRun Build { get; }

    /// <summary>The compiled template; throws with the compiler's diagnostics when it did not compile.</summary>
    public ArmTemplate Template => _template ?? throw new InvalidOperationException("infra/main.bicep did not compile. " + Build.Report);

    public static Task<CompiledMain> LoadAsync() => Instance.Value;

    /// <summary>The compiled template of infra/main.bicep.</summary>
    public static async Task<ArmTemplate> TemplateAsync() => (await LoadAsync()).Template;

    private static async Task<CompiledMain> BuildAsync()
    {
        var directory = Directory.CreateTempSubdirectory("shop-bicep-");
        try
        {
            var output = Path.Combine(directory.FullName, "main.json");
            var build = await BicepCli.RunAsync(Repository.Root, "build", Repository.MainBicep, "--outfile", output);
            ArmTemplate? template = null;
            if (build.ExitCode == 0 && File.Exists(output))
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
                template = new ArmTemplate("main", json.RootElement.Clone());
            }

            return new CompiledMain(build, template);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
