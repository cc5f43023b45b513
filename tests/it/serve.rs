//! `byline serve` against a real server on a free loopback port: every endpoint answers what
//! the CLI prints for the same options, errors have their status and JSON shape, new commits
//! are seen by the next requests, and the server stops on SIGTERM.

use std::io::{BufRead, Read, Write};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{byline_std, Fixture};

/// A running `byline serve`: stopped (SIGTERM, then killed) when dropped.
pub struct Server {
    child: std::process::Child,
    pub base: String,
}

impl Server {
    /// `byline serve --index IDX --addr 127.0.0.1:0 -q EXTRA...`; waits for its address.
    pub fn start(index: &std::path::Path, extra: &[&std::ffi::OsStr]) -> Server {
        let mut child = byline_std()
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", "127.0.0.1:0", "-q"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line.trim().trim_end_matches('/').to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "{line:?}");
        Server { child, base }
    }

    /// GET `path_and_query`: (status, headers lower-cased, body).
    pub fn get(&self, path_and_query: &str) -> (u16, Vec<(String, String)>, String) {
        let host = self.base.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(host).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET {path_and_query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8(raw).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        let body = if chunked {
            unchunk(body)
        } else {
            body.to_string()
        };
        (status, headers, body)
    }

    /// GET, expecting `status` and a JSON body.
    pub fn json(&self, path_and_query: &str, status: u16) -> Value {
        let (got, _, body) = self.get(path_and_query);
        assert_eq!(got, status, "{path_and_query}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path_and_query}: {e}: {body}"))
    }

    /// `total_articles` for the query `word`; `None` while the server answers otherwise.
    pub fn count(&self, word: &str) -> Option<u64> {
        let (status, _, body) = self.get(&format!("/api/search{}", query(&[("q", word)])));
        (status == 200).then(|| {
            serde_json::from_str::<Value>(&body).unwrap()["total_articles"]
                .as_u64()
                .unwrap()
        })
    }

