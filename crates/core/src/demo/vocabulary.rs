//! Word lists of the demo data: names, cities, email domains, the team and
//! the short texts of interactions. Lists of names run roughly from the most
//! to the least common, and the generator weights them that way.

/// Turkish women's first names.
pub const TURKISH_FEMALE: &[&str] = &[
    "Ayşe",
    "Fatma",
    "Zeynep",
    "Elif",
    "Emine",
    "Hatice",
    "Merve",
    "Zehra",
    "Meryem",
    "Esra",
    "Büşra",
    "Özlem",
    "Derya",
    "Ebru",
    "Tuğba",
    "Yasemin",
    "Şeyma",
    "Gül",
    "Gülşen",
    "Songül",
    "Hülya",
    "Çiğdem",
    "İrem",
    "Ece",
    "Defne",
    "Ecrin",
    "Asya",
    "Nehir",
    "Duru",
    "Buse",
    "Aslı",
    "Pınar",
    "Sevgi",
    "Dilek",
    "Cansu",
    "Ilgın",
    "Işıl",
    "Öykü",
    "Gözde",
    "Şule",
    "Nazlı",
    "Ayşegül",
    "Selin",
    "Melike",
    "Damla",
    "Şerife",
    "Sultan",
    "Hanife",
    "Gülay",
    "Özge",
];

/// Turkish men's first names.
pub const TURKISH_MALE: &[&str] = &[
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "Murat",
    "Yusuf",
    "Ömer",
    "İsmail",
    "Osman",
    "Emre",
    "Burak",
    "Ramazan",
    "Halil",
    "Süleyman",
    "Abdullah",
    "Mahmut",
    "Kemal",
    "Oğuz",
    "Çağrı",
    "Uğur",
    "Serkan",
    "Barış",
    "Gökhan",
    "Onur",
    "Tolga",
    "Kaan",
    "Eren",
    "Berk",
    "Arda",
    "Emir",
    "Yiğit",
    "Doğan",
    "Şükrü",
    "Ilgaz",
    "Tuncay",
    "Cem",
    "Can",
    "Deniz",
    "Volkan",
    "Özgür",
    "Erdem",
    "Görkem",
    "Efe",
    "Alperen",
    "Umut",
    "Recep",
    "Salih",
];

/// Turkish surnames.
pub const TURKISH_SURNAMES: &[&str] = &[
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Özcan",
    "Korkmaz",
    "Çakır",
    "Erdoğan",
    "Yavuz",
    "Can",
    "Acar",
    "Şen",
    "Aktaş",
    "Güler",
    "Yalçın",
    "Güneş",
    "Bozkurt",
    "Bulut",
    "Keskin",
    "Ünal",
    "Turan",
    "Gül",
    "Özer",
    "Işık",
    "Kaplan",
    "Avcı",
    "Sarı",
    "Tekin",
    "Taş",
    "Köse",
    "Yüksel",
    "Ateş",
    "Aksoy",
    "Uçar",
    "Ekinci",
    "Çiftçi",
    "Başaran",
    "Karakaya",
    "Sönmez",
    "Erdem",
    "Güven",
    "Tuncer",
    "Uysal",
    "Önal",
    "İnce",
    "Duman",
    "Altun",
    "Akın",
    "Çınar",
    "Ilgaz",
    "Öz",
    "Eren",
    "Uğurlu",
];

/// English first names (expats, tourists' local numbers, foreign staff).
pub const ENGLISH_FIRST: &[&str] = &[
    "James",
    "Emma",
    "Oliver",
    "Olivia",
    "William",
    "Sophia",
    "Thomas",
    "Charlotte",
    "Daniel",
    "Emily",
    "Michael",
    "Grace",
    "David",
    "Lucy",
    "George",
    "Hannah",
    "Jack",
    "Sarah",
    "Henry",
    "Amelia",
    "Samuel",
    "Chloe",
    "Matthew",
    "Jessica",
];

/// English surnames.
pub const ENGLISH_SURNAMES: &[&str] = &[
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
    "Walker", "Wright", "Thompson", "White", "Hughes", "Green", "Hall", "Clarke", "Jackson",
    "Wood", "Harris", "Miller", "Baker", "Turner", "Cooper",
];

