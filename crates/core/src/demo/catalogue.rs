//! The demo shop's product catalogue (a Turkish telecom and electronics
//! retailer) and the affinity rules that make its customers buy things
//! together: the ground truth a next-best-offer model should rediscover.

/// What kind of product a catalogue entry is; each kind is one purchase
/// category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Phone,
    Tablet,
    Laptop,
    Wearable,
    Accessory,
    Tariff,
    Insurance,
    Repair,
}

impl Kind {
    /// The purchase category as the shop writes it.
    pub fn category(self) -> &'static str {
        match self {
            Kind::Phone => "Telefon",
            Kind::Tablet => "Tablet",
            Kind::Laptop => "Dizüstü Bilgisayar",
            Kind::Wearable => "Giyilebilir",
            Kind::Accessory => "Aksesuar",
            Kind::Tariff => "Tarife",
            Kind::Insurance => "Sigorta",
            Kind::Repair => "Teknik Servis",
        }
    }

    /// Devices are what a customer "owns" (`Customer::products`).
    pub fn is_device(self) -> bool {
        matches!(
            self,
            Kind::Phone | Kind::Tablet | Kind::Laptop | Kind::Wearable
        )
    }
}

/// The maker of a product; `Generic` fits every device, `Operator` is the
/// shop's own tariffs and services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Brand {
    Apple,
    Samsung,
    Xiaomi,
    Huawei,
    Oppo,
    Honor,
    Lenovo,
    Asus,
    Generic,
    Operator,
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Product {
    /// Unique within the catalogue.
    pub sku: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    pub brand: Brand,
    /// Price range in whole liras (TRY), low to high: variants, storage
    /// sizes and campaign prices fall in between.
    pub price_try: (u32, u32),
    /// Relative popularity within its kind.
    pub popularity: f64,
}

const fn p(
    sku: &'static str,
    name: &'static str,
    kind: Kind,
    brand: Brand,
    low: u32,
    high: u32,
    popularity: f64,
) -> Product {
    Product {
        sku,
        name,
        kind,
        brand,
        price_try: (low, high),
        popularity,
    }
}

use Brand::*;
use Kind::*;