    /// Poll until the query `word` matches `n` articles (at most 30 s; `what` names it).
    pub fn wait_for_count(&self, word: &str, n: u64, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.count(word) != Some(n) {
            assert!(Instant::now() < deadline, "waited in vain for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.pid(), libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unchunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}

/// `?k=v&...`, encoded.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    format!("?{}", s.finish())
}

/// A small corpus about two companies over two years, indexed.
fn fixture() -> Fixture {
    let fx = Fixture::new();
    let texts = [
        ("Intel", "Intel said on Tuesday that chip sales rose in the quarter, helped by demand for data centre processors."),
        ("Intel", "Chip sales at Intel fell short of forecasts, the company's chief executive Maria Lopez told analysts in Santa Clara."),
        ("Intel", "A new factory in Dresden will make Intel's next chip, officials in Saxony said after months of talks."),
        ("Intel", "Intel and its rivals are racing to build chip plants in Europe, where subsidies have grown."),
        ("Samsung", "Samsung Electronics reported record memory chip sales as prices recovered in Seoul."),
        ("Samsung", "Maria Lopez, who leads chip sales, said Samsung would open a plant in Texas next year."),
    ];
    for (i, (company, text)) in texts.iter().enumerate() {
        let (year, source) = if i % 2 == 0 {
            (2023, "Bytewire")
        } else {
            (2024, "Kilobyte Daily")
        };
        fx.write(
            format!("a{i}.txt"),
            format!(
                "Title: {company} report {i}\nDate: {year}-0{}-12\nSource: {source}\n\n{text}\n",
                i + 1
            ),
        );
    }
    let (s, _) = fx.index_ok(&[]);
    assert_eq!(s["added"], 6);
    fx
}

fn without_took(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("took_ms");
    }
    v
}

fn cli_json(fx: &Fixture, args: &[&str]) -> Value {
    let out = fx.cmd().args(args).output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn every_endpoint_answers_what_the_cli_prints() {
    let fx = fixture();
    let server = Server::start(&fx.index_dir(), &[]);
    // Search, with several option sets: the same JSON as `byline search --json`.
    for (params, args) in [
        (vec![("q", "chip sales")], vec!["chip sales"]),
        (
            vec![
                ("q", "chip"),
                ("limit", "2"),
                ("offset", "1"),
                ("sort", "newest"),
            ],
            vec!["chip", "-n", "2", "--offset", "1", "--sort", "newest"],
        ),
        (
            vec![
                ("q", "chip"),
                ("f", "org:Intel"),
                ("facets", "org,year,source"),
            ],
            vec!["chip", "-f", "org:Intel", "--facets", "org,year,source"],
        ),
        (
            vec![("q", "chip"), ("f", "!org:Intel"), ("since", "2024-01-01")],
            vec!["chip", "-f", "!org:Intel", "--since", "2024-01-01"],
        ),
        (
            vec![
                ("q", "dresden"),
                ("duplicates", "true"),
                ("explain", "1"),
                ("per_article", "2"),
            ],
            vec!["dresden", "--duplicates", "--explain", "--per-article", "2"],
        ),
        (
            vec![
                ("q", "chip"),
                ("source", "bytewire"),
                ("same_passage", "1"),
                ("f", "person:Maria Lopez"),
            ],
            vec![
                "chip",
                "--source",
                "bytewire",
                "--same-passage",
                "-f",
                "person:Maria Lopez",
            ],
        ),
    ] {
        let api = server.json(&format!("/api/search{}", query(&params)), 200);
        let mut cli_args = vec!["search", "--json"];
        cli_args.extend(args);
        let cli = cli_json(&fx, &cli_args);
        assert_eq!(without_took(api), without_took(cli), "{params:?}");
    }
    // Facets, timeline, related, show, stats.
    let same = |path: &str, args: &[&str]| {
        let api = server.json(path, 200);
        assert_eq!(api, cli_json(&fx, args), "{path}");
        api
    };
    let f = same(
        &format!(
            "/api/facets{}",
            query(&[("q", "chip"), ("type", "org,person"), ("n", "3")])
        ),
        &[
            "facets",
            "chip",
            "--type",
            "org,person",
            "-n",
            "3",
            "--json",
        ],
    );
    assert!(
        f["org"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["name"] == "Intel"),
        "{f}"
    );
    same("/api/facets", &["facets", "--json"]);
    let t = same(
        &format!(
            "/api/timeline{}",
            query(&[("q", "chip"), ("by", "year"), ("f", "org:Intel")])
        ),
        &[
            "timeline",
            "chip",
            "--by",
            "year",
            "-f",
            "org:Intel",
            "--json",
        ],
    );
    assert_eq!(t.as_array().unwrap().len(), 2, "{t}");
    same("/api/timeline", &["timeline", "--json"]);
    same(
        &format!(
            "/api/related{}",
            query(&[("name", "org:Intel"), ("n", "5")])
        ),
        &["related", "org:Intel", "-n", "5", "--json"],
    );
    let hits = server.json(&format!("/api/search{}", query(&[("q", "samsung")])), 200);
    let id = hits["hits"][0]["article"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = same(&format!("/api/articles/{id}"), &["show", &id, "--json"]);
    assert!(shown["passages"][0].as_str().unwrap().contains("Samsung"));
    let stats = same("/api/stats", &["stats", "--json"]);
    assert_eq!(stats["articles"], 6);
    let health = server.json("/healthz", 200);
    assert_eq!(health["status"], "ok");
    // The page and its files, with the security headers on every answer.
    for (path, kind) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
        ("/api/stats", "application/json"),
    ] {
        let (status, headers, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        let h = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert!(h("content-type").starts_with(kind), "{path}: {headers:?}");
        assert!(
            h("content-security-policy").contains("default-src 'none'"),
            "{path}"
        );
        assert!(
            h("content-security-policy").contains("script-src 'self'"),
            "{path}"
        );
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
    }
}

#[test]
fn errors_have_their_status_and_shape() {
    let fx = fixture();
    let server = Server::start(&fx.index_dir(), &[]);
    let error = |path: &str, status: u16, kind: &str| -> Value {
        let v = server.json(path, status);
        assert_eq!(v["error"]["kind"], kind, "{path}: {v}");
        assert!(v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
        v
    };
    let v = error(
        &format!("/api/search{}", query(&[("q", "chip (sales")])),
        400,
        "query",
    );
    assert_eq!(v["error"]["column"], 12, "{v}");
    error("/api/search", 400, "parameter");
    error(
        &format!("/api/search{}", query(&[("q", "a"), ("limit", "1000")])),
        400,
        "parameter",
    );
    error(
        &format!("/api/search{}", query(&[("q", "a"), ("limit", "ten")])),
        400,
        "parameter",
    );
    error(
        &format!(
            "/api/search{}",
            query(&[("q", "a"), ("path", "/etc/passwd")])
        ),
        400,
        "parameter",
    );
    error(
        &format!("/api/search{}", query(&[("q", "a"), ("f", "planet:Mars")])),
        400,
        "parameter",
    );
    error(
        &format!("/api/search{}", query(&[("q", "a"), ("since", "someday")])),
        400,
        "parameter",
    );
    error("/api/articles/ffffffffffffffff", 404, "not_found");
    // A path is never accepted where an id is.
    error("/api/articles/%2Fetc%2Fpasswd", 400, "parameter");
    error(
        &format!("/api/related{}", query(&[("name", "Intl")])),
        404,
        "not_found",
    );
    error("/api/related", 400, "parameter");
    error("/nothing/here", 404, "not_found");
    // Read-only: other methods are refused, as JSON.
    let host = server.base.trim_start_matches("http://").to_string();
    let mut s = std::net::TcpStream::connect(&host).unwrap();
    write!(
        s,
        "POST /api/search?q=a HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    assert!(
        answer.contains("\"kind\":\"parameter\"") && answer.contains("read-only"),
        "{answer}"
    );
    let long = "a ".repeat(5000);
    let (status, _, _) = server.get(&format!("/api/search{}", query(&[("q", &long)])));
    assert!(status == 400 || status == 414, "{status}");
}

#[test]
fn no_index_is_503_until_one_appears_and_new_commits_are_seen() {
    let fx = Fixture::new();
    fx.write("a.txt", "Alpha\n\nThe first note about ocelots.\n");
    let server = Server::start(&fx.index_dir(), &[]);
    let v = server.json("/healthz", 503);
    assert_eq!(v["error"]["kind"], "unavailable");
    server.json(&format!("/api/search{}", query(&[("q", "ocelots")])), 503);
    // Another process builds the index; the server opens it by itself.
    fx.index_ok(&[]);
    server.wait_for_count("ocelots", 1, "the server to open the new index");
    // A later commit from a separate `byline index` run is seen by the next requests.
    fx.write("b.txt", "Beta\n\nThe second note about ocelots.\n");
    fx.index_ok(&[]);
    server.wait_for_count("ocelots", 2, "the new commit");
}

#[test]
fn serve_with_watch_indexes_and_answers() {
    let fx = Fixture::new();
    fx.write("a.txt", "Alpha\n\nThe first note about margays.\n");
    let corpus = fx.corpus();
    let server = Server::start(
        &fx.index_dir(),
        &[std::ffi::OsStr::new("--watch"), corpus.as_os_str()],
    );
    server.wait_for_count("margays", 1, "the watched corpus");
    fx.write("b.txt", "Beta\n\nThe second note about margays.\n");
    server.wait_for_count("margays", 2, "the new file");
}
