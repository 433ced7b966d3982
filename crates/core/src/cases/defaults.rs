//! The rule set a new installation starts with: five levels with their
//! targets, the seeds' example rule, discriminators, routing to the six
//! default departments, category words and procedures. Every part is
//! editable data; this is only the starting point.

use super::model::{CaseChannel, Category, DepartmentId, Level};
use super::triage::{
    CategoryWords, Cond, Department, LevelTargets, Procedure, RoutingRule, Rule, RuleSet, Text,
};
use crate::model::Tier;
use crate::rfm::Segment;

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_string()).collect()
}

/// Phrases that say the line, the signal or mobile data does not work.
const NO_CONNECTION: &[&str] = &[
    "3g çekmiyor",
    "4g çekmiyor",
    "4.5g çekmiyor",
    "5g çekmiyor",
    "internet çekmiyor",
    "hat çekmiyor",
    "telefon çekmiyor",
    "şebeke yok",
    "sinyal yok",
    "internet yok",
    "internetim yok",
    "bağlanamıyorum",
    "kapsama",
    "no signal",
    "no service",
    "no network",
    "3g not working",
    "4g not working",
    "data not working",
    "internet not working",
];

const BILLING: &[&str] = &[
    "fatura",
    "faturam",
    "fazla ücret",
    "fazla çekildi",
    "iki kez çekildi",
    "ücret iadesi",
    "para iadesi",
    "iade edilmedi",
    "invoice",
    "bill",
    "overcharged",
    "charged twice",
    "double charged",
    "refund",
];

const DELIVERY: &[&str] = &[
    "kargo",
    "sipariş",
    "teslimat",
    "teslim edilmedi",
    "gelmedi",
    "paket",
    "order",
    "delivery",
    "shipping",
    "parcel",
    "not delivered",
];

const DEVICE: &[&str] = &[
    "bozuk",
    "arıza",
    "arızalı",
    "çalışmıyor",
    "açılmıyor",
    "ekran",
    "şarj",
    "batarya",
    "broken",
    "not working",
    "won't turn on",
    "screen",
    "battery",
];

const SALES: &[&str] = &[
    "satın almak",
    "almak istiyorum",
    "tarife",
    "paket değişikliği",
    "kampanya",
    "fiyat",
    "teklif",
    "buy",
    "upgrade",
    "plan",
    "price",
    "offer",
];

const SERVICE: &[&str] = &[
    "personel",
    "mağaza",
    "kaba",
    "ilgisiz",
    "bekledim",
    "müşteri hizmetleri",
    "rude",
    "staff",
    "waited",
    "customer service",
];

const SAFETY: &[&str] = &[
    "yangın",
    "patladı",
    "alev aldı",
    "duman çıktı",
    "yaralandı",
    "elektrik çarptı",
    "fire",
    "exploded",
    "smoke",
    "injured",
    "electric shock",
];

const LEGAL: &[&str] = &[
    "avukat",
    "dava",
    "tüketici hakem",
    "btk",
    "savcılık",
    "şikayetvar",
    "lawyer",
    "sue",
    "court",
    "regulator",
];

const SUGGESTION: &[&str] = &[
    "öneri",
    "önerim",
    "bilgi almak",
    "merak ediyorum",
    "suggestion",
    "just wondering",
    "feature request",
];

fn rule(id: &str, name: &str, when: Vec<Cond>, level: Level) -> Rule {
    Rule {
        id: id.into(),
        name: name.into(),
        when,
        level,
        discriminator: false,
    }
}

fn discriminator(id: &str, name: &str, when: Vec<Cond>, level: Level) -> Rule {
    Rule {
        discriminator: true,
        ..rule(id, name, when, level)
    }
}

fn route(id: &str, name: &str, categories: &[Category], to: &str) -> RoutingRule {
    RoutingRule {
        id: id.into(),
        name: name.into(),
        when: vec![Cond::Category {
            any_of: categories.to_vec(),
        }],
        department: DepartmentId::new(to),
    }
}