/// Turkey's fifty most populous provinces with their population in
/// thousands (TÜİK, 2023, rounded): the weights of the customers' cities.
pub const CITIES: &[(&str, f64)] = &[
    ("İstanbul", 15_655.0),
    ("Ankara", 5_803.0),
    ("İzmir", 4_479.0),
    ("Bursa", 3_214.0),
    ("Antalya", 2_696.0),
    ("Konya", 2_320.0),
    ("Adana", 2_270.0),
    ("Şanlıurfa", 2_213.0),
    ("Gaziantep", 2_164.0),
    ("Kocaeli", 2_079.0),
    ("Mersin", 1_916.0),
    ("Diyarbakır", 1_818.0),
    ("Hatay", 1_544.0),
    ("Manisa", 1_475.0),
    ("Kayseri", 1_445.0),
    ("Samsun", 1_377.0),
    ("Balıkesir", 1_273.0),
    ("Tekirdağ", 1_167.0),
    ("Aydın", 1_162.0),
    ("Van", 1_127.0),
    ("Kahramanmaraş", 1_116.0),
    ("Sakarya", 1_098.0),
    ("Muğla", 1_066.0),
    ("Denizli", 1_059.0),
    ("Eskişehir", 906.0),
    ("Mardin", 888.0),
    ("Trabzon", 822.0),
    ("Ordu", 775.0),
    ("Erzurum", 749.0),
    ("Afyonkarahisar", 747.0),
    ("Malatya", 742.0),
    ("Sivas", 639.0),
    ("Batman", 634.0),
    ("Adıyaman", 604.0),
    ("Tokat", 596.0),
    ("Elazığ", 591.0),
    ("Zonguldak", 588.0),
    ("Kütahya", 580.0),
    ("Çanakkale", 559.0),
    ("Çorum", 526.0),
    ("Isparta", 449.0),
    ("Giresun", 448.0),
    ("Aksaray", 433.0),
    ("Edirne", 414.0),
    ("Düzce", 409.0),
    ("Kırklareli", 369.0),
    ("Niğde", 365.0),
    ("Rize", 344.0),
    ("Bolu", 320.0),
    ("Yalova", 296.0),
];

/// Personal email domains and how common they are.
pub const EMAIL_DOMAINS: &[(&str, f64)] = &[
    ("gmail.com", 48.0),
    ("hotmail.com", 20.0),
    ("outlook.com", 9.0),
    ("yahoo.com", 6.0),
    ("icloud.com", 8.0),
    ("yandex.com", 5.0),
];

/// Company domains (fictional) for corporate customers.
pub const COMPANY_DOMAINS: &[&str] = &[
    "anadolulojistik.com.tr",
    "egeyazilim.com.tr",
    "marmaragida.com.tr",
    "karadenizinsaat.com.tr",
    "bogazicitekstil.com.tr",
    "toroslarenerji.com.tr",
    "kapadokyaturizm.com.tr",
    "trakyaotomotiv.com.tr",
];

/// The shop's customer team: customer owners.
pub const TEAM: &[&str] = &[
    "Elif Aydın",
    "Murat Kaya",
    "Zeynep Şahin",
    "Can Demir",
    "Selin Arslan",
    "Burak Çelik",
];

/// Where consent decisions are recorded.
pub const CONSENT_SOURCES: &[(&str, f64)] = &[
    ("web form", 35.0),
    ("mağaza", 35.0),
    ("uygulama", 20.0),
    ("çağrı merkezi", 10.0),
];

/// How customers first found the shop (the `kaynak` custom field).
pub const ACQUISITION: &[(&str, f64)] = &[
    ("Mağaza", 40.0),
    ("Instagram reklamı", 18.0),
    ("Google", 17.0),
    ("Tavsiye", 15.0),
    ("Pazaryeri", 10.0),
];

/// The tags a demo customer can carry.
pub const TAG_VIP: &str = "vip";
pub const TAG_CORPORATE: &str = "kurumsal";
pub const TAG_STUDENT: &str = "öğrenci";
pub const TAG_DEALER: &str = "bayi";
pub const TAG_INFLUENCER: &str = "influencer";
pub const TAG_COMPLAINER: &str = "şikayetçi";

use crate::model::{Direction, InteractionKind};

/// A short interaction text in Turkish and English. `{device}` stands for
/// the customer's phone (or another device they own).
#[derive(Debug, Clone, Copy)]
pub struct Note {
    pub kind: InteractionKind,
    pub direction: Direction,
    pub complaint: bool,
    pub tr: &'static str,
    pub en: &'static str,
}

const fn note(
    kind: InteractionKind,
    direction: Direction,
    complaint: bool,
    tr: &'static str,
    en: &'static str,
) -> Note {
    Note {
        kind,
        direction,
        complaint,
        tr,
        en,
    }
}

use Direction::{Inbound, Internal, Outbound};
use InteractionKind::{Call, Email, Note as Memo, Social, Visit};