/// Every product the demo shop sells. Phones are listed per brand from the
/// cheapest to the dearest (the generator relies on that order to match a
/// customer's budget).
pub const CATALOGUE: &[Product] = &[
    // Phones.
    p(
        "APL-IP13",
        "iPhone 13 128 GB",
        Phone,
        Apple,
        33_000,
        38_000,
        1.0,
    ),
    p(
        "APL-IP14",
        "iPhone 14 128 GB",
        Phone,
        Apple,
        40_000,
        47_000,
        1.0,
    ),
    p("APL-IP15", "iPhone 15", Phone, Apple, 48_000, 58_000, 1.2),
    p(
        "APL-IP15P",
        "iPhone 15 Pro",
        Phone,
        Apple,
        64_000,
        74_000,
        0.8,
    ),
    p(
        "APL-IP15PM",
        "iPhone 15 Pro Max",
        Phone,
        Apple,
        75_000,
        85_000,
        0.6,
    ),
    p(
        "SAM-A35",
        "Samsung Galaxy A35",
        Phone,
        Samsung,
        15_000,
        18_000,
        1.2,
    ),
    p(
        "SAM-A55",
        "Samsung Galaxy A55",
        Phone,
        Samsung,
        18_000,
        22_000,
        1.2,
    ),
    p(
        "SAM-S24",
        "Samsung Galaxy S24",
        Phone,
        Samsung,
        42_000,
        50_000,
        0.8,
    ),
    p(
        "SAM-S24U",
        "Samsung Galaxy S24 Ultra",
        Phone,
        Samsung,
        65_000,
        78_000,
        0.5,
    ),
    p(
        "XIA-RN13",
        "Xiaomi Redmi Note 13",
        Phone,
        Xiaomi,
        15_000,
        17_000,
        1.4,
    ),
    p(
        "XIA-RN13P",
        "Xiaomi Redmi Note 13 Pro",
        Phone,
        Xiaomi,
        18_000,
        21_000,
        1.0,
    ),
    p("XIA-14", "Xiaomi 14", Phone, Xiaomi, 38_000, 44_000, 0.5),
    p(
        "HUA-N12",
        "Huawei nova 12",
        Phone,
        Huawei,
        19_000,
        23_000,
        1.0,
    ),
    p(
        "HUA-P60P",
        "Huawei P60 Pro",
        Phone,
        Huawei,
        45_000,
        52_000,
        0.5,
    ),
    p("OPP-R11", "Oppo Reno 11", Phone, Oppo, 20_000, 24_000, 1.0),
    p("HON-90", "Honor 90", Phone, Honor, 17_000, 20_000, 1.0),
    // Tablets.
    p(
        "APL-IPAD10",
        "iPad 10. Nesil",
        Tablet,
        Apple,
        17_000,
        20_000,
        1.0,
    ),
    p(
        "APL-IPADAIR",
        "iPad Air",
        Tablet,
        Apple,
        27_000,
        32_000,
        0.6,
    ),
    p(
        "SAM-TABS9",
        "Samsung Galaxy Tab S9",
        Tablet,
        Samsung,
        28_000,
        33_000,
        0.6,
    ),
    p(
        "SAM-TABA9",
        "Samsung Galaxy Tab A9+",
        Tablet,
        Samsung,
        8_000,
        9_500,
        1.0,
    ),
    p(
        "XIA-PAD6",
        "Xiaomi Pad 6",
        Tablet,
        Xiaomi,
        11_000,
        13_000,
        0.8,
    ),
    // Laptops.
    p(
        "APL-MBA13",
        "MacBook Air 13 M2",
        Laptop,
        Apple,
        38_000,
        45_000,
        0.8,
    ),
    p(
        "APL-MBP14",
        "MacBook Pro 14 M3",
        Laptop,
        Apple,
        75_000,
        90_000,
        0.3,
    ),
    p(
        "LEN-SLIM5",
        "Lenovo IdeaPad Slim 5",
        Laptop,
        Lenovo,
        25_000,
        30_000,
        1.0,
    ),
    p(
        "HUA-MBD16",
        "Huawei MateBook D16",
        Laptop,
        Huawei,
        22_000,
        26_000,
        0.6,
    ),
    p(
        "ASU-VB15",
        "Asus Vivobook 15",
        Laptop,
        Asus,
        18_000,
        22_000,
        1.0,
    ),
    // Wearables.
    p(
        "APL-WS9",
        "Apple Watch Series 9",
        Wearable,
        Apple,
        15_000,
        18_000,
        0.8,
    ),
    p(
        "APL-WSE",
        "Apple Watch SE",
        Wearable,
        Apple,
        9_000,
        11_000,
        1.0,
    ),
    p(
        "SAM-GW6",
        "Samsung Galaxy Watch6",
        Wearable,
        Samsung,
        8_000,
        10_000,
        1.0,
    ),
    p(
        "XIA-BAND8",
        "Xiaomi Smart Band 8",
        Wearable,
        Xiaomi,
        1_000,
        1_300,
        1.2,
    ),
    p(
        "HUA-GT4",
        "Huawei Watch GT 4",
        Wearable,
        Huawei,
        6_000,
        7_500,
        0.8,
    ),
    // Accessories: brand-specific ones go with that brand's devices.
    p(
        "APL-APP2",
        "AirPods Pro 2",
        Accessory,
        Apple,
        8_500,
        9_500,
        0.8,
    ),
    p(
        "APL-AP3",
        "AirPods 3. Nesil",
        Accessory,
        Apple,
        5_500,
        6_500,
        0.6,
    ),
    p(
        "APL-20W",
        "Apple 20W USB-C Güç Adaptörü",
        Accessory,
        Apple,
        900,
        1_100,
        1.2,
    ),
    p(
        "APL-MAGSAFE",
        "Apple MagSafe Şarj Aleti",
        Accessory,
        Apple,
        1_800,
        2_100,
        0.8,
    ),
    p(
        "APL-CASE",
        "iPhone MagSafe Silikon Kılıf",
        Accessory,
        Apple,
        1_800,
        2_000,
        1.0,
    ),
    p(
        "APL-PENCIL",
        "Apple Pencil (USB-C)",
        Accessory,
        Apple,
        3_500,
        4_500,
        0.4,
    ),
    p(
        "SAM-BUDS2P",
        "Samsung Galaxy Buds2 Pro",
        Accessory,
        Samsung,
        5_000,
        6_000,
        0.7,
    ),
    p(
        "SAM-BUDSFE",
        "Samsung Galaxy Buds FE",
        Accessory,
        Samsung,
        2_200,
        2_800,
        0.8,
    ),
    p(
        "SAM-25W",
        "Samsung 25W Hızlı Şarj Adaptörü",
        Accessory,
        Samsung,
        500,
        650,
        1.0,
    ),
    p(
        "SAM-CASE",
        "Samsung Galaxy Orijinal Kılıf",
        Accessory,
        Samsung,
        600,
        900,
        1.0,
    ),
    p(
        "XIA-BUDS5",
        "Xiaomi Redmi Buds 5",
        Accessory,
        Xiaomi,
        1_000,
        1_400,
        1.0,
    ),
    p(
        "ACC-CASE-CLR",
        "Şeffaf Silikon Kılıf",
        Accessory,
        Generic,
        200,
        400,
        2.0,
    ),
    p(
        "ACC-CASE-WLT",
        "Deri Cüzdan Kılıf",
        Accessory,
        Generic,
        400,
        800,
        1.0,
    ),
    p(
        "ACC-GLASS",
        "Temperli Cam Ekran Koruyucu",
        Accessory,
        Generic,
        200,
        450,
        2.0,
    ),
    p(
        "ACC-PB10",
        "Powerbank 10.000 mAh",
        Accessory,
        Generic,
        600,
        1_200,
        1.0,
    ),
    p(
        "ACC-CAR",
        "Araç İçi Telefon Tutucu",
        Accessory,
        Generic,
        250,
        500,
        0.7,
    ),
    p(
        "ACC-USBC",
        "USB-C Kablo 1 m",
        Accessory,
        Generic,
        200,
        350,
        1.2,
    ),
    p(
        "ACC-33W",
        "33W Hızlı Şarj Adaptörü",
        Accessory,
        Generic,
        400,
        700,
        0.8,
    ),
    p(
        "ACC-BT",
        "Bluetooth Kulaklık",
        Accessory,
        Generic,
        800,
        2_500,
        0.8,
    ),
    p(
        "ACC-BAG",
        "Dizüstü Bilgisayar Çantası",
        Accessory,
        Generic,
        700,
        1_500,
        0.3,
    ),
    p(
        "ACC-MOUSE",
        "Kablosuz Mouse",
        Accessory,
        Generic,
        300,
        900,
        0.3,
    ),
    // Tariffs and services.
    p(
        "TRF-YOUTH15",
        "Gençlik Paketi 15 GB",
        Tariff,
        Operator,
        300,
        380,
        0.8,
    ),
    p(
        "TRF-20GB",
        "Faturalı 20 GB Paket",
        Tariff,
        Operator,
        450,
        550,
        1.5,
    ),
    p(
        "TRF-40GB",
        "Faturalı 40 GB Paket",
        Tariff,
        Operator,
        650,
        800,
        1.2,
    ),
    p(
        "TRF-UNL",
        "Sınırsız İnternet Paketi",
        Tariff,
        Operator,
        1_100,
        1_400,
        0.6,
    ),
    p(
        "TRF-ADD5",
        "Ek 5 GB İnternet",
        Tariff,
        Operator,
        150,
        200,
        1.5,
    ),
    p(
        "TRF-ROAM",
        "Yurt Dışı Roaming Paketi",
        Tariff,
        Operator,
        600,
        900,
        0.3,
    ),
    p(
        "INS-DEV12",
        "Cihaz Sigortası 12 Ay",
        Insurance,
        Operator,
        1_500,
        4_500,
        1.0,
    ),
    p(
        "INS-SCR",
        "Ekran Kırılma Sigortası",
        Insurance,
        Operator,
        900,
        1_500,
        1.0,
    ),
    p(
        "SRV-SCREEN",
        "Ekran Değişimi",
        Repair,
        Operator,
        2_500,
        9_000,
        1.0,
    ),
    p(
        "SRV-BATT",
        "Batarya Değişimi",
        Repair,
        Operator,
        1_500,
        3_500,
        1.0,
    ),
    p(
        "SRV-SETUP",
        "Veri Aktarımı ve Kurulum",
        Repair,
        Operator,
        300,
        500,
        0.8,
    ),
];

