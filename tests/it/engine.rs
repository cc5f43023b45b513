//! One `Engine` shared by threads while an indexer commits: every search answers from a whole
//! commit, `reload` moves to the latest one, and a snapshot taken before keeps its commit.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use byline::search::{Engine, Request};

fn write_articles(dir: &Path, from: usize, n: usize) {
    for i in from..from + n {
        std::fs::write(
            dir.join(format!("a{i:03}.txt")),
            format!(
                "Orbit report {i}\n\nThe satellite number {i} reached its orbit on schedule, \
                 the operator said, and its ground station in Tromsø confirmed the signal.\n"
            ),
        )
        .unwrap();
    }
}

fn index(corpus: &Path, index_dir: &Path) {
    let opts = byline::index::Options {
        threads: 1,
        memory_mb: 64,
        ..byline::index::Options::new(vec![corpus.to_path_buf()], index_dir.to_path_buf())
    };
    byline::index::run(&opts, &|_| {}).unwrap();
}

fn orbit() -> Request {
    Request {
        query: "orbit satellite".into(),
        ..Request::default()
    }
}

#[test]
fn engine_is_shared_by_threads_and_reloads_while_an_indexer_commits() {
    fn shared<T: Send + Sync>() {}
    shared::<Engine>();

    let tmp = tempfile::tempdir().unwrap();
    let (corpus, ix) = (tmp.path().join("corpus"), tmp.path().join("index"));
    std::fs::create_dir(&corpus).unwrap();
    write_articles(&corpus, 0, 5);
    index(&corpus, &ix);
    let engine = Engine::open(&ix).unwrap();
    assert_eq!(engine.count(&orbit()).unwrap().0.total_articles, 5);
    let before = engine.snapshot();

    let done = AtomicBool::new(false);
    let seen: Vec<Vec<u64>> = std::thread::scope(|s| {
        let readers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    let mut counts = Vec::new();
                    while !done.load(Ordering::Acquire) {
                        engine.reload().unwrap();
                        let (r, _) = engine.search(&orbit()).unwrap();
                        // A whole commit: as many hits as the page holds of the total.
                        assert_eq!(r.hits.len() as u64, r.total_articles.min(10));
                        counts.push(r.total_articles);
                    }
                    counts
                })
            })
            .collect();
        for round in 0..4 {
            write_articles(&corpus, 5 + round * 3, 3);
            index(&corpus, &ix);
        }
        done.store(true, Ordering::Release);
        readers.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for counts in &seen {
        assert!(!counts.is_empty());
        assert!(
            counts.windows(2).all(|w| w[0] <= w[1]),
            "a reader went back to an older commit: {counts:?}"
        );
        assert!(
            counts.iter().all(|c| [5, 8, 11, 14, 17].contains(c)),
            "{counts:?}"
        );
    }
    engine.reload().unwrap();
    assert_eq!(engine.count(&orbit()).unwrap().0.total_articles, 17);
    assert!(!engine.reload().unwrap(), "nothing new: the same commit");
    // The snapshot taken first still answers from its commit.
    assert_eq!(before.count(&orbit()).unwrap().0.total_articles, 5);
}
