//! Social posts for the demo data: what people wrote about the shop on X,
//! Instagram and Facebook over the last [`DAYS`] days before the demo's
//! last day.
//!
//! The posts read like real ones — informal Turkish (`cekmiyo`, no Turkish
//! letters, all capitals), some English, emoji — and carry the signal the
//! social-noise dashboard looks for: complaints about the network,
//! billing, delivery and devices, praise, buying questions ("iPhone 16
//! fiyatı ne kadar, taksit var mı?"), a network outage that makes
//! connectivity jump for three days (a spike), a campaign day for sales,
//! and a few influencers whose posts reach hundreds of thousands. Some
//! authors are demo customers (their handles from their social
//! identities, or their names on Facebook), most are people the shop does
//! not know. Every post is left unlinked (`customer_id` is `None`):
//! matching authors to customers is the import's and the review queue's
//! job.
//!
//! Determinism: [`DemoMentions::observe`] keeps the first customers that
//! fit, in index order, so the pool does not depend on chunk sizes, and
//! the posts come from their own ChaCha8 stream of the spec's seed.

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::vocabulary as words;
use super::{DemoSpec, TURKEY_OFFSET_MS, sample};
use crate::i18n::Lang;
use crate::model::{Customer, Handle, Id, Platform};
use crate::social::Mention;
use crate::text;

/// Days of posts, ending on the spec's last day.
pub const DAYS: u32 = 60;
/// Customers with an X, Instagram or Facebook account who may post.
const CUSTOMERS_WITH_HANDLES: usize = 90;
/// Customers without such an account who post on Facebook by name.
const CUSTOMERS_BY_NAME: usize = 15;
/// People the shop does not know.
const STRANGERS: usize = 150;
/// Ordinary posts per day (before the weekday factor).
const POSTS_PER_DAY: f64 = 6.0;
/// The outage: days before the last day, and the extra posts on each of
/// its three days.
const OUTAGE_DAYS_AGO: u32 = 11;
const OUTAGE_POSTS: [u32; 3] = [28, 14, 6];
/// The campaign day for sales, days before the last day, and its extra
/// posts.
const CAMPAIGN_DAYS_AGO: u32 = 24;
const CAMPAIGN_POSTS: u32 = 10;
/// The ChaCha8 stream of the posts (customers use streams 0..n).
const STREAM: u64 = u64::MAX - 12;

/// What a post is about; the topic it should get (see
/// [`Kind::topic`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Outage,
    Connectivity,
    Billing,
    Delivery,
    Device,
    Sales,
    Campaign,
    Service,
    Praise,
    Chatter,
}

impl Kind {
    /// The topic the post must be found to speak of, if any.
    #[cfg(test)]
    fn topic(self) -> Option<crate::cases::Category> {
        use crate::cases::Category;
        match self {
            Kind::Outage | Kind::Connectivity => Some(Category::Connectivity),
            Kind::Billing => Some(Category::Billing),
            Kind::Delivery => Some(Category::Delivery),
            Kind::Device => Some(Category::Device),
            Kind::Sales | Kind::Campaign => Some(Category::Sales),
            Kind::Service => Some(Category::Service),
            Kind::Praise | Kind::Chatter => None,
        }
    }
}

/// An ordinary day's mix of posts.
const MIX: [(Kind, f64); 8] = [
    (Kind::Connectivity, 0.10),
    (Kind::Billing, 0.12),
    (Kind::Delivery, 0.14),
    (Kind::Device, 0.12),
    (Kind::Sales, 0.18),
    (Kind::Service, 0.09),
    (Kind::Praise, 0.15),
    (Kind::Chatter, 0.10),
];

use Kind::{
    Billing, Campaign, Chatter, Connectivity, Delivery, Device, Outage, Praise, Sales, Service,
};
use Lang::{En, Tr};

