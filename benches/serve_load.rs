//! A bounded HTTP load client for `benches/serve_load.sh`: N clients, each on one keep-alive
//! loopback connection, send GET requests round-robin over a list of paths for a fixed number
//! of seconds, and the latencies are summarised.
//!
//! ```text
//! cargo bench --bench serve_load -- --base http://127.0.0.1:7700 --paths PATHS_FILE \
//!     --clients 8 --seconds 20 [--label NAME]
//! ```
//!
//! Prints one JSON line: label, clients, seconds, requests, errors (non-200 answers or broken
//! connections), p50_ms, p90_ms, p99_ms, max_ms, rps. Only loopback addresses are accepted.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Args {
    base: String,
    paths: Vec<String>,
    clients: usize,
    seconds: f64,
    label: String,
}

fn args() -> Args {
    let mut a = Args {
        base: String::new(),
        paths: Vec::new(),
        clients: 1,
        seconds: 10.0,
        label: String::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--base" => a.base = v(),
            "--paths" => {
                let text = std::fs::read_to_string(v()).expect("the paths file");
                a.paths = text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect();
            }
            "--clients" => a.clients = v().parse().expect("--clients N"),
            "--seconds" => a.seconds = v().parse().expect("--seconds S"),
            "--label" => a.label = v(),
            // `cargo bench` passes --bench to every bench target.
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(
        !a.paths.is_empty(),
        "--paths FILE with one request path per line"
    );
    a
}

/// The host:port of a loopback base URL.
fn loopback(base: &str) -> String {
    let host = base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(
        host.starts_with("127.0.0.1:") || host.starts_with("localhost:"),
        "loopback only: {base}"
    );
    host
}

/// One keep-alive connection.
struct Conn {
    host: String,
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(host: &str) -> std::io::Result<Conn> {
        let s = TcpStream::connect(host)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn {
            host: host.to_string(),
            reader: BufReader::new(s),
        })
    }

    /// GET `path`; the status, with the body read whole (Content-Length or chunked).
    fn get(&mut self, path: &str) -> std::io::Result<u16> {
        write!(
            self.reader.get_mut(),
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\r\n",
            self.host
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end().to_ascii_lowercase();
            if l.is_empty() {
                break;
            }
            if let Some(v) = l.strip_prefix("content-length:") {
                length = v.trim().parse::<usize>().ok();
            } else if l.starts_with("transfer-encoding:") && l.contains("chunked") {
                chunked = true;
            } else if l.starts_with("connection:") && l.contains("close") {
                close = true;
            }
        }
        let mut sink = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim(), 16).map_err(std::io::Error::other)?;
                sink.resize(n + 2, 0);
                self.reader.read_exact(&mut sink)?;
                if n == 0 {
                    break;
                }
            }
        } else if let Some(n) = length {
            sink.resize(n, 0);
            self.reader.read_exact(&mut sink)?;
        } else {
            self.reader.read_to_end(&mut sink)?;
            close = true;
        }
        if close {
            *self = Conn::open(&self.host)?;
        }
        Ok(status)
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let a = args();
    let host = loopback(&a.base);
    let until = Instant::now() + Duration::from_secs_f64(a.seconds);
    let started = Instant::now();
    let results: Vec<(Vec<f64>, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..a.clients)
            .map(|c| {
                let (host, paths) = (&host, &a.paths);
                scope.spawn(move || {
                    let mut lat = Vec::new();
                    let mut errors = 0u64;
                    let mut conn = Conn::open(host).expect("connect");
                    let mut i = c * paths.len() / a.clients.max(1);
                    while Instant::now() < until {
                        let path = &paths[i % paths.len()];
                        i += 1;
                        let t = Instant::now();
                        match conn.get(path) {
                            Ok(200) => lat.push(t.elapsed().as_secs_f64() * 1e3),
                            Ok(_) => errors += 1,
                            Err(_) => {
                                errors += 1;
                                conn = Conn::open(host).expect("reconnect");
                            }
                        }
                    }
                    (lat, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all: Vec<f64> = results.iter().flat_map(|r| r.0.iter().copied()).collect();
    let errors: u64 = results.iter().map(|r| r.1).sum();
    all.sort_by(|x, y| x.total_cmp(y));
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    println!(
        "{{\"label\":{:?},\"clients\":{},\"seconds\":{:.1},\"requests\":{},\"errors\":{},\"p50_ms\":{},\"p90_ms\":{},\"p99_ms\":{},\"max_ms\":{},\"rps\":{:.1}}}",
        a.label,
        a.clients,
        elapsed,
        all.len(),
        errors,
        round(percentile(&all, 0.5)),
        round(percentile(&all, 0.9)),
        round(percentile(&all, 0.99)),
        round(all.last().copied().unwrap_or(f64::NAN)),
        all.len() as f64 / elapsed
    );
}