/// Which purchases set off an [`Affinity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Any product of this kind.
    Kind(Kind),
    /// A product of this kind from this brand.
    BrandKind(Brand, Kind),
}

impl Trigger {
    pub fn matches(self, product: &Product) -> bool {
        match self {
            Trigger::Kind(kind) => product.kind == kind,
            Trigger::BrandKind(brand, kind) => product.brand == brand && product.kind == kind,
        }
    }
}

/// A co-purchase rule: after buying a product that matches `after`, the
/// customer buys one of `then` with probability `chance`, between
/// `within_days.0` and `within_days.1` days later (0 = the same visit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affinity {
    pub after: Trigger,
    pub then: &'static [&'static str],
    pub chance: f64,
    pub within_days: (u32, u32),
}

const fn a(
    after: Trigger,
    then: &'static [&'static str],
    chance: f64,
    within_days: (u32, u32),
) -> Affinity {
    Affinity {
        after,
        then,
        chance,
        within_days,
    }
}

/// The co-purchase structure of the demo data. A phone brings a case, a
/// screen protector, insurance and a tariff; an Apple device brings Apple
/// accessories, a Samsung one Samsung accessories.
pub const AFFINITIES: &[Affinity] = &[
    a(
        Trigger::Kind(Phone),
        &["ACC-CASE-CLR", "ACC-CASE-WLT"],
        0.45,
        (0, 3),
    ),
    a(Trigger::Kind(Phone), &["ACC-GLASS"], 0.5, (0, 10)),
    a(
        Trigger::Kind(Phone),
        &["INS-DEV12", "INS-SCR"],
        0.3,
        (0, 14),
    ),
    a(
        Trigger::Kind(Phone),
        &["TRF-20GB", "TRF-40GB", "TRF-UNL"],
        0.3,
        (0, 2),
    ),
    a(
        Trigger::BrandKind(Apple, Phone),
        &["APL-CASE"],
        0.35,
        (0, 3),
    ),
    a(
        Trigger::BrandKind(Apple, Phone),
        &["APL-20W", "APL-MAGSAFE"],
        0.4,
        (0, 30),
    ),
    a(
        Trigger::BrandKind(Apple, Phone),
        &["APL-APP2", "APL-AP3"],
        0.3,
        (0, 90),
    ),
    a(
        Trigger::BrandKind(Apple, Phone),
        &["APL-WS9", "APL-WSE"],
        0.12,
        (7, 180),
    ),
    a(
        Trigger::BrandKind(Samsung, Phone),
        &["SAM-CASE", "SAM-25W"],
        0.35,
        (0, 30),
    ),
    a(
        Trigger::BrandKind(Samsung, Phone),
        &["SAM-BUDS2P", "SAM-BUDSFE"],
        0.25,
        (0, 90),
    ),
    a(
        Trigger::BrandKind(Samsung, Phone),
        &["SAM-GW6"],
        0.1,
        (7, 180),
    ),
    a(
        Trigger::BrandKind(Xiaomi, Phone),
        &["XIA-BUDS5", "XIA-BAND8"],
        0.25,
        (0, 60),
    ),
    a(
        Trigger::BrandKind(Huawei, Phone),
        &["HUA-GT4"],
        0.15,
        (7, 120),
    ),
    a(
        Trigger::BrandKind(Apple, Tablet),
        &["APL-PENCIL"],
        0.35,
        (0, 30),
    ),
    a(Trigger::Kind(Tablet), &["ACC-GLASS"], 0.25, (0, 7)),
    a(
        Trigger::Kind(Laptop),
        &["ACC-BAG", "ACC-MOUSE"],
        0.35,
        (0, 14),
    ),
    a(Trigger::Kind(Repair), &["INS-SCR"], 0.15, (0, 7)),
];

