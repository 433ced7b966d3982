//! Duplicate scan and identity matching on demo data, natively:
//! `cargo run -p ilgi-core --release --example bench_identity [CUSTOMERS]
//! [MENTIONS]` (defaults 100,000 and 10,000). The goals of issue 12 (in
//! wasm): a scan of 100,000 customers ≤ 10 s, 10,000 mentions against
//! 100,000 customers ≤ 2 s.

use std::collections::HashSet;
use std::time::Instant;

use ilgi_core::demo::{DemoGenerator, DemoSpec};
use ilgi_core::identity::duplicates::scan;
use ilgi_core::identity::matching::{Author, Index};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let m: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut generator = DemoGenerator::new(DemoSpec::new(7, n, end));
    let mut customers = Vec::with_capacity(n);
    while let Some(chunk) = generator.next_chunk(5_000) {
        customers.extend(chunk.customers);
    }
    let started = Instant::now();
    let pairs = scan(&customers);
    let scan_ms = started.elapsed().as_secs_f64() * 1e3;
    println!(
        "duplicate scan: {} customers, {} pairs, {scan_ms:.0} ms",
        customers.len(),
        pairs.len()
    );
    describe(&pairs);

    // Authors: every tenth customer's name (typed without Turkish
    // letters), the rest made-up names.
    let authors: Vec<Author> = (0..m)
        .map(|i| {
            let c = &customers[(i * 7) % customers.len()];
            let name = if i % 10 == 0 {
                ilgi_core::text::fold(&c.full_name())
            } else {
                format!("Yazar {i} Soyad{}", i % 97)
            };
            Author {
                handle: None,
                name,
                city: None,
                text: "internet yok".into(),
            }
        })
        .collect();
    let started = Instant::now();
    let index = Index::new(&customers);
    let index_ms = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    let none = HashSet::new();
    let mut linked = 0;
    for a in &authors {
        if index.match_author(a, &none).customer.is_some() {
            linked += 1;
        }
    }
    let match_ms = started.elapsed().as_secs_f64() * 1e3;
    println!(
        "matching: index of {} customers {index_ms:.0} ms, {m} authors {match_ms:.0} ms ({linked} linked)",
        index.len()
    );
}

fn describe(pairs: &[ilgi_core::identity::duplicates::Pair]) {
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for p in pairs {
        let k: Vec<String> = p
            .reasons
            .iter()
            .map(|r| {
                r.describe()
                    .split(' ')
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        *kinds
            .entry(format!("{:?} {}", p.level, k.join(", ")))
            .or_default() += 1;
    }
    for (k, n) in kinds.iter().rev().take(12) {
        println!("  {n:>6} {k}");
    }
}
