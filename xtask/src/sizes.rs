//! Prints the size of the release wasm and JS (raw, gzip, brotli), so growth
//! is visible in every test run.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn measure(bytes: &[u8]) -> Result<Sizes> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    let gzip = gz.finish()?.len();
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(Sizes {
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    })
}

fn kib(n: usize) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

pub fn report(dist: &Path) -> Result<()> {
    let mut rows = Vec::new();
    for entry in fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => "wasm",
            Some("js") if path.file_name().is_some_and(|n| n != "sw.js") => "js",
            _ => continue,
        };
        let bytes = fs::read(&path)?;
        rows.push((kind, path, measure(&bytes)?));
    }
    if rows.is_empty() {
        bail!("no .wasm or .js in {}; build first", dist.display());
    }
    rows.sort_by(|a, b| a.0.cmp(b.0));
    println!("release size (raw / gzip / brotli):");
    for (kind, path, s) in &rows {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        println!(
            "  {kind:<4} {:>11} / {:>11} / {:>11}  {name}",
            kib(s.raw),
            kib(s.gzip),
            kib(s.brotli)
        );
    }
    let total = rows.iter().fold((0, 0, 0), |acc, (_, _, s)| {
        (acc.0 + s.raw, acc.1 + s.gzip, acc.2 + s.brotli)
    });
    println!(
        "  all  {:>11} / {:>11} / {:>11}",
        kib(total.0),
        kib(total.1),
        kib(total.2)
    );
    Ok(())
}