fn targets(level: Level, first: u32, resolution: u32) -> LevelTargets {
    LevelTargets {
        level,
        first_response_minutes: first,
        resolution_minutes: resolution,
        around_the_clock: level == Level::Immediate,
    }
}

fn department(id: &str) -> Department {
    Department {
        id: DepartmentId::new(id),
        name: String::new(),
        agents: Vec::new(),
        cap: 0,
        calendar: None,
    }
}

/// The default rule set (version 1).
pub fn default_rules() -> RuleSet {
    let no_connection = || Cond::Keywords {
        any_of: words(NO_CONNECTION),
    };
    RuleSet {
        format: super::triage::RULES_FORMAT,
        version: 1,
        default_level: Level::Standard,
        utc_offset_minutes: 180,
        recent_days: 30,
        levels: vec![
            targets(Level::Immediate, 15, 240),
            targets(Level::VeryUrgent, 60, 540),
            targets(Level::Urgent, 240, 1_620),
            targets(Level::Standard, 540, 2_700),
            targets(Level::NonUrgent, 1_620, 5_400),
        ],
        rules: vec![
            // The seeds' example: handled at once.
            rule(
                "platinum-iphone-no-connection",
                "Platinum customer with an iPhone who has no connection",
                vec![
                    Cond::Tier {
                        any_of: vec![Tier::Platinum],
                    },
                    Cond::OwnsProduct {
                        name: "iPhone".into(),
                    },
                    no_connection(),
                ],
                Level::VeryUrgent,
            ),
            rule(
                "top-tier-no-connection",
                "Platinum or gold customer who has no connection",
                vec![
                    Cond::Tier {
                        any_of: vec![Tier::Platinum, Tier::Gold],
                    },
                    no_connection(),
                ],
                Level::Urgent,
            ),
            rule(
                "no-connection",
                "No connection",
                vec![no_connection()],
                Level::Urgent,
            ),
            rule(
                "billing-dispute",
                "Charged wrongly or waiting for a refund",
                vec![Cond::Keywords {
                    any_of: words(&[
                        "fazla ücret",
                        "fazla çekildi",
                        "iki kez çekildi",
                        "iade edilmedi",
                        "overcharged",
                        "charged twice",
                        "double charged",
                        "refund not",
                    ]),
                }],
                Level::Urgent,
            ),
            rule(
                "suggestion",
                "A suggestion or a question, not a fault",
                vec![Cond::Keywords {
                    any_of: words(SUGGESTION),
                }],
                Level::NonUrgent,
            ),
            discriminator(
                "safety",
                "Risk to someone's safety",
                vec![Cond::Keywords {
                    any_of: words(SAFETY),
                }],
                Level::Immediate,
            ),
            discriminator(
                "public-reach",
                "Public post with a reach over 10,000",
                vec![
                    Cond::Public { is: true },
                    Cond::ReachOver { followers: 10_000 },
                ],
                Level::VeryUrgent,
            ),
            discriminator(
                "legal",
                "Lawyer, court or regulator mentioned",
                vec![Cond::Keywords {
                    any_of: words(LEGAL),
                }],
                Level::VeryUrgent,
            ),
            discriminator(
                "repeat",
                "Third complaint within 30 days",
                vec![Cond::RecentCasesAtLeast { count: 2 }],
                Level::Urgent,
            ),
            discriminator(
                "valuable",
                "Champion or loyal customer",
                vec![Cond::RfmSegment {
                    any_of: vec![Segment::Champions, Segment::Loyal],
                }],
                Level::Urgent,
            ),
            discriminator(
                "social-public",
                "Public complaint on social media",
                vec![
                    Cond::Channel {
                        any_of: vec![CaseChannel::Social],
                    },
                    Cond::Public { is: true },
                ],
                Level::Standard,
            ),
        ],
        routing: vec![
            route(
                "technical",
                "Connection and device problems",
                &[Category::Connectivity, Category::Device],
                "technical",
            ),
            route(
                "billing",
                "Invoices, charges and refunds",
                &[Category::Billing],
                "billing",
            ),
            route(
                "logistics",
                "Orders and shipping",
                &[Category::Delivery],
                "logistics",
            ),
            route("sales", "Buying and plans", &[Category::Sales], "sales"),
        ],
        departments: [
            "care",
            "technical",
            "billing",
            "sales",
            "logistics",
            "management",
        ]
        .into_iter()
        .map(department)
        .collect(),
        category_words: vec![
            CategoryWords {
                category: Category::Connectivity,
                any_of: words(NO_CONNECTION),
            },
            CategoryWords {
                category: Category::Billing,
                any_of: words(BILLING),
            },
            CategoryWords {
                category: Category::Delivery,
                any_of: words(DELIVERY),
            },
            CategoryWords {
                category: Category::Device,
                any_of: words(DEVICE),
            },
            CategoryWords {
                category: Category::Sales,
                any_of: words(SALES),
            },
            CategoryWords {
                category: Category::Service,
                any_of: words(SERVICE),
            },
        ],
        procedures: default_procedures(),
        auto_case: Default::default(),
    }
}

