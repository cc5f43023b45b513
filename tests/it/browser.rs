//! The web page of `byline serve`, driven in headless Chromium over WebDriver (Debian's
//! `chromium` and `chromium-driver`): searching, facets, the timeline, an article, the back
//! button, and hostile article text that must stay text.
//!
//! Without `chromedriver` on the PATH the test says so and passes, unless
//! `BYLINE_BROWSER_TESTS=require` (CI installs Chromium and sets it). With
//! `BYLINE_SCREENSHOT=PATH` it also saves its screenshot there (the README's is
//! `docs/serve.png`); it always saves one under the target directory.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::serve::{query, Server};
use crate::util::Fixture;

/// A minimal W3C WebDriver client over HTTP/1.1 (loopback only).
struct Driver {
    child: std::process::Child,
    port: u16,
    session: String,
}

impl Driver {
    /// Start chromedriver on a free loopback port and open a headless Chromium session.
    fn start() -> Option<Driver> {
        let exe = ["chromedriver", "/usr/bin/chromedriver"]
            .into_iter()
            .find(|e| {
                std::process::Command::new(e)
                    .arg("--version")
                    .output()
                    .is_ok()
            })?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(exe)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let mut d = Driver {
            child,
            port,
            session: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1000"]
            }
        }}});
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().expect("a session id").to_string();
        Some(d)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .unwrap();
        // chromedriver keeps the connection open: read the head, then Content-Length bytes.
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        let (head_end, length) = loop {
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0, "{method} {path}: connection closed early");
            raw.extend_from_slice(&buf[..n]);
            if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .expect("a Content-Length");
                break (at + 4, length);
            }
        };
        while raw.len() < head_end + length {
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0, "{method} {path}: connection closed early");
            raw.extend_from_slice(&buf[..n]);
        }
        let payload = String::from_utf8_lossy(&raw[head_end..head_end + length]);
        let v: Value = serde_json::from_str(&payload)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}: {payload}"));
        if v["value"]["error"].is_string() {
            panic!("{method} {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn goto(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({"url": url})));
    }

    /// Run a script in the page (its `return` value).
    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Wait until `script` returns something truthy; return it.
    fn wait(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.js(script);
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            assert!(Instant::now() < deadline, "waited in vain for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn element(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.s("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    /// Click the element `css` finds, as a user would (WebDriver's click).
    fn click(&self, css: &str) {
        let e = self.element(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/click")),
            Some(json!({})),
        );
    }

    /// Click the `include` or `exclude` button of facet value `name` of dimension `dim`.
    fn click_facet(&self, dim: &str, name: &str, which: &str) {
        self.wait(
            "the facet",
            &format!("return document.querySelector('#sidebar [data-dim={dim}]') !== null;"),
        );
        let found = self.js(&format!(
            "const li = [...document.querySelectorAll('#sidebar [data-dim={dim}] li')]\
             .find(l => l.querySelector('.name').textContent === {name:?}); \
             if (!li) return false; \
             li.querySelector('button.{which}').setAttribute('id', 'facet-target'); return true;"
        ));
        assert_eq!(found, true, "no {dim} facet value {name}");
        self.click("#facet-target");
        self.js("document.querySelector('#facet-target')?.removeAttribute('id'); return 1;");
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.element(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/clear")),
            Some(json!({})),
        );
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            Some(json!({"text": text})),
        );
    }

    fn back(&self) {
        self.call("POST", &self.s("/back"), Some(json!({})));
    }

    fn screenshot(&self) -> Vec<u8> {
        use base64::Engine as _;
        let v = self.call("GET", &self.s("/screenshot"), None);
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap())
            .unwrap()
    }

    /// Wait until the status line reports `n` matching articles (after a navigation the old
    /// count shows until the new answer arrives).
    fn wait_count(&self, n: u64) {
        self.wait(
            &format!("a result count of {n}"),
            &format!("const p = document.querySelector('#status p'); return !!(p && /matching/.test(p.textContent) && p.textContent.trim().split(/\\s+/)[0] === '{n}');"),
        );
    }

    fn status_count(&self) -> u64 {
        let text = self.wait(
            "a result count",
            "const p = document.querySelector('#status p'); return p && /matching/.test(p.textContent) ? p.textContent : '';",
        );
        text.as_str()
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.call("DELETE", &path, None)
            }));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn corpus() -> Fixture {
    let fx = Fixture::new();
    let texts = [
        ("Intel", 2023, 1, "Intel said on Tuesday that chip sales rose in the quarter, helped by demand for data centre processors."),
        ("Intel", 2023, 4, "Chip sales at Intel fell short of forecasts, the company's chief executive Maria Lopez told analysts."),
        ("Intel", 2024, 2, "A new factory in Dresden will make Intel's next chip, officials in Saxony said after months of talks."),
        ("Intel", 2024, 6, "Intel and its rivals are racing to build chip plants in Europe, where subsidies have grown."),
        ("Samsung", 2024, 3, "Samsung Electronics reported record memory chip sales as prices recovered in Seoul."),
        ("Samsung", 2024, 9, "Maria Lopez said Samsung Electronics would open a chip plant in Texas next year."),
    ];
    for (i, (company, year, month, text)) in texts.iter().enumerate() {
        fx.write(
            format!("a{i}.txt"),
            format!("Title: {company} chip news {i}\nDate: {year}-{month:02}-10\nSource: Bytewire\n\n{text}\n"),
        );
    }
    // Hostile text: markup in the title and body, a javascript: URL. All of it must show as
    // text and run nothing.
    fx.write(
        "evil.txt",
        "Title: <script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> Evil chip\n\
         Date: 2024-05-05\nURL: javascript:window.__pwned=3\n\n\
         The evil chip story <script>window.__pwned=4</script> has <img src=x onerror=\"window.__pwned=5\"> \
         markup and <a href=\"javascript:window.__pwned=6\">a link</a> in its text.\n",
    );
    fx.index_ok(&[]);
    fx
}

