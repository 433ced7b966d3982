//! Is a post a complaint? A statement that something is wrong and that the
//! company should act — not every negative post (bad weather, a lost match,
//! a bad mood is negative but asks nothing of anyone).
//!
//! Cues, each found by folded phrase (`ÇÖZÜN` = `cozun`):
//!
//! - **problem**: something broken, missing, wrong or charged (`çekmiyor`,
//!   `arıza`, `kesinti`, `iade`, `fatura`, `not working`, `charged twice`,
//!   `refund`, `late delivery`);
//! - **request**: the company is asked to act (`çözün`, `yardımcı olun`,
//!   `ne zaman`, `fix this`, `please help`, `dm`);
//! - **duration**: the problem lasts (`3 gündür`, `hâlâ`, `dünden beri`,
//!   `still`, `for 3 days`, `since yesterday`, `kimse dönmedi`);
//! - **negative**: the sentiment score, below zero;
//! - **mention**: an `@handle` in a negative post (the company is named).
//!
//! The score is a logistic combination, `1 / (1 + e^-z)` with
//! `z = -2.6 + 2.0·problem + 1.4·request + 1.0·duration +
//! 2.2·max(0, −score) + 0.6·mention`, where each cue counts 1 when present
//! (problem 1.4 when two or more problem phrases).
//!
//! A post is a complaint at [`THRESHOLD`] or more. A problem word alone in
//! a neutral post is not enough (0.35); a problem in a post scoring −0.28
//! or lower is; a request or a duration added to a problem is; strong
//! negative sentiment with nothing to act on stays below (a −0.9 post:
//! 0.35, with an `@mention` 0.49).

use crate::i18n::Lang;
use crate::text::fold;

use super::sentiment::Sentiment;
use super::tokens::{Token, tokenize};

/// A post is a complaint when its score is at least this.
pub const THRESHOLD: f64 = 0.5;

/// What made a post look like a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Cue {
    Problem,
    Request,
    Duration,
    Negative,
    Mention,
    /// The post says the problem is over (counts against).
    Resolved,
}

impl Cue {
    pub fn code(self) -> &'static str {
        match self {
            Cue::Problem => "problem",
            Cue::Request => "request",
            Cue::Duration => "duration",
            Cue::Negative => "negative",
            Cue::Resolved => "resolved",
            Cue::Mention => "mention",
        }
    }
}

/// One reason: the cue and the words that showed it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reason {
    pub cue: Cue,
    pub evidence: String,
}

/// The complaint decision on one post.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Complaint {
    /// 0..=1.
    pub score: f64,
    /// `score >= THRESHOLD`.
    pub is_complaint: bool,
    pub reasons: Vec<Reason>,
}

const TR_PROBLEM: &[&str] = &[
    "cekmiyor",
    "cekmiyo",
    "calismiyor",
    "calismiyo",
    "acilmiyor",
    "acilmiyo",
    "baglanamiyorum",
    "baglanmiyor",
    "girmiyor",
    "yuklenmiyor",
    "gelmedi",
    "gelmiyor",
    "ulasmadi",
    "kesildi",
    "kesiliyor",
    "kesinti",
    "ariza",
    "arizali",
    "bozuk",
    "bozuldu",
    "coktu",
    "cokuyor",
    "donuyor",
    "dondu",
    "kasiyor",
    "iade",
    "fatura",
    "faturam",
    "fazla ucret",
    "fazladan",
    "iki kez",
    "iki kere",
    "cekilmis",
    "cekildi",
    "kargo",
    "teslim edilmedi",
    "gecikti",
    "gecikme",
    "hasarli",
    "kirik",
    "eksik geldi",
    "yanlis urun",
    "yanlis geldi",
    "sinyal yok",
    "internet yok",
    "sebeke yok",
    "hat yok",
    "cevap yok",
    "donus yok",
    "kimse donmedi",
    "donus yapilmadi",
    "ulasamiyorum",
    "muhatap",
    "sikayet",
    "magdur",
    "dolandir",
    "sarj olmuyor",
    "sarj tutmuyor",
    "yavas",
    "kopuyor",
    "sorun",
    "problem",
    "iptal edilmedi",
    "iptal etmiyor",
    "garanti",
    "servis",
    "tamir",
];

