//! A bound on the documents waiting in tantivy's indexing queue.
//!
//! tantivy's `IndexWriter` queues up to 10,000 *batches* (each `run` call is one), whatever
//! their size. byline sends each article as one batch, so on a fast parser and a slow indexer
//! the queue could hold 10,000 articles' documents: hundreds of megabytes beyond `--memory-mb`.
//! Here every document carries a [`Ticket`] for its approximate size; tantivy drops a document
//! right after indexing it, which gives its bytes back, and the indexer waits at [`Gate::admit`]
//! before sending an article while the queue holds more than the gate's limit.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tantivy::schema::document::{Document, Value};
use tantivy::TantivyDocument;

/// The bytes of documents sent to tantivy and not yet indexed.
pub struct Gate {
    limit: usize,
    state: Mutex<State>,
    freed: Condvar,
}

#[derive(Default)]
struct State {
    in_flight: usize,
    /// Callers waiting in [`Gate::admit`], and the fewest bytes any of them asked for since
    /// the last time none waited (never more than what a current waiter needs): a document
    /// leaving the queue wakes them only when that much fits. Waking on every document was
    /// a futex call per passage, 330,000 on lostflux, and as many needless context switches.
    waiters: usize,
    least_wanted: usize,
}

/// If the queue does not move for this long, stop waiting: tantivy's threads may have failed,
/// and sending then reports their error instead of hanging.
const STALL: Duration = Duration::from_secs(30);

impl Gate {
    pub fn new(limit: usize) -> Arc<Gate> {
        Arc::new(Gate {
            limit,
            state: Mutex::new(State::default()),
            freed: Condvar::new(),
        })
    }

    /// Wait until an article's documents fit under the limit (an article larger than the limit
    /// waits for an empty queue), then count them in and give each its ticket.
    pub fn admit(self: &Arc<Gate>, docs: Vec<TantivyDocument>) -> Vec<QueuedDoc> {
        let sizes: Vec<usize> = docs.iter().map(approx_bytes).collect();
        self.wait_for(sizes.iter().sum());
        docs.into_iter()
            .zip(sizes)
            .map(|(doc, bytes)| QueuedDoc {
                doc,
                _ticket: Ticket {
                    gate: Arc::clone(self),
                    bytes,
                },
            })
            .collect()
    }

    fn wait_for(&self, bytes: usize) {
        let mut st = self.lock();
        if st.in_flight > 0 && st.in_flight + bytes > self.limit {
            st.least_wanted = if st.waiters == 0 {
                bytes
            } else {
                st.least_wanted.min(bytes)
            };
            st.waiters += 1;
            while st.in_flight > 0 && st.in_flight + bytes > self.limit {
                let before = st.in_flight;
                let (guard, timeout) = self
                    .freed
                    .wait_timeout(st, STALL)
                    .unwrap_or_else(|e| e.into_inner());
                st = guard;
                if timeout.timed_out() && st.in_flight == before {
                    break;
                }
            }
            st.waiters -= 1;
        }
        st.in_flight += bytes;
    }

