//! Sentiment, complaint and topics of 10,000 short posts, timed: prints
//! posts per second (goal: 10,000 posts well under 500 ms in release).
//!
//!     cargo run -p ilgi-core --release --example bench_sentiment

use std::time::Instant;

use ilgi_core::social::{complaint::complaint, lang::detect, sentiment::analyse, topics::topics};

const TEMPLATES: &[&str] = &[
    "3 gündür internetim ÇEKMİYOR, kimse dönmedi @turkcell çözün artık!!",
    "kargo çok hızlı geldi teşekkürler 👍",
    "faturama iki kez ücret yansımış, iade istiyorum",
    "telefon güzel ama şarjı berbat, hiç memnun değilim",
    "internet cekmiyo ya rezalettt",
    "fena değil, idare eder",
    "my internet has been down for 3 days, fix this @vodafone",
    "works great, thanks! ❤️",
    "charged twice for the same order, I want a refund",
    "the phone is nice but the battery is terrible :(",
    "still waiting for my package, nobody answered",
    "what a lovely day",
];

fn main() {
    let posts: Vec<String> = (0..10_000)
        .map(|i| format!("{} #{i}", TEMPLATES[i % TEMPLATES.len()]))
        .collect();
    // Parse the lexicons before timing (once per app start, not per post).
    let _ = analyse("warm up", detect("warm up"));
    let start = Instant::now();
    let mut negative = 0;
    for post in &posts {
        if analyse(post, detect(post)).score < 0.0 {
            negative += 1;
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{} posts (language, sentiment) in {:.1} ms: {:.0} posts/s ({negative} negative)",
        posts.len(),
        elapsed.as_secs_f64() * 1000.0,
        posts.len() as f64 / elapsed.as_secs_f64()
    );
    let start = Instant::now();
    let mut complaints = 0;
    for post in &posts {
        let lang = detect(post);
        let s = analyse(post, lang);
        if complaint(post, lang, &s).is_complaint {
            complaints += 1;
        }
        let _ = topics(post, lang);
    }
    let elapsed = start.elapsed();
    println!(
        "{} posts (language, sentiment, complaint, topics) in {:.1} ms: {:.0} posts/s ({complaints} complaints)",
        posts.len(),
        elapsed.as_secs_f64() * 1000.0,
        posts.len() as f64 / elapsed.as_secs_f64()
    );
}
