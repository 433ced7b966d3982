//! Human-readable quantities, formatted the way each UI language writes them
//! (sizes, counts, shares, and money with its own currency's sign).

use crate::i18n::Lang;
use crate::model::{Currency, Money};

/// Formats a byte count with binary-free SI units (1 kB = 1000 B), one
/// decimal above a kilobyte, and the language's decimal separator: Turkish
/// writes `1,5 MB`, English `1.5 MB`.
pub fn bytes(count: u64, lang: Lang) -> String {
    const UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];
    if count < 1000 {
        return format!("{count} B");
    }
    // Integer arithmetic in tenths of a unit: no float rounding surprises
    // such as 999.95 kB printing as "1000.0 kB".
    let mut unit = 0;
    let mut divisor: u128 = 1000;
    while unit + 1 < UNITS.len() && (u128::from(count) * 10 + divisor / 2) / divisor >= 10_000 {
        unit += 1;
        divisor *= 1000;
    }
    let tenths = (u128::from(count) * 10 + divisor / 2) / divisor;
    let separator = match lang {
        Lang::Tr => ',',
        Lang::En => '.',
    };
    format!("{}{separator}{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// Formats a whole number with the language's thousands separator:
/// Turkish `100.000`, English `100,000`.
pub fn count(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Tr => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Formats a share 0–1 as a whole percentage: Turkish puts the sign first
/// (`%87`), English after (`87%`). Shares below 1% but above 0 show one
/// decimal (`%0,4`), so a small share never reads as zero.
pub fn percent(share: f64, lang: Lang) -> String {
    let p = if share.is_finite() {
        share * 100.0
    } else {
        0.0
    };
    let number = if p > 0.0 && p < 1.0 {
        let tenths = (p * 10.0).round() as u64;
        let decimal = match lang {
            Lang::Tr => ',',
            Lang::En => '.',
        };
        format!("{}{decimal}{}", tenths / 10, tenths % 10)
    } else {
        count(p.round().max(0.0) as u64, lang)
    };
    match lang {
        Lang::Tr => format!("%{number}"),
        Lang::En => format!("{number}%"),
    }
}

/// The sign a currency is written with: `₺`, `$`, `€`, `£`, else its
/// ISO code (`CHF`).
pub fn currency_sign(currency: Currency) -> &'static str {
    match currency.as_str() {
        "TRY" => "₺",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    }
}

/// Puts a currency's sign next to an already formatted number: Turkish
/// writes it after (`1.235 ₺`, `1.235 $`, `1.235 CHF`), English before
/// (`₺1,235`, `$1,235`, `CHF 1,235`: a code gets a space).
fn with_sign(number: &str, currency: Currency, lang: Lang) -> String {
    let sign = currency_sign(currency);
    match (lang, sign) {
        (Lang::Tr, "") => format!("{number} {}", currency.as_str()),
        (Lang::Tr, sign) => format!("{number} {sign}"),
        (Lang::En, "") => format!("{} {number}", currency.as_str()),
        (Lang::En, sign) => format!("{sign}{number}"),
    }
}

/// Formats an estimate in major units of `currency` without the minor
/// part (`1.235 ₺` / `₺1,235`, `1.235 $` / `$1,235`). Negative and
/// non-finite values show as 0.
pub fn money(major: f64, currency: Currency, lang: Lang) -> String {
    let whole = if major.is_finite() {
        major.round().max(0.0) as u64
    } else {
        0
    };
    with_sign(&count(whole, lang), currency, lang)
}

/// An exact amount in minor units of `currency`, with two decimals and
/// the sign (`1.234,50 ₺` / `₺1,234.50`, `-12,00 $` / `$-12.00`).
pub fn money_exact(minor: i64, currency: Currency, lang: Lang) -> String {
    with_sign(&Money::from_minor(minor).format(lang), currency, lang)
}

/// Formats an amount of Turkish lira without kuruş: [`money`] in
/// [`Currency::TRY`].
pub fn lira(major: f64, lang: Lang) -> String {
    money(major, Currency::TRY, lang)
}

/// An amount short enough for a chart axis or a stat card: `18 Mn ₺`,
/// `1,5 B $`, `750 ₺` in Turkish (bin, milyon); `₺18M`, `$1.5K`, `₺750` in
/// English. One decimal below 10 of a unit, whole numbers above; the unit is
/// picked after rounding, so 999,999 reads `₺1M`, not `₺1000K`.
pub fn money_short(major: f64, currency: Currency, lang: Lang) -> String {
    let v = if major.is_finite() {
        major.max(0.0)
    } else {
        0.0
    };
    let scales = [(1e6, "Mn", "M"), (1e3, "B", "K"), (1.0, "", "")];
    let (shown, tr, en) = scales
        .iter()
        .map(|&(scale, tr, en)| {
            let n = v / scale;
            let shown = if n >= 10.0 || scale == 1.0 {
                n.round()
            } else {
                (n * 10.0).round() / 10.0
            };
            (shown, tr, en)
        })
        .find(|(shown, _, en)| *shown >= 1.0 || en.is_empty())
        .unwrap_or((0.0, "", ""));
    let number = if shown.fract() == 0.0 {
        count(shown as u64, lang)
    } else {
        let tenths = (shown * 10.0).round() as u64;
        let decimal = match lang {
            Lang::Tr => ',',
            Lang::En => '.',
        };
        format!("{}{decimal}{}", tenths / 10, tenths % 10)
    };
    let number = match lang {
        Lang::Tr if tr.is_empty() => number,
        Lang::Tr => format!("{number} {tr}"),
        Lang::En => format!("{number}{en}"),
    };
    with_sign(&number, currency, lang)
}

/// A lira amount short enough for a chart axis: [`money_short`] in
/// [`Currency::TRY`].
pub fn lira_short(major: f64, lang: Lang) -> String {
    money_short(major, Currency::TRY, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands_per_language() {
        assert_eq!(count(100_000, Lang::Tr), "100.000");
        assert_eq!(count(1_234_567, Lang::En), "1,234,567");
        assert_eq!(count(999, Lang::En), "999");
        assert_eq!(count(0, Lang::Tr), "0");
    }

    #[test]
    fn percent_and_lira_follow_each_language() {
        assert_eq!(percent(0.873, Lang::Tr), "%87");
        assert_eq!(percent(0.873, Lang::En), "87%");
        assert_eq!(percent(0.004, Lang::Tr), "%0,4");
        assert_eq!(percent(0.0, Lang::En), "0%");
        assert_eq!(percent(f64::NAN, Lang::En), "0%");
        assert_eq!(lira(1234.6, Lang::Tr), "1.235 ₺");
        assert_eq!(lira(1234.6, Lang::En), "₺1,235");
        assert_eq!(lira(-5.0, Lang::En), "₺0");
    }

    #[test]
    fn short_lira_picks_the_unit_after_rounding() {
        assert_eq!(lira_short(18_481_410.0, Lang::Tr), "18 Mn ₺");
        assert_eq!(lira_short(18_481_410.0, Lang::En), "₺18M");
        assert_eq!(lira_short(1_500.0, Lang::Tr), "1,5 B ₺");
        assert_eq!(lira_short(1_500.0, Lang::En), "₺1.5K");
        assert_eq!(lira_short(999_999.0, Lang::En), "₺1M");
        assert_eq!(lira_short(999.6, Lang::En), "₺1K");
        assert_eq!(lira_short(750.4, Lang::Tr), "750 ₺");
        assert_eq!(lira_short(0.0, Lang::En), "₺0");
        assert_eq!(lira_short(-3.0, Lang::En), "₺0");
        assert_eq!(lira_short(f64::INFINITY, Lang::En), "₺0");
    }

    #[test]
    fn money_shows_the_sign_of_its_own_currency() {
        let usd = Currency::parse("USD").unwrap();
        let chf = Currency::parse("CHF").unwrap();
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(money(1234.6, usd, Lang::Tr), "1.235 $");
        assert_eq!(money(1234.6, usd, Lang::En), "$1,235");
        assert_eq!(money(1234.6, chf, Lang::Tr), "1.235 CHF");
        assert_eq!(money(1234.6, chf, Lang::En), "CHF 1,235");
        assert_eq!(money_short(1_500.0, eur, Lang::Tr), "1,5 B €");
        assert_eq!(money_short(18_481_410.0, eur, Lang::En), "€18M");
        assert_eq!(money_short(750.0, chf, Lang::En), "CHF 750");
        assert_eq!(money_exact(123_450, usd, Lang::Tr), "1.234,50 $");
        assert_eq!(money_exact(123_450, Currency::TRY, Lang::En), "₺1,234.50");
    }

    #[test]
    fn small_counts_are_plain_bytes() {
        assert_eq!(bytes(0, Lang::En), "0 B");
        assert_eq!(bytes(999, Lang::Tr), "999 B");
    }

    #[test]
    fn turkish_uses_a_decimal_comma_and_english_a_point() {
        assert_eq!(bytes(1_500_000, Lang::Tr), "1,5 MB");
        assert_eq!(bytes(1_500_000, Lang::En), "1.5 MB");
    }

    #[test]
    fn rounding_moves_to_the_next_unit_instead_of_printing_a_thousand() {
        assert_eq!(bytes(999_960, Lang::En), "1.0 MB");
        assert_eq!(bytes(999_940, Lang::En), "999.9 kB");
    }

    #[test]
    fn the_largest_values_stay_in_the_largest_unit() {
        assert_eq!(bytes(u64::MAX, Lang::En), "18.4 EB");
    }
}

/// A calendar date as each language writes it: `31.12.2026` in Turkish,
/// `2026-12-31` (ISO) in English.
pub fn date(date: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Tr => date.format("%d.%m.%Y").to_string(),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

/// A number with `places` decimals and the language's decimal mark
/// (`2,5` / `2.5`); not finite reads as 0.
pub fn decimal(value: f64, places: usize, lang: Lang) -> String {
    let text = format!("{:.places$}", if value.is_finite() { value } else { 0.0 });
    match lang {
        Lang::Tr => text.replace('.', ","),
        Lang::En => text,
    }
}

#[cfg(test)]
mod date_and_decimal {
    use super::*;

    #[test]
    fn dates_and_decimals_follow_the_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(date(d, Lang::Tr), "07.03.2026");
        assert_eq!(date(d, Lang::En), "2026-03-07");
        assert_eq!(decimal(2.46, 1, Lang::Tr), "2,5");
        assert_eq!(decimal(2.46, 1, Lang::En), "2.5");
        assert_eq!(decimal(f64::NAN, 2, Lang::En), "0.00");
    }
}