/// The posts people write. `{device}` and `{other}` are phones as people
/// type them, `{city}` a city. Written so the default rule set's words
/// find the intended topic (tested), the way people write them anyway.
const TEXTS: &[(Kind, Lang, &str)] = &[
    // The outage.
    (
        Outage,
        Tr,
        "Şebeke yok!! {city} komple gitmiş galiba @ilgimobil açıklama yapın",
    ),
    (
        Outage,
        Tr,
        "internet yok, arama yok, hiçbir şey yok. Kesinti mi var?? #ilgimobilçöktü",
    ),
    (Outage, Tr, "herkeste mi şebeke yok yoksa bi bende mi 😩"),
    (
        Outage,
        Tr,
        "2 saattir sinyal yok, iş görüşmem yarıda kaldı. Rezalet 😡",
    ),
    (
        Outage,
        Tr,
        "Bağlanamıyorum, telefon SOS modunda. Ne zaman düzelecek?",
    ),
    (
        Outage,
        Tr,
        "hat cekmiyo sadece bende değil di mi? internet yok {city} tarafında full kesinti",
    ),
    (
        Outage,
        Tr,
        "Kesinti bildirimi yok, özür yok. 4G çekmiyor hâlâ, faturadan düşecek misiniz?",
    ),
    (
        Outage,
        Tr,
        "Şebeke yok, internet yok. Müşteri hizmetleri de açmıyor 👏👏",
    ),
    (
        Outage,
        Tr,
        "Sinyal yok hala... 5 saat oldu. Tazminat istiyoruz",
    ),
    (
        Outage,
        Tr,
        "Gece 3'ten beri internetim yok, evden çalışıyorum ben!!",
    ),
    (Outage, Tr, "ŞEBEKE YOK ŞEBEKE YOK ŞEBEKE YOK"),
    (Outage, Tr, "düzeldi mi? bende hala sinyal yok 😭"),
    (
        Outage,
        Tr,
        "@ilgimobil genel bir kesinti var mı? Takipçilerimden çok mesaj geliyor, {city} ve çevresinde sinyal yok.",
    ),
    (
        Outage,
        En,
        "Is the whole network down? No service since 9am #outage",
    ),
    (
        Outage,
        En,
        "Major outage: no signal for thousands of users in {city}. @ilgimobil needs to explain.",
    ),
    // Connectivity, any day.
    (
        Connectivity,
        Tr,
        "{city} merkezde 3 gündür 4G çekmiyor, bu ne ya 😤 @ilgimobil",
    ),
    (
        Connectivity,
        Tr,
        "evde internet yok yine, modemi kapatıp açtım olmadı",
    ),
    (Connectivity, Tr, "Metroda sinyal yok, her gün aynı çile"),
    (
        Connectivity,
        Tr,
        "telefon çekmiyor bizim mahallede, kapsama haritası yalan mı",
    ),
    (
        Connectivity,
        Tr,
        "hat çekmiyor sabahtan beri, acil arama bile yapamıyorum!!",
    ),
    (
        Connectivity,
        Tr,
        "5G var diyorsunuz ama 4G bile çekmiyor 🙄",
    ),
    (
        Connectivity,
        Tr,
        "yazlıkta internet çekmiyor, kapsama alanı dışı diyor. 2025 yılındayız",
    ),
    (
        Connectivity,
        En,
        "No signal at all in {city} since this morning. @ilgimobil any update?",
    ),
    (
        Connectivity,
        En,
        "data not working again on my {device}, third time this week",
    ),
    // Billing.
    (
        Billing,
        Tr,
        "Bu ay faturam 2 katı gelmiş, ne ara bu kadar kullandım ben 🤔",
    ),
    (
        Billing,
        Tr,
        "faturama tanımadığım bir servis eklenmiş, iptal ettirmek istiyorum",
    ),
    (
        Billing,
        Tr,
        "kartımdan iki kez çekildi, para iadesi ne zaman yapılacak??",
    ),
    (
        Billing,
        Tr,
        "3 haftadır ücret iadesi bekliyorum, hala yok. @ilgimobil",
    ),
    (
        Billing,
        Tr,
        "fatura itirazım 10 gündür cevapsız, kimse dönmüyor",
    ),
    (
        Billing,
        Tr,
        "yurtdışına çıkmadım bile, faturaya roaming ücreti yansımış 😑",
    ),
    (
        Billing,
        En,
        "I was charged twice for my {device}, still waiting for a refund",
    ),
    (
        Billing,
        En,
        "My bill went up again this month with no explanation. Not happy.",
    ),
    // Delivery.
    (
        Delivery,
        Tr,
        "Kargom 5 gündür yolda, {city} aktarmada bekliyor 🙃",
    ),
    (
        Delivery,
        Tr,
        "siparişim hala gelmedi, takip numarası da bir şey göstermiyor",
    ),
    (
        Delivery,
        Tr,
        "{device} siparişi verdim, teslim edildi yazıyor ama elime ulaşmadı!",
    ),
    (
        Delivery,
        Tr,
        "kargo firması paketi kapıya bırakıp gitmiş, zil bile çalmadı",
    ),
    (
        Delivery,
        Tr,
        "Teslimat bugün dendi, akşam 9 oldu hala yok 😒",
    ),
    (
        Delivery,
        Tr,
        "Siparişim bir günde geldi, paketleme de çok özenliydi 👏",
    ),
    (Delivery, Tr, "kargo çok hızlıydı, teşekkürler 🙏"),
    (
        Delivery,
        En,
        "My order still hasn't arrived, tracking says in transit for a week",
    ),
    (
        Delivery,
        En,
        "Fast delivery, the {device} arrived the next day. Impressed!",
    ),
    // Devices.
    (
        Device,
        Tr,
        "{device} aldım 2 hafta oldu, ekran kendi kendine kararıyor",
    ),
    (
        Device,
        Tr,
        "telefonun şarjı öğlene kadar gitmiyor, batarya mı bozuk acaba",
    ),
    (
        Device,
        Tr,
        "{device} açılmıyor, servise götürdüm 3 hafta dediler. yuh",
    ),
    (
        Device,
        Tr,
        "kulaklık bir kulaktan çalışmıyor, değişim yaparlar mı?",
    ),
    (Device, Tr, "{device} şarj aleti 1 ayda bozuldu 😤"),
    (
        Device,
        Tr,
        "Ekran değişimi için bıraktım, tertemiz teslim ettiler, eyvallah",
    ),
    (
        Device,
        En,
        "My {device} screen cracked by itself?? Warranty please",
    ),
    (
        Device,
        En,
        "battery drains in 4 hours on the new {device}. Is that normal?",
    ),
    // Buying questions.
    (Sales, Tr, "{device} fiyatı ne kadar, taksit var mı?"),
    (
        Sales,
        Tr,
        "{device} almak istiyorum, eski telefonu takasa alıyor musunuz?",
    ),
    (Sales, Tr, "öğrenci tarifesi var mı? ayda 20GB yeter bana"),
    (
        Sales,
        Tr,
        "Aile tarifesine geçmek istiyorum, kime yazmam lazım?",
    ),
    (
        Sales,
        Tr,
        "{device} ile {other} arasında kaldım, fiyat farkı değer mi?",
    ),
    (
        Sales,
        Tr,
        "faturalı hatta geçersem {device} fiyatı düşer mi",
    ),
    (
        Sales,
        Tr,
        "{device} için 12 taksitli bir teklif var mı, mağazaya gelsem?",
    ),
    (
        Sales,
        En,
        "What's the price of the {device} with a 24-month plan?",
    ),
    (
        Sales,
        En,
        "Thinking of buying the {device}, any offer for existing customers?",
    ),
    // The campaign day.
    (
        Campaign,
        Tr,
        "Kasım kampanyası başlamış! {device} fiyatı çok iyi 😍",
    ),
    (
        Campaign,
        Tr,
        "kampanyada {device} stokta yok mu?? sabahtan beri bakıyorum",
    ),
    (
        Campaign,
        Tr,
        "Kampanya ne zaman bitiyor? {device} için maaşı bekliyorum 👀",
    ),
    (
        Campaign,
        Tr,
        "bu kampanya fiyatı gerçek mi yoksa önce zam yapıp mı indirdiniz 🤨",
    ),
    (
        Campaign,
        En,
        "Is the {device} campaign price online only or in stores too?",
    ),
    // Service.
    (
        Service,
        Tr,
        "{city} mağazasında 40 dk bekledim, personel telefonla oynuyordu",
    ),
    (
        Service,
        Tr,
        "müşteri hizmetlerine 1 saattir ulaşamıyorum, müzik dinlemekten bıktım 🎶😤",
    ),
    (
        Service,
        Tr,
        "Mağazadaki çocuk çok kaba davrandı, bir daha gitmem",
    ),
    (
        Service,
        Tr,
        "müşteri hizmetleri sorunumu 5 dakikada çözdü, helal olsun 👏",
    ),
    (
        Service,
        Tr,
        "{city} mağazasındaki arkadaşa çok teşekkürler, çok ilgiliydi ❤️",
    ),
    (
        Service,
        En,
        "Waited 45 minutes in the store, staff were chatting the whole time",
    ),
    (
        Service,
        En,
        "Customer service sorted my issue in 5 minutes. Great job!",
    ),
    // Praise.
    (Praise, Tr, "{device} harika, kamerası efsane 😍"),
    (Praise, Tr, "5 yıldır buradan alıyorum, hiç pişman olmadım"),
    (Praise, Tr, "yeni telefonum geldi 🥳 çok mutluyum"),
    (
        Praise,
        Tr,
        "{device} ile çektiğim fotoğraflara bakın 📸🔥 bayıldım",
    ),
    (
        Praise,
        Tr,
        "Uygulamanın yeni hali çok güzel olmuş, tebrikler @ilgimobil",
    ),
    (Praise, En, "Loving my new {device} 😍 best upgrade ever"),
    (
        Praise,
        En,
        "Great experience with @ilgimobil today, quick and friendly",
    ),
    // Chatter.
    (
        Chatter,
        Tr,
        "{device} mı {other} mi? yorumlarınızı bekliyorum",
    ),
    (Chatter, Tr, "iOS güncellemesi herkese geldi mi?"),
    (Chatter, Tr, "Telefon kılıfı önerisi olan? 🙏"),
    (
        Chatter,
        Tr,
        "{device} kullanan var mı, pil ömrü nasıl sizde",
    ),
    (Chatter, En, "Anyone tried the new {device} yet?"),
];

