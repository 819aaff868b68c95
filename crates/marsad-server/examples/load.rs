//! A bounded HTTP load driver for `GET /api/events`: a fixed number of requests over a fixed
//! number of keep-alive connections, with latency percentiles and throughput at the end.
//!
//! ```text
//! cargo run --release -p marsad-server --example load -- 127.0.0.1:8080 10000 16
//! ```
//!
//! The requests cycle through a mix of the event list's filters (see [`PATHS`]): the first page,
//! a dyad, an actor with types, a date window, deeper offsets and big pages. Each connection
//! sends one request at a time and waits for the whole response (Content-Length framed), so the
//! latency is the server's plus loopback. Any status other than 200 is counted and makes the run
//! exit 1.

use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The request mix, taken in turn.
const PATHS: &[&str] = &[
    "/api/events",
    "/api/events?dyad=IRN-USA",
    "/api/events?dyad=IRN-USA&from=2025-06-01&to=2025-08-31",
    "/api/events?actor=IRN&event=ASSAULT,COERCE",
    "/api/events?event=CONSULT&from=2026-01-01&to=2026-01-31",
    "/api/events?dyad=IRN-USA&limit=200&offset=400",
    "/api/events?actor=OMN&limit=100",
    "/api/events?from=2025-02-01&to=2025-02-07&limit=500",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".into());
    let total: usize = args.next().map_or(10_000, |s| s.parse().expect("REQUESTS"));
    let concurrency: usize = args.next().map_or(16, |s| s.parse().expect("CONCURRENCY"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (mut latencies, errors, elapsed, bytes) =
        runtime.block_on(drive(&addr, total, concurrency));
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1000.0
    };
    println!(
        "requests {} (concurrency {concurrency}) in {:.2} s: {:.0} req/s, {:.1} MB received",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        bytes as f64 / 1e6
    );
    if !latencies.is_empty() {
        println!(
            "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
            pct(0.50),
            pct(0.90),
            pct(0.99),
            pct(1.0)
        );
    }
    if !errors.is_empty() {
        println!("errors: {}", errors.len());
        for e in errors.iter().take(5) {
            println!("  {e}");
        }
        std::process::exit(1);
    }
}

async fn drive(
    addr: &str,
    total: usize,
    concurrency: usize,
) -> (Vec<Duration>, Vec<String>, Duration, usize) {
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency.max(1) {
        let next = next.clone();
        let addr = addr.to_string();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            let mut bytes = 0;
            let stream = match TcpStream::connect(&addr).await {
                Ok(s) => s,
                Err(e) => return (latencies, vec![format!("connect {addr}: {e}")], bytes),
            };
            let _ = stream.set_nodelay(true);
            let mut conn = BufReader::new(stream);
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let path = PATHS[i % PATHS.len()];
                let t = Instant::now();
                match request(&mut conn, &addr, path).await {
                    Ok((200, n)) => {
                        latencies.push(t.elapsed());
                        bytes += n;
                    }
                    Ok((status, _)) => errors.push(format!("{path}: status {status}")),
                    Err(e) => {
                        errors.push(format!("{path}: {e}"));
                        break;
                    }
                }
            }
            (latencies, errors, bytes)
        }));
    }
    let (mut latencies, mut errors, mut bytes) = (Vec::new(), Vec::new(), 0);
    for t in tasks {
        let (l, e, b) = t.await.unwrap();
        latencies.extend(l);
        errors.extend(e);
        bytes += b;
    }
    (latencies, errors, start.elapsed(), bytes)
}

/// One keep-alive request; returns the status and the body length.
async fn request(
    conn: &mut BufReader<TcpStream>,
    addr: &str,
    path: &str,
) -> std::io::Result<(u16, usize)> {
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n");
    conn.get_mut().write_all(head.as_bytes()).await?;
    let mut line = String::new();
    conn.read_line(&mut line).await?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = None;
    loop {
        line.clear();
        if conn.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.ok_or_else(|| std::io::Error::other("no content-length"))?;
    let mut body = vec![0; length];
    conn.read_exact(&mut body).await?;
    Ok((status, length))
}