    fn release(&self, bytes: usize) {
        let mut st = self.lock();
        st.in_flight = st.in_flight.saturating_sub(bytes);
        let wake =
            st.waiters > 0 && (st.in_flight == 0 || st.in_flight + st.least_wanted <= self.limit);
        drop(st);
        if wake {
            self.freed.notify_all();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Bytes sent and not yet indexed.
    #[cfg(test)]
    pub fn in_flight(&self) -> usize {
        self.lock().in_flight
    }
}

/// A document's share of the gate, given back when the document is dropped.
pub struct Ticket {
    gate: Arc<Gate>,
    bytes: usize,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.gate.release(self.bytes);
    }
}

/// A tantivy document with its ticket: what byline's `IndexWriter` takes.
pub struct QueuedDoc {
    doc: TantivyDocument,
    _ticket: Ticket,
}

impl Document for QueuedDoc {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> TantivyDocument {
        self.doc
    }
}

/// About how much memory a document holds: its text and a little per value.
pub fn approx_bytes(doc: &TantivyDocument) -> usize {
    64 + doc
        .iter_fields_and_values()
        .map(|(_, v)| 16 + v.as_str().map_or(8, str::len))
        .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn doc(text: &str) -> TantivyDocument {
        let mut b = tantivy::schema::Schema::builder();
        let f = b.add_text_field("text", tantivy::schema::TEXT);
        let mut d = TantivyDocument::default();
        d.add_text(f, text);
        d
    }

    #[test]
    fn tickets_give_their_bytes_back_when_dropped() {
        let gate = Gate::new(1000);
        let (a, b) = (doc("a"), doc("bb"));
        let (na, nb) = (approx_bytes(&a), approx_bytes(&b));
        assert_eq!(nb, na + 1);
        let mut queued = gate.admit(vec![a, b]);
        assert_eq!(gate.in_flight(), na + nb);
        let b = queued.pop().unwrap();
        drop(queued);
        assert_eq!(gate.in_flight(), nb);
        assert_eq!(
            b.into_tantivy_document().iter_fields_and_values().count(),
            1
        );
        assert_eq!(gate.in_flight(), 0);
    }

    /// `admit` blocks while the queue is over the limit and goes on once documents are dropped.
    #[test]
    fn admit_waits_for_room() {
        let big = "x".repeat(800);
        let gate = Gate::new(1000);
        let queued = gate.admit(vec![doc(&big)]);
        assert!(gate.in_flight() > 800);
        let admitted = Arc::new(AtomicBool::new(false));
        let t = {
            let (gate, admitted) = (Arc::clone(&gate), Arc::clone(&admitted));
            std::thread::spawn(move || {
                let docs = gate.admit(vec![doc(&"y".repeat(400))]);
                admitted.store(true, Ordering::SeqCst);
                docs
            })
        };
        std::thread::sleep(Duration::from_millis(200));
        assert!(!admitted.load(Ordering::SeqCst), "admitted over the limit");
        drop(queued);
        let docs = t.join().unwrap();
        assert!(admitted.load(Ordering::SeqCst));
        assert_eq!(gate.in_flight(), approx_bytes(&doc(&"y".repeat(400))));
        drop(docs);
        assert_eq!(gate.in_flight(), 0);
    }

    /// Waiters are woken only when what they asked for fits: several waiters of different
    /// sizes, documents leaving one at a time, and every waiter gets in well before the stall
    /// timeout (a lost wake-up would leave one waiting for 30 s).
    #[test]
    fn every_waiter_is_woken_when_room_is_made() {
        let gate = Gate::new(2000);
        let mut queued: Vec<QueuedDoc> = (0..7)
            .map(|_| doc(&"q".repeat(200)))
            .collect::<Vec<_>>()
            .into_iter()
            .flat_map(|d| gate.admit(vec![d]))
            .collect();
        assert!(gate.in_flight() > 1800);
        let waiters: Vec<_> = [1500, 300, 900]
            .into_iter()
            .map(|n| {
                let gate = Arc::clone(&gate);
                // Admitted documents are indexed (dropped) at once, as by tantivy.
                std::thread::spawn(move || {
                    approx_bytes(&gate.admit(vec![doc(&"w".repeat(n))])[0].doc)
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(100));
        let started = std::time::Instant::now();
        while let Some(d) = queued.pop() {
            drop(d);
            std::thread::sleep(Duration::from_millis(5));
        }
        let admitted: Vec<usize> = waiters.into_iter().map(|w| w.join().unwrap()).collect();
        assert!(
            started.elapsed() < STALL / 2,
            "a waiter was only let in by the stall timeout"
        );
        assert_eq!(admitted.len(), 3);
        assert_eq!(gate.in_flight(), 0);
    }

    /// Something larger than the limit still gets in, once the queue is empty.
    #[test]
    fn an_oversized_article_waits_for_an_empty_queue() {
        let gate = Gate::new(100);
        let docs = gate.admit(vec![doc(&"z".repeat(5000))]);
        assert!(gate.in_flight() > 5000);
        drop(docs);
        let approx = approx_bytes(&doc("hello"));
        assert!((64 + 16 + 5..200).contains(&approx), "{approx}");
    }
}