/// Phones as people type them.
const DEVICES: &[&str] = &[
    "iPhone 16",
    "iphone 15",
    "iPhone 16 Pro",
    "Galaxy S24",
    "s24 ultra",
    "Galaxy A55",
    "Redmi Note 13",
    "Xiaomi 14",
    "Pixel 8",
    "iPad",
    "AirPods",
];

/// Nicknames people use for accounts that do not show their name.
const NICKNAMES: &[&str] = &[
    "gecekusu",
    "kahvevekod",
    "teknoloji_kurdu",
    "bisikletli",
    "mavi_yolcu",
    "sessizsokak",
    "kediliev",
    "futbolsever",
    "kitapkurdu",
    "dijitalgocebe",
    "yazilimci",
    "ankarali",
    "izmirli",
    "karadenizli",
];

/// Accounts that reach hundreds of thousands: name, platform, handle,
/// followers, English.
const INFLUENCERS: &[(&str, Platform, &str, u64, bool)] = &[
    (
        "Burak | Teknoloji",
        Platform::X,
        "teknoburak",
        482_000,
        false,
    ),
    ("Mobil Dünya", Platform::X, "mobildunyatr", 1_240_000, false),
    (
        "Selin Gadget",
        Platform::Instagram,
        "selin.gadget",
        356_000,
        false,
    ),
    ("Tech With Dan", Platform::X, "techwithdan", 215_000, true),
    (
        "Anneler Kulübü",
        Platform::Facebook,
        "annelerkulubu",
        94_000,
        false,
    ),
];

