namespace Shop.Functions.Admin;

/// <summary>The demo catalog: 36 products in 6 categories, some low on stock and some out, so every state of the storefront shows.</summary>
public static class DemoCatalog
{
    public static IReadOnlyList<DemoProduct> Products { get; } =
    [
        new("KIT-MUG-01", "Stoneware Coffee Mug", "A 350 ml stoneware mug with a speckled glaze; dishwasher and microwave safe.", "Kitchen", 14.00m, 420, 120, 20, 14),
        new("KIT-KNF-08", "Chef's Knife 8\"", "High-carbon stainless steel chef's knife with a full tang and a walnut handle.", "Kitchen", 89.00m, 260, 35, 8, 21),
        new("KIT-SKL-10", "Cast Iron Skillet 10\"", "Pre-seasoned cast iron skillet for stovetop, oven and campfire.", "Kitchen", 42.50m, 2300, 40, 10, 21),
        new("KIT-BRD-01", "Bamboo Cutting Board", "Large end-grain bamboo cutting board with a juice groove.", "Kitchen", 29.99m, 1400, 60, 10, 14),
        new("KIT-FRP-1L", "French Press 1 L", "Borosilicate glass French press with a double stainless filter.", "Kitchen", 34.00m, 780, 4, 10, 14),
        new("KIT-CUP-ES", "Café Crème Espresso Cups", "Set of four 80 ml porcelain espresso cups with saucers — perfect for a café crème.", "Kitchen", 24.00m, 900, 50, 10, 14),
        new("OUT-BPK-30", "Trail Backpack 30 L", "Lightweight 30 litre daypack with a rain cover and hydration sleeve.", "Outdoor", 79.00m, 950, 45, 10, 30),
        new("OUT-BTL-75", "Insulated Water Bottle", "750 ml double-wall vacuum bottle; cold for 24 hours, hot for 12.", "Outdoor", 27.00m, 380, 150, 25, 21),
        new("OUT-HMK-01", "Camping Hammock", "Parachute-nylon hammock with tree straps; holds up to 180 kg.", "Outdoor", 39.00m, 600, 30, 5, 30),
        new("OUT-HLP-01", "LED Headlamp", "Rechargeable 400-lumen headlamp with red night mode.", "Outdoor", 24.50m, 90, 80, 15, 21),
        new("OUT-POL-02", "Trekking Poles (pair)", "Collapsible aluminium trekking poles with cork grips.", "Outdoor", 59.00m, 520, 0, 6, 30),
        new("OUT-TNT-2P", "Backpacking Tent 2P", "Two-person freestanding tent, 1.9 kg, with two doors and vestibules.", "Outdoor", 229.00m, 1900, 12, 4, 45),
        new("ELC-EAR-01", "Wireless Earbuds", "Noise-cancelling true wireless earbuds with a 24-hour charging case.", "Electronics", 129.00m, 60, 70, 15, 30),
        new("ELC-CHG-65", "USB-C Charger 65 W", "Compact GaN charger with two USB-C ports and one USB-A port.", "Electronics", 45.00m, 150, 110, 20, 21),
        new("ELC-SPK-01", "Bluetooth Speaker", "Waterproof portable speaker with 12 hours of playback.", "Electronics", 69.00m, 540, 3, 8, 30),
        new("ELC-KBD-01", "Mechanical Keyboard", "Tenkeyless mechanical keyboard with hot-swappable switches.", "Electronics", 119.00m, 850, 25, 5, 30),
        new("ELC-MSE-01", "Wireless Mouse", "Ergonomic wireless mouse with silent clicks and a 70-day battery.", "Electronics", 39.00m, 110, 90, 15, 21),
        new("ELC-PWR-20", "Power Bank 20,000 mAh", "High-capacity power bank with 30 W USB-C power delivery.", "Electronics", 49.00m, 360, 55, 10, 21),
        new("APP-SCK-MW", "Merino Wool Socks", "Cushioned merino hiking socks; sold as a pair.", "Apparel", 18.00m, 80, 200, 40, 21),
        new("APP-JKT-RN", "Rain Jacket", "Packable waterproof, breathable rain jacket with taped seams.", "Apparel", 149.00m, 380, 22, 5, 45),
        new("APP-TSH-OC", "Organic Cotton T-Shirt", "Heavyweight organic cotton crew-neck tee.", "Apparel", 25.00m, 200, 140, 30, 30),
        new("APP-HOD-FL", "Fleece Hoodie", "Recycled-polyester fleece hoodie with a full zip.", "Apparel", 65.00m, 520, 2, 8, 30),
        new("APP-BNE-WL", "Wool Beanie", "Ribbed wool beanie; one size.", "Apparel", 22.00m, 90, 75, 15, 21),
        new("APP-BLT-LE", "Leather Belt", "Full-grain leather belt with a brass buckle.", "Apparel", 48.00m, 240, 40, 8, 30),
        new("HOM-PLW-LN", "Linen Throw Pillow", "Stonewashed linen pillow cover with a feather insert, 45 × 45 cm.", "Home", 38.00m, 700, 50, 10, 21),
        new("HOM-CDL-SY", "Scented Soy Candle", "Hand-poured soy candle, cedar and bergamot, 50-hour burn.", "Home", 26.00m, 450, 95, 20, 14),
        new("HOM-BLK-WL", "Wool Throw Blanket", "Herringbone wool throw, 130 × 170 cm.", "Home", 98.00m, 1300, 18, 5, 30),
        new("HOM-PLT-CR", "Ceramic Planter", "Matte ceramic planter with a drainage hole and saucer, 15 cm.", "Home", 32.00m, 1100, 0, 6, 21),
        new("HOM-CLK-WL", "Minimalist Wall Clock", "Silent-sweep wall clock with an oak frame, 30 cm.", "Home", 55.00m, 800, 27, 5, 30),
        new("HOM-TWL-CT", "Cotton Bath Towel", "Long-staple Turkish cotton bath towel, 600 gsm.", "Home", 29.00m, 650, 85, 15, 21),
        new("OFF-NTB-A5", "Hardcover Notebook A5", "Dot-grid A5 notebook, 192 numbered pages of 100 gsm paper.", "Office", 19.00m, 380, 160, 30, 14),
        new("OFF-PEN-FT", "Fountain Pen", "Steel-nib fountain pen with a converter and two ink cartridges.", "Office", 44.00m, 60, 38, 8, 30),
        new("OFF-ORG-DK", "Desk Organizer", "Walnut desk organizer with a phone stand and pen tray.", "Office", 52.00m, 900, 4, 6, 30),
        new("OFF-STD-MN", "Monitor Stand", "Steel and bamboo monitor riser with storage underneath.", "Office", 64.00m, 2600, 30, 6, 30),
        new("OFF-LMP-LD", "LED Desk Lamp", "Dimmable LED desk lamp with adjustable colour temperature.", "Office", 72.00m, 1200, 26, 5, 30),
        new("OFF-NTS-PK", "Sticky Notes Pack", "Twelve pads of recycled sticky notes in six colours.", "Office", 9.50m, 300, 300, 50, 14),
    ];

    /// <summary>A stable placeholder image for a SKU.</summary>
    public static Uri ImageFor(string sku, int variant) => new($"https://picsum.photos/seed/{sku}-{variant}/640/640");
}