/// The catalogue entry with this SKU.
pub fn product(sku: &str) -> Option<&'static Product> {
    CATALOGUE.iter().find(|p| p.sku == sku)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn skus_are_unique_and_prices_are_ordered_ranges() {
        let mut seen = HashSet::new();
        for p in CATALOGUE {
            assert!(seen.insert(p.sku), "{} twice", p.sku);
            assert!(
                p.price_try.0 > 0 && p.price_try.0 <= p.price_try.1,
                "{}",
                p.sku
            );
            assert!(p.popularity > 0.0);
        }
    }

    #[test]
    fn phones_cost_between_15_and_85_thousand_liras_and_rise_per_brand() {
        let phones: Vec<&Product> = CATALOGUE.iter().filter(|p| p.kind == Phone).collect();
        for w in phones.windows(2) {
            assert!((15_000..=85_000).contains(&w[0].price_try.0));
            if w[0].brand == w[1].brand {
                assert!(w[0].price_try.0 <= w[1].price_try.0, "{}", w[1].sku);
            }
        }
    }

    #[test]
    fn every_affinity_names_existing_products() {
        for rule in AFFINITIES {
            assert!(!rule.then.is_empty());
            assert!(rule.within_days.0 <= rule.within_days.1);
            for sku in rule.then {
                assert!(product(sku).is_some(), "{sku}");
            }
        }
    }
}