/// Someone who posts.
#[derive(Debug, Clone)]
struct Author {
    name: String,
    platform: Platform,
    handle: Option<Handle>,
    followers: u64,
    english: bool,
    /// How much more than others this person posts.
    activity: f64,
}

/// Makes the demo's posts from the customers it was shown.
#[derive(Debug)]
pub struct DemoMentions {
    spec: DemoSpec,
    key: [u8; 32],
    with_handles: Vec<Author>,
    by_name: Vec<Author>,
}

impl DemoMentions {
    pub fn new(spec: DemoSpec) -> DemoMentions {
        let mut key = [0u8; 32];
        ChaCha8Rng::seed_from_u64(spec.seed).fill(&mut key);
        DemoMentions {
            spec,
            key,
            with_handles: Vec::new(),
            by_name: Vec::new(),
        }
    }

    /// Takes the next customers of the demo (in the generator's order):
    /// the first ones with an X, Instagram or Facebook account, and the
    /// first ones without, become possible authors.
    pub fn observe(&mut self, customers: &[Customer]) {
        for c in customers {
            if c.deleted {
                continue;
            }
            let name = format!("{} {}", c.first_name, c.last_name);
            let english = words::ENGLISH_FIRST.contains(&c.first_name.as_str());
            let account = c.identities.iter().find(|i| {
                matches!(
                    i.handle.platform(),
                    Platform::X | Platform::Instagram | Platform::Facebook
                )
            });
            match account {
                Some(i) if self.with_handles.len() < CUSTOMERS_WITH_HANDLES => {
                    self.with_handles.push(Author {
                        name,
                        platform: i.handle.platform(),
                        handle: Some(i.handle.clone()),
                        followers: i.followers,
                        english,
                        activity: 1.0,
                    });
                }
                None if c.identities.is_empty() && self.by_name.len() < CUSTOMERS_BY_NAME => {
                    self.by_name.push(Author {
                        name,
                        platform: Platform::Facebook,
                        handle: None,
                        followers: 0,
                        english,
                        activity: 1.0,
                    });
                }
                _ => {}
            }
        }
    }

