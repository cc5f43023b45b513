//! Features of the names byline's rules leave untyped, for training the learned typer
//! (`benches/entities/typer.py`). Reads JSON lines `{"key", "texts", "headlines"}` on stdin;
//! writes one JSON line per untyped mention: `{"key", "name", "features"}`.
use std::io::{BufRead, Write};

fn main() {
    let gz = byline::entities::Gazetteer::builtin();
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.expect("stdin is readable");
        let d: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stdin line {}: not JSON: {e}", n + 1));
        let texts: Vec<&str> = d["texts"]
            .as_array()
            .unwrap_or_else(|| panic!("stdin line {}: no \"texts\" array", n + 1))
            .iter()
            .map(|t| t.as_str().unwrap_or(""))
            .collect();
        let headlines = d["headlines"].as_u64().unwrap_or(0) as usize;
        for (i, m) in byline::entities::untyped_names(&gz, &texts, headlines) {
            let mut features = Vec::new();
            byline::entities::typer::features(&gz, texts[i], m.start, m.end, |parts| {
                features.push(byline::entities::typer::feature_string(parts))
            });
            let row = serde_json::json!({"key": d["key"], "name": m.name, "features": features});
            writeln!(out, "{row}").expect("stdout is writable");
        }
    }
    out.flush().expect("stdout is writable");
}