/// The interaction texts the generator draws from.
pub const NOTES: &[Note] = &[
    note(
        Call,
        Inbound,
        false,
        "Fatura sorusu: bu ay neden yüksek geldi?",
        "Billing question: why is this month's bill higher?",
    ),
    note(
        Call,
        Inbound,
        true,
        "{device} ile 3G çekmiyor şikayeti",
        "Complaint: no 3G signal on the {device}",
    ),
    note(
        Call,
        Inbound,
        false,
        "Tarife değişikliği talebi",
        "Asked to change tariff",
    ),
    note(
        Call,
        Inbound,
        false,
        "Numara taşıma hakkında bilgi istedi",
        "Asked about number porting",
    ),
    note(
        Call,
        Inbound,
        true,
        "{device} şarj olmuyor, servis kaydı açıldı",
        "{device} does not charge, repair ticket opened",
    ),
    note(
        Call,
        Inbound,
        true,
        "İnternet çok yavaş, üç gündür düzelmedi",
        "Internet very slow for three days",
    ),
    note(
        Call,
        Outbound,
        false,
        "Yeni tarife teklifi",
        "Offered a new tariff",
    ),
    note(
        Call,
        Outbound,
        false,
        "Memnuniyet araması: memnun",
        "Satisfaction call: happy",
    ),
    note(
        Call,
        Outbound,
        false,
        "Sözleşme yenileme hatırlatması",
        "Contract renewal reminder",
    ),
    note(
        Email,
        Inbound,
        false,
        "Fatura kopyası istedi",
        "Asked for a copy of the invoice",
    ),
    note(
        Email,
        Inbound,
        false,
        "Garanti belgesi talebi",
        "Asked for the warranty certificate",
    ),
    note(
        Email,
        Inbound,
        true,
        "Sipariş gecikmesi şikayeti",
        "Complaint: order is late",
    ),
    note(
        Email,
        Inbound,
        true,
        "Yanlış ücretlendirme itirazı",
        "Disputes a wrong charge",
    ),
    note(
        Email,
        Outbound,
        false,
        "Kampanya bilgilendirmesi gönderildi",
        "Sent campaign information",
    ),
    note(
        Email,
        Outbound,
        false,
        "{device} için aksesuar önerisi",
        "Accessory suggestions for the {device}",
    ),
    note(
        Visit,
        Inbound,
        false,
        "Mağazada {device} teslim alındı",
        "Picked up the {device} in store",
    ),
    note(
        Visit,
        Inbound,
        true,
        "Ekran kırıldı, servis kaydı açıldı",
        "Cracked screen, repair ticket opened",
    ),
    note(
        Visit,
        Inbound,
        false,
        "Yeni telefonlara baktı, karar vermedi",
        "Looked at new phones, did not decide",
    ),
    note(
        Social,
        Inbound,
        false,
        "Instagram DM: kılıf stok sorusu",
        "Instagram DM: asked whether a case is in stock",
    ),
    note(
        Social,
        Inbound,
        true,
        "X'te şikayet: internet çok yavaş",
        "Complaint on X: internet is very slow",
    ),
    note(
        Social,
        Inbound,
        true,
        "{device} 3G sorunu için paylaşım yaptı",
        "Posted about 3G problems on the {device}",
    ),
    note(
        Social,
        Inbound,
        false,
        "Hızlı teslimat için teşekkür yorumu",
        "Thanked us for the fast delivery",
    ),
    note(
        Social,
        Outbound,
        false,
        "Şikayete DM ile dönüş yapıldı",
        "Replied to the complaint by DM",
    ),
    note(
        Memo,
        Internal,
        false,
        "Önemli müşteri, özel ilgi gösterilmeli",
        "Important customer, give extra attention",
    ),
    note(
        Memo,
        Internal,
        false,
        "Kurumsal teklif hazırlanacak",
        "Prepare a corporate offer",
    ),
    note(
        Memo,
        Internal,
        false,
        "Akşam 18:00'den sonra aranmak istiyor",
        "Prefers calls after 6 pm",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn name_lists_are_long_enough_and_have_no_duplicates() {
        let first: Vec<&str> = TURKISH_FEMALE.iter().chain(TURKISH_MALE).copied().collect();
        assert!(first.len() >= 80);
        assert!(TURKISH_SURNAMES.len() >= 60);
        for list in [
            &first[..],
            TURKISH_SURNAMES,
            ENGLISH_FIRST,
            ENGLISH_SURNAMES,
        ] {
            let unique: HashSet<&str> = list.iter().copied().collect();
            assert_eq!(unique.len(), list.len());
        }
    }

    #[test]
    fn turkish_names_use_every_turkish_letter() {
        let all: String = TURKISH_FEMALE
            .iter()
            .chain(TURKISH_MALE)
            .chain(TURKISH_SURNAMES)
            .copied()
            .collect();
        // No Turkish word starts with ğ, so it only appears in lower case.
        for letter in ['Ç', 'ç', 'ğ', 'İ', 'I', 'ı', 'Ö', 'ö', 'Ş', 'ş', 'Ü', 'ü'] {
            assert!(all.contains(letter), "{letter}");
        }
    }

    #[test]
    fn the_thirty_largest_cities_are_present_with_istanbul_first() {
        assert!(CITIES.len() >= 30);
        assert_eq!(CITIES[0].0, "İstanbul");
        assert!(CITIES.iter().skip(1).all(|(_, w)| *w < CITIES[0].1));
    }
}