    /// Every post, oldest first. The same spec and customers always give
    /// the same posts; each has its own id and a unique `platform:post id`.
    pub fn generate(&self) -> Vec<Mention> {
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream(STREAM);
        let rng = &mut rng;
        let texts = Texts::new();
        let mut customers: Vec<Author> = self
            .with_handles
            .iter()
            .chain(&self.by_name)
            .cloned()
            .collect();
        for a in &mut customers {
            a.activity = activity(rng);
            if a.handle.is_none() {
                a.followers = small_reach(rng);
            }
        }
        let strangers: Vec<Author> = (0..STRANGERS).map(|_| stranger(rng)).collect();
        let influencers: Vec<Author> = INFLUENCERS
            .iter()
            .map(|(name, platform, handle, followers, english)| Author {
                name: name.to_string(),
                platform: *platform,
                handle: Handle::parse(*platform, handle).ok(),
                followers: *followers,
                english: *english,
                activity: 1.0,
            })
            .collect();
        let pick = |rng: &mut ChaCha8Rng, group: &[Author]| -> usize {
            let weights: Vec<f64> = group.iter().map(|a| a.activity).collect();
            sample::pick_index(rng, &weights)
        };

        let mut planned: Vec<(u32, Kind, &Author)> = Vec::new();
        for day in 0..DAYS {
            let date = self.date(day);
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            let mean = POSTS_PER_DAY * if weekend { 1.25 } else { 1.0 };
            for _ in 0..sample::poisson(rng, mean) {
                let kind = *sample::pick(rng, &MIX);
                let roll: f64 = rng.random();
                let author = if roll < 0.04 {
                    &influencers[rng.random_range(0..influencers.len())]
                } else if roll < 0.42 && !customers.is_empty() {
                    &customers[pick(rng, &customers)]
                } else {
                    &strangers[pick(rng, &strangers)]
                };
                planned.push((day, kind, author));
            }
            let ago = DAYS - 1 - day;
            if let Some(k) = OUTAGE_DAYS_AGO
                .checked_sub(ago)
                .filter(|k| (*k as usize) < OUTAGE_POSTS.len())
            {
                for n in 0..OUTAGE_POSTS[k as usize] {
                    // Influencers pass the word on the first day.
                    let author = if k == 0 && n < 3 {
                        &influencers[n as usize]
                    } else if rng.random_bool(0.35) && !customers.is_empty() {
                        &customers[pick(rng, &customers)]
                    } else {
                        &strangers[pick(rng, &strangers)]
                    };
                    planned.push((day, Outage, author));
                }
            }
            if ago == CAMPAIGN_DAYS_AGO {
                for n in 0..CAMPAIGN_POSTS {
                    let author = if n == 0 {
                        &influencers[2]
                    } else if rng.random_bool(0.4) && !customers.is_empty() {
                        &customers[pick(rng, &customers)]
                    } else {
                        &strangers[pick(rng, &strangers)]
                    };
                    planned.push((day, Campaign, author));
                }
            }
        }

        let mut taken: HashSet<String> = HashSet::with_capacity(planned.len());
        let mut posts: Vec<Mention> = planned
            .into_iter()
            .map(|(day, kind, author)| self.post(rng, &texts, day, kind, author, &mut taken))
            .collect();
        posts.sort_by_key(|m| m.at);
        posts
    }

    fn date(&self, day: u32) -> NaiveDate {
        self.spec
            .end
            .checked_sub_days(Days::new(u64::from(DAYS - 1 - day)))
            .unwrap_or(self.spec.end)
    }

    /// Unix milliseconds of `day` at `seconds` after local midnight.
    fn millis(&self, day: u32, seconds: u32) -> i64 {
        self.date(day)
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
            + i64::from(seconds) * 1000
            - TURKEY_OFFSET_MS
    }

    fn post(
        &self,
        rng: &mut ChaCha8Rng,
        texts: &Texts,
        day: u32,
        kind: Kind,
        author: &Author,
        taken: &mut HashSet<String>,
    ) -> Mention {
        // Evenings are busiest; the outage starts in the morning.
        let hour = if kind == Outage {
            rng.random_range(9..24)
        } else {
            [8, 10, 12, 13, 15, 18, 19, 20, 21, 21, 22, 22, 23][rng.random_range(0..13)]
        };
        let at = self.millis(day, hour * 3600 + rng.random_range(0..3600));
        let english = author.english || rng.random_bool(0.06);
        let text = texts.write(rng, kind, if english { En } else { Tr });
        let post_id = loop {
            let id = post_id(rng, author.platform, at);
            if taken.insert(crate::social::mention::mention_key(author.platform, &id)) {
                break id;
            }
        };
        let public = !rng.random_bool(0.04);
        let url = public.then(|| post_url(author.platform, author.handle.as_ref(), &post_id));
        // Listening tools pick posts up within minutes.
        let collected = at + 1000 * rng.random_range(60..1_800);
        Mention {
            id: Id::generate(collected as u64, rng),
            platform: author.platform,
            post_id,
            handle: author.handle.clone(),
            author: author.name.clone(),
            text,
            at,
            reach: author.followers,
            url,
            public,
            lang: None,
            customer_id: None,
            case_id: None,
            rejected: Vec::new(),
            created_at: collected,
            updated_at: collected,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        }
    }
}