const EN_PROBLEM: &[&str] = &[
    "not working",
    "doesnt work",
    "does not work",
    "stopped working",
    "isnt working",
    "wont turn on",
    "broken",
    "faulty",
    "defective",
    "damaged",
    "outage",
    "down again",
    "service down",
    "is down",
    "been down",
    "went down",
    "down for",
    "no signal",
    "no service",
    "no internet",
    "no network",
    "dropped calls",
    "dropping calls",
    "keeps dropping",
    "crash",
    "crashing",
    "freezing",
    "overcharged",
    "charged twice",
    "double charged",
    "double charge",
    "charged me",
    "hidden fee",
    "refund",
    "scam",
    "scammed",
    "ripped off",
    "late delivery",
    "not delivered",
    "never arrived",
    "never received",
    "hasnt arrived",
    "wrong item",
    "missing",
    "lost my",
    "delayed",
    "no response",
    "no reply",
    "nobody answered",
    "no one answered",
    "on hold",
    "slow",
    "slower",
    "issue",
    "problem",
    "error",
    "cant connect",
    "cant log",
    "cant receive",
    "cant reach",
    "cant make calls",
    "cant call",
    "straight to voicemail",
    "sos only",
    "no phone service",
    "failed",
    "is gone",
    "are gone",
    "dead",
    "cutting out",
    "keeps cutting",
    "dropping",
    "disconnects",
    "not fixed",
    "no record",
    "never showed up",
    "nothing since",
    "still says",
    "not what i paid",
    "not the first time",
    "missed appointment",
    "fee",
    "fees",
    "overdraft",
    "charged",
    "price improvement",
    "went up",
    "raised my",
    "useless",
    "rude",
    "wrong",
];

/// Words that say a problem is over (a thank-you, a refund received): the
/// post tells a story that ended well, not a complaint to act on.
const EN_RESOLVED: &[&str] = &[
    "thank you",
    "thanks",
    "resolved",
    "got refunded",
    "got the refund",
    "full refund",
    "no questions asked",
    "smooth",
    "fixed my",
    "how it should be done",
    "before i even",
    "the same day",
];

const TR_REQUEST: &[&str] = &[
    "cozun",
    "cozer misiniz",
    "cozulsun",
    "yardimci olun",
    "yardimci olur musunuz",
    "ilgilenin",
    "ilgilenir misiniz",
    "ne zaman",
    "duzeltin",
    "geri donun",
    "donus yapin",
    "arayin",
    "iade edin",
    "iadesini istiyorum",
    "istiyorum",
    "bekliyorum",
    "lutfen",
    "acil",
    "dm",
    "muhatap",
    "yetkili",
    "hesap vermeli",
    "bir cozum",
];

const EN_REQUEST: &[&str] = &[
    "fix this",
    "fix it",
    "please help",
    "help me",
    "can you",
    "can someone",
    "when will",
    "sort this",
    "sort it",
    "i want",
    "i need",
    "i demand",
    "refund me",
    "give me",
    "call me",
    "get back to me",
    "respond",
    "dm me",
    "please",
    "anyone",
    "any update",
    "asap",
    "id like",
    "i would like",
    "send",
    "replace",
    "waive",
    "waived",
    "escalate",
    "what do i do",
    "where is it",
    "what are my options",
    "who pays",
    "is this covered",
    "look into",
    "check the line",
    "money back",
    "talk to a human",
    "speak to",
    "want out",
    "porting out",
    "leaving",
];

const TR_DURATION: &[&str] = &[
    "gundur",
    "haftadir",
    "aydir",
    "saattir",
    "gun oldu",
    "hafta oldu",
    "hala",
    "halen",
    "dunden beri",
    "sabahtan beri",
    "haftalardir",
    "gunlerdir",
    "aylardir",
    "yine",
    "tekrar",
    "her gun",
    "surekli",
    "kimse donmedi",
    "hic donus",
];

const EN_DURATION: &[&str] = &[
    "still",
    "for days",
    "for weeks",
    "for hours",
    "days now",
    "weeks now",
    "since yesterday",
    "since last",
    "since monday",
    "again",
    "every day",
    "keeps",
    "hours",
    "days",
    "weeks",
    "third time",
    "second time",
    "no longer",
];

/// Whether the folded phrase `p` appears in `words` (consecutive words; a
/// Turkish word may carry suffixes when the phrase word has four letters or
/// more).
fn find_phrase(words: &[String], p: &str, lang: Lang) -> bool {
    let parts: Vec<&str> = p.split(' ').collect();
    if parts.len() > words.len() {
        return false;
    }
    words.windows(parts.len()).any(|win| {
        win.iter().zip(&parts).all(|(w, k)| {
            w == k
                || (lang == Lang::Tr && k.len() >= 4 && w.starts_with(k))
                || (lang == Lang::En
                    && w.strip_prefix(k)
                        .is_some_and(|r| matches!(r, "s" | "es" | "ed" | "ing")))
        })
    })
}

fn all_matches(words: &[String], list: &[&str], lang: Lang) -> Vec<String> {
    list.iter()
        .filter(|p| find_phrase(words, p, lang))
        .map(|p| (*p).to_string())
        .collect()
}

