//! `cargo xtask bench server`: the sync server under load on loopback, on
//! SQLite and on PostgreSQL (issue 11's figures).
//!
//! The release server (`--profile server`) runs as its own process; the
//! load comes from this process over plain HTTP/1.1 keep-alive connections
//! (a few lines over tokio's `TcpStream`, so the client adds no crate and
//! no cost of its own worth measuring). Per backend:
//!
//! - baseline: 200 `GET /api/v1/health` (the same connection, same run);
//! - push: 200 pushes of 500 new customers each (100,000 records), p50/p95;
//! - pull: 200 pulls of 1,000 changes (the whole workspace walked twice);
//! - mixed: 16 connections for 10 s, 80 % pulls of 100 changes and 20 %
//!   pushes of 5 edits, each connection its own device → requests/s.
//!
//! Figures are printed as `BENCH name value`; BENCHMARKS.md records a run.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::env;

/// Runs the benchmark on both backends; returns the figures.
pub fn run() -> Result<Vec<(String, String)>> {
    let binary = crate::server::build()?;
    let mut figures = Vec::new();
    let dir = env::root().join("target").join("bench-server");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let sqlite = format!("sqlite://{}", dir.join("ilgi.db").display());
    figures.extend(backend("sqlite", &binary, &sqlite)?);
    let cluster = crate::pg::Cluster::start()?;
    figures.extend(backend("postgres", &binary, &cluster.url())?);
    drop(cluster);
    Ok(figures)
}

/// The server process; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(binary: &std::path::Path, database: &str) -> Result<Server> {
    let mut child = env::command(binary)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--database",
            database,
            "--pool",
            "8",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("starting ilgi-server")?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .with_context(|| format!("ilgi-server did not print its address: {line:?}"))?
        .to_string();
    Ok(Server { child, addr })
}