/// The texts by kind and language.
struct Texts {
    by: Vec<((Kind, Lang), Vec<&'static str>)>,
}

impl Texts {
    fn new() -> Texts {
        let mut by: Vec<((Kind, Lang), Vec<&'static str>)> = Vec::new();
        for (kind, lang, text) in TEXTS {
            match by.iter_mut().find(|(k, _)| *k == (*kind, *lang)) {
                Some((_, list)) => list.push(text),
                None => by.push(((*kind, *lang), vec![text])),
            }
        }
        Texts { by }
    }

    /// A post of `kind` in `lang` (Turkish when there is no English one),
    /// filled in and written the way people type.
    fn write(&self, rng: &mut ChaCha8Rng, kind: Kind, lang: Lang) -> String {
        let list = self
            .by
            .iter()
            .find(|(k, _)| *k == (kind, lang))
            .or_else(|| self.by.iter().find(|(k, _)| *k == (kind, Tr)))
            .map_or(&[][..], |(_, l)| l.as_slice());
        let Some(template) = list.get(rng.random_range(0..list.len().max(1))) else {
            return String::new();
        };
        let device = DEVICES[rng.random_range(0..DEVICES.len())];
        let mut other = DEVICES[rng.random_range(0..DEVICES.len())];
        if other == device {
            other = DEVICES
                [(DEVICES.iter().position(|d| *d == device).unwrap_or(0) + 1) % DEVICES.len()];
        }
        let city = sample::pick(rng, words::CITIES);
        let text = template
            .replace("{device}", device)
            .replace("{other}", other)
            .replace("{city}", city);
        if lang == En {
            return text;
        }
        // Typed on a phone: no Turkish letters, all lower case, or both.
        match rng.random_range(0..20) {
            0..=3 => ascii_turkish(&text),
            4..=6 => text::tr_lower(&text),
            7 => ascii_turkish(&text::tr_lower(&text)),
            _ => text,
        }
    }
}

/// Turkish letters as people write them on a keyboard without them.
fn ascii_turkish(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ç' => 'c',
            'Ç' => 'C',
            'ğ' => 'g',
            'Ğ' => 'G',
            'ı' => 'i',
            'İ' => 'I',
            'ö' => 'o',
            'Ö' => 'O',
            'ş' => 's',
            'Ş' => 'S',
            'ü' => 'u',
            'Ü' => 'U',
            'â' => 'a',
            other => other,
        })
        .collect()
}

/// How much one person posts against others: most rarely, a few a lot.
fn activity(rng: &mut ChaCha8Rng) -> f64 {
    sample::pareto(rng, 1.0, 1.6).min(12.0)
}

/// Followers of an ordinary account.
fn small_reach(rng: &mut ChaCha8Rng) -> u64 {
    sample::lognormal(rng, 180f64.ln(), 1.2).min(40_000.0) as u64
}

/// Someone the shop does not know, with an account on X, Instagram or
/// Facebook (on Facebook often only a name).
fn stranger(rng: &mut ChaCha8Rng) -> Author {
    let english = rng.random_bool(0.1);
    let (first, last) = if english {
        (
            words::ENGLISH_FIRST[rng.random_range(0..words::ENGLISH_FIRST.len())],
            words::ENGLISH_SURNAMES[rng.random_range(0..words::ENGLISH_SURNAMES.len())],
        )
    } else {
        let firsts = if rng.random_bool(0.5) {
            words::TURKISH_FEMALE
        } else {
            words::TURKISH_MALE
        };
        (
            firsts[rng.random_range(0..firsts.len())],
            words::TURKISH_SURNAMES[rng.random_range(0..words::TURKISH_SURNAMES.len())],
        )
    };
    let platform = [Platform::X, Platform::Instagram, Platform::Facebook]
        [sample::pick_index(rng, &[0.45, 0.35, 0.2])];
    let f: String = ascii_turkish(&text::tr_lower(first))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let l: String = ascii_turkish(&text::tr_lower(last))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let nick = NICKNAMES[rng.random_range(0..NICKNAMES.len())];
    let digits = rng.random_range(10..10_000);
    let shown_name = rng.random_bool(0.7);
    let (name, candidate) = match (platform, rng.random_range(0..3)) {
        (Platform::Facebook, 0 | 1) => (format!("{first} {last}"), None),
        (Platform::Facebook, _) => (format!("{first} {last}"), Some(format!("{f}.{l}.{digits}"))),
        (_, 0) => (format!("{first} {last}"), Some(format!("{f}{digits}"))),
        (_, 1) if shown_name => (
            format!("{first} {}.", last.chars().next().unwrap_or('x')),
            Some(format!("{f}_{}{digits}", l.chars().next().unwrap_or('x'))),
        ),
        _ => (
            nick.replace('_', " "),
            Some(format!("{}{}", nick, digits % 100)),
        ),
    };
    let handle = candidate.and_then(|c| {
        let c: String = c.chars().take(15).collect();
        Handle::parse(platform, c.trim_end_matches(['.', '_'])).ok()
    });
    Author {
        name,
        platform: if handle.is_none() {
            Platform::Facebook
        } else {
            platform
        },
        handle,
        followers: small_reach(rng),
        english,
        activity: activity(rng),
    }
}

