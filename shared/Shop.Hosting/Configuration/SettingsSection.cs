namespace Shop.Hosting.Configuration;

/// <summary>
/// A settings section the app binds to an options class. Registered by
/// <see cref="ShopHostingExtensions.AddShopOptions{TOptions}"/>, so the full list of settings the app reads
/// can be derived (for <c>local.settings.sample.json</c>, the Bicep app settings and their tests).
/// </summary>
public sealed record SettingsSection(Type OptionsType, string Section)
{
    /// <summary>The flat setting names (<c>Section__Property</c>) as app settings and <c>local.settings.json</c> spell them.</summary>
    public IEnumerable<string> SettingNames() =>
        OptionsType.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p => Section.Replace(":", "__", StringComparison.Ordinal) + "__" + p.Name);
}
