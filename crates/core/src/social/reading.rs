//! What the app reads from one post: its language (the export's, else
//! detected), sentiment, complaint decision and topics — the one reading
//! the mentions page, the import's automatic case rule, the noise figures
//! and `ilgi sentiment` share.

use super::complaint::{Complaint, complaint};
use super::lang::detect;
use super::sentiment::{Sentiment, analyse};
use super::topics::topics;
use crate::cases::Category;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reading {
    pub lang: Lang,
    pub sentiment: Sentiment,
    pub complaint: Complaint,
    pub topics: Vec<Category>,
}

/// Reads `text`; `lang` when the source gave it, else detected.
pub fn read(text: &str, lang: Option<Lang>) -> Reading {
    let lang = lang.unwrap_or_else(|| detect(text));
    let sentiment = analyse(text, lang);
    let complaint = complaint(text, lang, &sentiment);
    Reading {
        lang,
        topics: topics(text, lang),
        sentiment,
        complaint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::social::sentiment::Label;

    #[test]
    fn a_post_is_read_in_its_language() {
        let r = read("Internet yine çekmiyor, üç gündür arıza kaydım açık!", None);
        assert_eq!(r.lang, Lang::Tr);
        assert_eq!(r.sentiment.label, Label::Negative);
        assert!(r.complaint.is_complaint);
        let r = read("Love the new phone, thanks!", None);
        assert_eq!(r.lang, Lang::En);
        assert_eq!(r.sentiment.label, Label::Positive);
        assert!(!r.complaint.is_complaint);
        // The source's language wins over detection.
        assert_eq!(read("ok", Some(Lang::Tr)).lang, Lang::Tr);
    }
}