/// A post id as the platform writes it: X's time-ordered numbers,
/// Instagram's short codes, Facebook's long numbers.
fn post_id(rng: &mut ChaCha8Rng, platform: Platform, at: i64) -> String {
    const SHORTCODE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    match platform {
        Platform::X => {
            // Twitter's epoch and 22 bits below the milliseconds.
            let millis = (at - 1_288_834_974_657).max(0) as u64;
            ((millis << 22) | rng.random_range(0..1u64 << 22)).to_string()
        }
        Platform::Instagram => {
            let mut code = String::from(if rng.random_bool(0.5) { "C" } else { "D" });
            for _ in 0..10 {
                code.push(SHORTCODE[rng.random_range(0..SHORTCODE.len())] as char);
            }
            code
        }
        _ => rng
            .random_range(100_000_000_000_000u64..1_000_000_000_000_000)
            .to_string(),
    }
}

fn post_url(platform: Platform, handle: Option<&Handle>, post_id: &str) -> String {
    match (platform, handle) {
        (Platform::X, Some(h)) => format!("https://x.com/{}/status/{post_id}", h.name()),
        (Platform::X, None) => format!("https://x.com/i/status/{post_id}"),
        (Platform::Instagram, _) => format!("https://www.instagram.com/p/{post_id}/"),
        (_, Some(h)) => format!("https://www.facebook.com/{}/posts/{post_id}", h.name()),
        (_, None) => format!("https://www.facebook.com/permalink.php?story_fbid={post_id}"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::FixedOffset;

    use super::*;
    use crate::cases::Category;
    use crate::demo::{DAY_MS as DAY, DemoGenerator};
    use crate::social::noise::{Read, Reading, noise};
    use crate::social::sentiment::Label;
    use crate::social::{lang, topics};

    fn end() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
    }

    /// The posts of a 1,000-customer demo, its customers seen in chunks of
    /// `chunk`.
    fn posts(chunk: usize) -> (Vec<Mention>, Vec<Customer>) {
        let spec = DemoSpec::new(DemoSpec::DEFAULT_SEED, 1_000, end());
        let mut generator = DemoGenerator::new(spec);
        let mut mentions = DemoMentions::new(spec);
        let mut customers = Vec::new();
        while let Some(c) = generator.next_chunk(chunk) {
            mentions.observe(&c.customers);
            customers.extend(c.customers);
        }
        (mentions.generate(), customers)
    }

    fn read(m: &Mention) -> Read<'_> {
        Read::new(m, &Reading::of(m))
    }

    #[test]
    fn the_same_spec_gives_the_same_posts_whatever_the_chunk_size() {
        let (by_seven, _) = posts(7);
        let (by_250, _) = posts(250);
        assert_eq!(by_seven, by_250);
    }

    #[test]
    fn a_few_hundred_posts_over_the_last_sixty_days_with_unique_keys() {
        let (posts, _) = posts(250);
        assert!((300..=600).contains(&posts.len()), "{} posts", posts.len());
        let keys: HashSet<String> = posts.iter().map(Mention::key).collect();
        assert_eq!(keys.len(), posts.len());
        let ids: HashSet<Id> = posts.iter().map(|m| m.id).collect();
        assert_eq!(ids.len(), posts.len());
        let first = end()
            .checked_sub_days(Days::new(u64::from(DAYS - 1)))
            .unwrap()
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
            - TURKEY_OFFSET_MS;
        let last = first + i64::from(DAYS) * DAY;
        assert!(posts.iter().all(|m| (first..last).contains(&m.at)));
        assert!(posts.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(
            posts
                .iter()
                .all(|m| m.customer_id.is_none() && !m.text.is_empty())
        );
        let per_platform = |p: Platform| posts.iter().filter(|m| m.platform == p).count();
        for p in [Platform::X, Platform::Instagram, Platform::Facebook] {
            assert!(per_platform(p) >= 30, "{p:?}: {}", per_platform(p));
        }
        // Ids look like the platform's, and addresses read back.
        for m in posts.iter().filter(|m| m.url.is_some()) {
            let address = crate::social::mention::parse_post_address(m.url.as_deref().unwrap())
                .unwrap_or_else(|| panic!("{:?}", m.url));
            assert_eq!(
                (address.platform, address.post_id.as_str()),
                (m.platform, m.post_id.as_str())
            );
        }
    }

    #[test]
    fn mostly_turkish_some_english_with_complaints_praise_and_questions() {
        let (posts, _) = posts(250);
        let english = posts
            .iter()
            .filter(|m| lang::detect(&m.text) == Lang::En)
            .count();
        let share = english as f64 / posts.len() as f64;
        assert!((0.05..0.3).contains(&share), "English share {share}");
        let reads: Vec<Read> = posts.iter().map(read).collect();
        let count = |l: Label| reads.iter().filter(|r| r.label == l).count() as f64;
        let n = posts.len() as f64;
        assert!(
            count(Label::Negative) / n > 0.25,
            "negative {}",
            count(Label::Negative)
        );
        assert!(
            count(Label::Positive) / n > 0.1,
            "positive {}",
            count(Label::Positive)
        );
        let sales = reads
            .iter()
            .filter(|r| r.topics.contains(&Category::Sales))
            .count();
        assert!(sales >= 40, "{sales} buying questions");
        assert!(
            posts
                .iter()
                .any(|m| !m.text.is_ascii() && m.text.contains("😍"))
        );
        assert!(posts.iter().any(|m| m.text.contains("cekmiyo")));
    }

    #[test]
    fn some_authors_are_customers_and_a_few_reach_hundreds_of_thousands() {
        let (posts, customers) = posts(250);
        let handles: HashSet<String> = customers
            .iter()
            .flat_map(|c| c.identities.iter().map(|i| i.handle.key()))
            .collect();
        let names: HashSet<String> = customers
            .iter()
            .map(|c| format!("{} {}", c.first_name, c.last_name))
            .collect();
        let by_handle = posts
            .iter()
            .filter(|m| {
                m.handle
                    .as_ref()
                    .is_some_and(|h| handles.contains(&h.key()))
            })
            .count();
        let by_name_only = posts
            .iter()
            .filter(|m| m.handle.is_none() && names.contains(&m.author))
            .count();
        assert!(by_handle >= 60, "{by_handle} posts by customers' handles");
        assert!(
            by_name_only >= 5,
            "{by_name_only} posts by customers' names"
        );
        let unknown = posts.iter().filter(|m| {
            !m.handle
                .as_ref()
                .is_some_and(|h| handles.contains(&h.key()))
                && !names.contains(&m.author)
        });
        assert!(unknown.count() > posts.len() / 3);
        let loud: HashSet<&str> = posts
            .iter()
            .filter(|m| m.reach >= 200_000)
            .map(|m| m.author.as_str())
            .collect();
        assert!(loud.len() >= 3, "{loud:?}");
        // Some people post again and again.
        let mut per_author: HashMap<&str, usize> = HashMap::new();
        for m in &posts {
            *per_author.entry(m.author.as_str()).or_default() += 1;
        }
        assert!(per_author.values().any(|n| *n >= 5));
    }

    #[test]
    fn the_outage_is_a_connectivity_spike() {
        let (posts, _) = posts(250);
        let reads: Vec<Read> = posts.iter().map(read).collect();
        let tr = FixedOffset::east_opt(3 * 3600).unwrap();
        let n = noise(&reads, tr, 30, 10);
        let outage = end()
            .checked_sub_days(Days::new(u64::from(OUTAGE_DAYS_AGO)))
            .unwrap();
        assert!(
            n.spikes
                .iter()
                .any(|s| s.topic == Category::Connectivity && s.day == outage && s.posts >= 20),
            "{:?}",
            n.spikes
        );
        let campaign = end()
            .checked_sub_days(Days::new(u64::from(CAMPAIGN_DAYS_AGO)))
            .unwrap();
        assert!(
            n.spikes
                .iter()
                .any(|s| s.topic == Category::Sales && s.day == campaign),
            "{:?}",
            n.spikes
        );
        // Beyond them, at most a few chance days of five posts, as in
        // real data.
        let chance = n
            .spikes
            .iter()
            .filter(|s| s.day != outage && s.day != outage + chrono::Duration::days(1))
            .filter(|s| !(s.topic == Category::Sales && s.day == campaign))
            .collect::<Vec<_>>();
        assert!(
            chance.len() <= 3 && chance.iter().all(|s| s.posts <= 6),
            "{chance:?}"
        );
        assert_eq!(n.days.len(), DAYS as usize);
        assert!(n.authors[0].reach >= 1_000_000);
    }

    #[test]
    fn every_text_speaks_of_its_topic_in_its_language() {
        for (kind, lang, text) in TEXTS {
            let filled = text
                .replace("{device}", "iPhone 16")
                .replace("{other}", "Galaxy S24")
                .replace("{city}", "İzmir");
            for written in [
                filled.clone(),
                ascii_turkish(&filled),
                text::tr_lower(&filled),
            ] {
                assert_eq!(lang::detect(&written), *lang, "{written}");
                if let Some(topic) = kind.topic() {
                    assert!(
                        topics::topics(&written, *lang).contains(&topic),
                        "{written}: {:?}",
                        topics::topics(&written, *lang)
                    );
                }
            }
        }
    }
}