fn backend(name: &str, binary: &std::path::Path, database: &str) -> Result<Vec<(String, String)>> {
    println!("bench server: {name}");
    let server = start(binary, database)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let figures = runtime.block_on(load(name, &server.addr))?;
    drop(server);
    Ok(figures)
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    async fn open(addr: &str) -> Result<Connection> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            buffer: Vec::with_capacity(1 << 20),
        })
    }

    /// Sends a request; returns the status and the body.
    async fn send(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Result<(u16, String)> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: bench\r\n");
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        let body = body.unwrap_or("");
        if !body.is_empty() {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes()).await?;
        self.stream.write_all(body.as_bytes()).await?;
        self.read_response().await
    }

    async fn read_response(&mut self) -> Result<(u16, String)> {
        self.buffer.clear();
        let mut chunk = [0u8; 64 * 1024];
        loop {
            if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buffer[..end]).to_string();
                let status: u16 = head
                    .split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .context("no status")?;
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                let start = end + 4;
                while self.buffer.len() < start + length {
                    let n = self.stream.read(&mut chunk).await?;
                    if n == 0 {
                        bail!("connection closed mid-body");
                    }
                    self.buffer.extend_from_slice(&chunk[..n]);
                }
                let body = String::from_utf8_lossy(&self.buffer[start..start + length]).to_string();
                return Ok((status, body));
            }
            let n = self.stream.read(&mut chunk).await?;
            if n == 0 {
                bail!("connection closed");
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The HLC text form of a stamp made now by `node`.
fn stamp(counter: u64, node: u64) -> String {
    format!("{:015}-{:010}-{:016x}", now_millis(), counter, node)
}

fn client_id(n: u32) -> String {
    // Bytes 10..14 (the case prefix) differ per device.
    format!("0193a5c4-1f2e-7a3b-8c4d-{n:08x}0000")
}

fn record_id(n: u64) -> String {
    format!("0193a5c4-1f2e-7a3b-9c4d-{n:012x}")
}

fn cursor_after(n: u64) -> String {
    // The server's cursor form (opaque to clients; the benchmark knows it
    // to start the mixed pulls near the end).
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let text = format!("c1.{n}");
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((v >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i].as_secs_f64() * 1000.0
}

async fn load(name: &str, addr: &str) -> Result<Vec<(String, String)>> {
    let mut conn = Connection::open(addr).await?;
    let (status, body) = conn
        .send(
            "POST",
            "/api/v1/auth/signup",
            None,
            Some(
                r#"{"workspace":"Bench","email":"bench@ornek.com.tr","password":"bench password"}"#,
            ),
        )
        .await?;
    if status != 201 {
        bail!("signup answered {status}: {body}");
    }
    let token = body
        .split("\"token\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("no token")?
        .to_string();

    let mut health = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let (status, _) = conn.send("GET", "/api/v1/health", None, None).await?;
        health.push(t.elapsed());
        if status != 200 {
            bail!("health answered {status}");
        }
    }

    // 200 pushes of 500 new customers.
    let device = client_id(1);
    let mut pushes = Vec::new();
    let mut seq = 0u64;
    for _ in 0..200 {
        let mut body = format!(r#"{{"protocol":1,"client_id":"{device}","mutations":["#);
        for i in 0..500 {
            seq += 1;
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!(
                r#"{{"seq":{seq},"entity":"customer","id":"{}","stamp":"{}","fields":{{"first_name":"Ayşe","last_name":"Kaya {seq}","city":"İzmir","tags":["vip"],"emails":["kisi{seq}@ornek.com.tr"]}}}}"#,
                record_id(seq),
                stamp(seq, 1)
            ));
        }
        body.push_str("]}");
        let t = Instant::now();
        let (status, answer) = conn
            .send("POST", "/api/v1/sync/push", Some(&token), Some(&body))
            .await?;
        pushes.push(t.elapsed());
        if status != 200 {
            bail!("push answered {status}: {answer}");
        }
    }

    // The workspace walked twice in pages of 1,000.
    let mut pulls = Vec::new();
    let mut pulled = 0usize;
    for _ in 0..2 {
        let mut cursor = String::new();
        loop {
            let t = Instant::now();
            let (status, answer) = conn
                .send(
                    "GET",
                    &format!("/api/v1/sync/pull?cursor={cursor}&limit=1000"),
                    Some(&token),
                    None,
                )
                .await?;
            pulls.push(t.elapsed());
            if status != 200 {
                bail!("pull answered {status}: {answer}");
            }
            pulled += answer.matches("\"entity\":").count();
            cursor = answer
                .split("\"cursor\":\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .context("no cursor")?
                .to_string();
            if answer.contains("\"more\":false") {
                break;
            }
        }
    }
    if pulled != 200_000 {
        bail!("the pulls handed out {pulled} changes, not 200,000");
    }

    // Mixed load: 16 connections, 10 s.
    let total = seq;
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut tasks = Vec::new();
    for c in 0..16u32 {
        let (addr, token) = (addr.to_string(), token.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Connection::open(&addr).await?;
            let device = client_id(100 + c);
            let near_end = cursor_after(total - 100);
            let (mut done, mut seq, mut n) = (0u64, 0u64, 0u64);
            while Instant::now() < deadline {
                n += 1;
                let (status, answer) = if n % 5 == 0 {
                    let mut body =
                        format!(r#"{{"protocol":1,"client_id":"{device}","mutations":["#);
                    for i in 0..5 {
                        seq += 1;
                        if i > 0 {
                            body.push(',');
                        }
                        body.push_str(&format!(
                            r#"{{"seq":{seq},"entity":"customer","id":"{}","stamp":"{}","fields":{{"city":"Van"}}}}"#,
                            record_id(1 + (u64::from(c) * 997 + seq * 31) % total),
                            stamp(seq, 100 + u64::from(c))
                        ));
                    }
                    body.push_str("]}");
                    conn.send("POST", "/api/v1/sync/push", Some(&token), Some(&body))
                        .await?
                } else {
                    conn.send(
                        "GET",
                        &format!("/api/v1/sync/pull?cursor={near_end}&limit=100"),
                        Some(&token),
                        None,
                    )
                    .await?
                };
                if status != 200 {
                    bail!("mixed request answered {status}: {answer}");
                }
                done += 1;
            }
            anyhow::Ok(done)
        }));
    }
    let started = Instant::now();
    let mut requests = 0;
    for task in tasks {
        requests += task.await??;
    }
    let per_second = requests as f64 / started.elapsed().as_secs_f64().max(10.0);

    let baseline = percentile(&mut health, 0.5);
    let push_p50 = percentile(&mut pushes, 0.5);
    let push_p95 = percentile(&mut pushes, 0.95);
    let pull_p50 = percentile(&mut pulls, 0.5);
    let pull_p95 = percentile(&mut pulls, 0.95);
    let f = |v: f64| format!("{v:.2}");
    Ok(vec![
        (format!("server_{name}_health_p50_ms"), f(baseline)),
        (format!("server_{name}_push500_p50_ms"), f(push_p50)),
        (format!("server_{name}_push500_p95_ms"), f(push_p95)),
        (format!("server_{name}_pull1000_p50_ms"), f(pull_p50)),
        (format!("server_{name}_pull1000_p95_ms"), f(pull_p95)),
        (
            format!("server_{name}_pull1000_p50_over_health"),
            format!("{:.0}", pull_p50 / baseline),
        ),
        (
            format!("server_{name}_mixed_requests_per_s"),
            format!("{per_second:.0}"),
        ),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cursor_is_base64url_of_the_change_number() {
        assert_eq!(super::cursor_after(5), "YzEuNQ");
        assert_eq!(super::cursor_after(100), "YzEuMTAw");
    }
}