#[test]
fn the_page_searches_filters_narrows_opens_and_goes_back() {
    let Some(driver) = Driver::start() else {
        if std::env::var("BYLINE_BROWSER_TESTS").as_deref() == Ok("require") {
            panic!("chromedriver not found (apt-get install chromium chromium-driver)");
        }
        eprintln!(
            "SKIPPED: browser test (no chromedriver; apt-get install chromium chromium-driver)"
        );
        return;
    };
    let fx = corpus();
    let server = Server::start(&fx.index_dir(), &[]);
    let d = &driver;
    d.goto(&format!("{}/", server.base));
    d.wait("the page", "return document.querySelector('#q') !== null;");
    // `/` focuses the search box.
    d.js("document.activeElement.blur(); document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '/', bubbles: true})); return 1;");
    assert_eq!(d.js("return document.activeElement.id;"), "q");
    // Type a query and see hits.
    d.type_into("#q", "chip\u{E007}");
    let all = d.status_count();
    assert_eq!(all, 7, "every article mentions a chip");
    let hits = d.wait(
        "hits",
        "return document.querySelectorAll('#hits li').length;",
    );
    assert_eq!(hits, 7);
    assert!(d
        .js("return location.search;")
        .as_str()
        .unwrap()
        .contains("q=chip"));
    // Highlights are marked.
    assert!(
        d.wait(
            "a highlight",
            "return document.querySelectorAll('#hits mark').length;"
        )
        .as_u64()
        .unwrap()
            >= 7
    );
    // Click a facet: the hits and the counts change.
    d.wait(
        "the org facet",
        "return document.querySelector('#sidebar [data-dim=org]') !== null;",
    );
    let samsung = d.js(
        "const li = [...document.querySelectorAll('#sidebar [data-dim=org] li')].find(l => l.querySelector('.name').textContent === 'Samsung Electronics'); \
         return li ? li.querySelector('.count').textContent : null;",
    );
    assert_eq!(samsung, "2");
    d.click_facet("org", "Samsung Electronics", "include");
    d.wait(
        "the filter in the URL",
        "return location.search.includes('f=org%3ASamsung');",
    );
    d.wait(
        "two hits",
        "return document.querySelectorAll('#hits li').length === 2;",
    );
    d.wait_count(2);
    assert!(d
        .js("return document.querySelector('#filters').textContent;")
        .as_str()
        .unwrap()
        .contains("org:Samsung Electronics"));
    // Exclude instead: remove the filter chip, then the other button.
    d.click("#filters .chip button");
    d.wait("all hits again", "return !location.search.includes('f=') && document.querySelectorAll('#hits li').length === 7;");
    d.wait(
        "the org facet",
        "return document.querySelector('#sidebar [data-dim=org]') !== null;",
    );
    d.click_facet("org", "Samsung Electronics", "exclude");
    d.wait(
        "the exclusion in the URL",
        "return location.search.includes('f=%21org%3ASamsung');",
    );
    d.wait_count(5);
    assert!(d
        .js("return document.querySelector('#filters').textContent;")
        .as_str()
        .unwrap()
        .contains("not org:Samsung Electronics"));
    // The timeline draws bars (one per month with articles); a click narrows to that month.
    let bars = d.wait(
        "timeline bars",
        "return document.querySelectorAll('#chart rect.bar').length;",
    );
    assert_eq!(bars, 5, "five months hold the five articles left");
    d.click("#chart rect.bar[data-period='2024-02']");
    d.wait("the period in the URL", "return location.search.includes('since=2024-02-01') && location.search.includes('until=2024-02-29');");
    d.wait_count(1);
    // Open the article.
    d.wait(
        "one hit",
        "return document.querySelectorAll('#hits li').length === 1;",
    );
    d.click("#hits li h3 a");
    let title = d.wait("the article", "const a = document.querySelector('#article'); return !a.hidden && document.querySelector('#article-title') ? document.querySelector('#article-title').textContent : '';");
    assert_eq!(title, "Intel chip news 2");
    assert!(d
        .js("return document.querySelector('#article .body').textContent;")
        .as_str()
        .unwrap()
        .contains("Dresden"));
    // Related entities for a chosen entity.
    d.js("const b = [...document.querySelectorAll('#article .entities button')].find(b => b.dataset.entity === 'org:Intel'); b.setAttribute('id', 'ent'); return 1;");
    d.click("#ent");
    d.wait(
        "related entities",
        "return document.querySelectorAll('#article .related li').length;",
    );
    // Back, step by step: each earlier state again.
    d.back();
    d.wait("the related list gone", "return !location.search.includes('related=') && document.querySelectorAll('#article .related').length === 0;");
    assert_eq!(
        d.js("return document.querySelector('#article').hidden;"),
        false
    );
    d.back();
    d.wait("the results again", "return document.querySelector('#article').hidden && document.querySelectorAll('#hits li').length === 1;");
    d.back();
    d.wait(
        "the month filter gone",
        "return !location.search.includes('since=');",
    );
    d.wait_count(5);
    assert_eq!(d.js("return document.querySelector('#q').value;"), "chip");
    d.back();
    d.wait("the unfiltered results", "return !location.search.includes('f=') && document.querySelectorAll('#hits li').length === 7;");
    d.wait(
        "timeline bars",
        "return document.querySelectorAll('#chart rect.bar').length === 7;",
    );
    d.wait(
        "the facets",
        "return document.querySelector('#sidebar [data-dim=org]') !== null;",
    );
    let png = d.screenshot();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(dir.join("serve.png"), &png).unwrap();
    if let Some(path) = std::env::var_os("BYLINE_SCREENSHOT") {
        std::fs::write(path, &png).unwrap();
    }
    // Hostile text shows as text and runs nothing.
    d.goto(&format!("{}/{}", server.base, query(&[("q", "evil")])));
    d.wait(
        "the evil hit",
        "return document.querySelectorAll('#hits li').length === 1;",
    );
    d.click("#hits li h3 a");
    let title = d.wait(
        "the evil article",
        "const t = document.querySelector('#article-title'); return t ? t.textContent : '';",
    );
    assert!(
        title
            .as_str()
            .unwrap()
            .starts_with("<script>window.__pwned=1</script><img"),
        "{title}"
    );
    let body = d.js("return document.querySelector('#article .body').textContent;");
    assert!(
        body.as_str()
            .unwrap()
            .contains("<a href=\"javascript:window.__pwned=6\">"),
        "{body}"
    );
    assert_eq!(d.js("return typeof window.__pwned;"), "undefined");
    assert_eq!(
        d.js("return document.querySelectorAll('script').length;"),
        1,
        "only app.js"
    );
    assert_eq!(d.js("return document.querySelectorAll('img').length;"), 0);
    assert_eq!(
        d.js("return [...document.querySelectorAll('a')].filter(a => a.href.startsWith('javascript:')).length;"),
        0
    );
    assert!(d
        .js("return document.querySelector('#article .url').textContent;")
        .as_str()
        .unwrap()
        .starts_with("javascript:"));
}