fn default_procedures() -> Vec<Procedure> {
    vec![
        Procedure {
            level: Some(Level::Immediate),
            category: None,
            checklist: vec![
                Text::new(
                    "Müşteriyi hemen telefonla ara",
                    "Call the customer right away",
                ),
                Text::new(
                    "Güvenlik riski varsa cihazı kullanmamasını söyle",
                    "If there is a safety risk, tell them to stop using the device",
                ),
                Text::new("Vardiya amirine haber ver", "Tell the shift lead"),
            ],
            replies: vec![Text::new(
                "Merhaba {name}, bildiriminizi aldık ve hemen ilgileniyoruz. Birkaç dakika içinde sizi arayacağız.",
                "Hello {name}, we have your report and are on it now. We will call you within minutes.",
            )],
        },
        Procedure {
            level: None,
            category: Some(Category::Connectivity),
            checklist: vec![
                Text::new(
                    "Bölgedeki baz istasyonu arızalarını kontrol et",
                    "Check for cell site outages in the area",
                ),
                Text::new(
                    "Hattın ve cihazın ağ ayarlarını kontrol et",
                    "Check the line's and the device's network settings",
                ),
                Text::new(
                    "Gerekirse saha ekibine iş emri aç",
                    "Open a work order for the field team if needed",
                ),
            ],
            replies: vec![Text::new(
                "Merhaba {name}, bağlantı sorununuz için üzgünüz. Bölgenizdeki şebekeyi kontrol ediyoruz; {number} numaralı kaydınızla size dönüş yapacağız.",
                "Hello {name}, we are sorry about your connection. We are checking the network in your area and will get back to you about case {number}.",
            )],
        },
        Procedure {
            level: None,
            category: Some(Category::Billing),
            checklist: vec![
                Text::new(
                    "Son üç faturayı karşılaştır",
                    "Compare the last three invoices",
                ),
                Text::new(
                    "Hatalı ücret varsa iadeyi başlat",
                    "Start the refund if a charge is wrong",
                ),
            ],
            replies: vec![Text::new(
                "Merhaba {name}, faturanızı inceliyoruz. Hatalı bir ücret varsa iadesini başlatıp size bilgi vereceğiz.",
                "Hello {name}, we are reviewing your invoice. If a charge is wrong we will start the refund and let you know.",
            )],
        },
        Procedure {
            level: None,
            category: None,
            checklist: vec![
                Text::new(
                    "Müşteri kartını ve geçmiş kayıtları oku",
                    "Read the customer card and past cases",
                ),
                Text::new(
                    "İlk yanıtı hedef süre içinde ver",
                    "Send the first response within the target",
                ),
                Text::new(
                    "Çözümü müşteriyle doğrula, sonra çözüldü olarak işaretle",
                    "Confirm the fix with the customer, then mark it resolved",
                ),
            ],
            replies: vec![Text::new(
                "Merhaba {name}, mesajınız için teşekkürler. {number} numaralı kaydınızı aldık ve ilgileniyoruz.",
                "Hello {name}, thank you for your message. We have your case {number} and are looking into it.",
            )],
        },
    ]
}