/// Whether a post is a complaint, given its language and sentiment.
pub fn complaint(text: &str, lang: Lang, sentiment: &Sentiment) -> Complaint {
    let words: Vec<String> = tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Token::Word { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    let (problem, request, duration) = match lang {
        Lang::Tr => (TR_PROBLEM, TR_REQUEST, TR_DURATION),
        Lang::En => (EN_PROBLEM, EN_REQUEST, EN_DURATION),
    };
    let mut reasons = Vec::new();
    let mut z = -2.6;

    let problems = all_matches(&words, problem, lang);
    if !problems.is_empty() {
        z += if problems.len() >= 2 { 2.8 } else { 2.0 };
        reasons.extend(problems.into_iter().map(|evidence| Reason {
            cue: Cue::Problem,
            evidence,
        }));
    }
    let requests = all_matches(&words, request, lang);
    if let Some(evidence) = requests.into_iter().next() {
        z += 1.4;
        reasons.push(Reason {
            cue: Cue::Request,
            evidence,
        });
    }
    if lang == Lang::En
        && let Some(evidence) = all_matches(&words, EN_RESOLVED, lang).into_iter().next()
    {
        z -= 1.8;
        reasons.push(Reason {
            cue: Cue::Resolved,
            evidence,
        });
    }
    let mut durations = all_matches(&words, duration, lang);
    if durations.is_empty() && has_number_of_days(&words, lang) {
        durations.push("number of days".into());
    }
    if let Some(evidence) = durations.into_iter().next() {
        z += 1.0;
        reasons.push(Reason {
            cue: Cue::Duration,
            evidence,
        });
    }
    if sentiment.score < 0.0 {
        z += 2.2 * -sentiment.score;
        reasons.push(Reason {
            cue: Cue::Negative,
            evidence: format!("{:.2}", sentiment.score),
        });
        if let Some(handle) = text
            .split_whitespace()
            .find(|w| w.starts_with('@') && w.len() > 1)
        {
            z += 0.6;
            reasons.push(Reason {
                cue: Cue::Mention,
                evidence: fold(handle),
            });
        }
    }
    let score = 1.0 / (1.0 + (-z).exp());
    Complaint {
        score,
        is_complaint: score >= THRESHOLD,
        reasons,
    }
}

/// `3 gün`, `2 haftadır`, `5 days`, `two weeks`.
fn has_number_of_days(words: &[String], lang: Lang) -> bool {
    let units: &[&str] = match lang {
        Lang::Tr => &["gun", "hafta", "ay", "saat"],
        Lang::En => &["day", "days", "week", "weeks", "month", "months", "hours"],
    };
    words.windows(2).any(|w| {
        let number = w[0].chars().all(|c| c.is_ascii_digit())
            || matches!(
                w[0].as_str(),
                "iki"
                    | "uc"
                    | "dort"
                    | "bes"
                    | "kac"
                    | "two"
                    | "three"
                    | "four"
                    | "five"
                    | "several"
            );
        number && units.iter().any(|u| w[1].starts_with(u))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::social::sentiment::analyse;

    fn is_complaint(text: &str, lang: Lang) -> bool {
        complaint(text, lang, &analyse(text, lang)).is_complaint
    }

    #[test]
    fn problems_the_company_should_act_on_are_complaints() {
        let cases = [
            ("3 gündür internetim çekmiyor, kimse dönmedi", Lang::Tr),
            ("@turkcell hattım kesildi çözün artık!!", Lang::Tr),
            ("faturama iki kez ücret yansımış, iade istiyorum", Lang::Tr),
            ("kargom hala gelmedi rezalet", Lang::Tr),
            ("modem arızalı yardımcı olur musunuz", Lang::Tr),
            ("internet cekmiyo ya", Lang::Tr),
            ("my internet has been down for 3 days, fix this", Lang::En),
            (
                "charged twice for the same order, I want a refund",
                Lang::En,
            ),
            ("still waiting for my package, nobody answered", Lang::En),
            ("@vodafone no signal since yesterday", Lang::En),
            ("phone won't turn on after the update. terrible", Lang::En),
        ];
        for (text, lang) in cases {
            assert!(is_complaint(text, lang), "{text}");
        }
    }

    #[test]
    fn bad_moods_praise_and_questions_are_not_complaints() {
        let cases = [
            ("hava çok kötü bugün", Lang::Tr),
            ("maçı kaybettik, berbat bir gün", Lang::Tr),
            ("kargo çok hızlı geldi teşekkürler", Lang::Tr),
            ("yeni tarifeler ne zaman açıklanacak", Lang::Tr),
            ("what a miserable rainy monday", Lang::En),
            ("we lost the match, awful game", Lang::En),
            ("the new phone works great, thanks!", Lang::En),
            ("does the store open at 9?", Lang::En),
        ];
        for (text, lang) in cases {
            assert!(!is_complaint(text, lang), "{text}");
        }
    }

    #[test]
    fn reasons_name_the_cues() {
        let text = "3 gündür internet yok, çözün";
        let c = complaint(text, Lang::Tr, &analyse(text, Lang::Tr));
        let cues: Vec<Cue> = c.reasons.iter().map(|r| r.cue).collect();
        assert!(cues.contains(&Cue::Problem));
        assert!(cues.contains(&Cue::Request));
        assert!(cues.contains(&Cue::Duration));
        assert!((0.0..=1.0).contains(&c.score));
    }
}
