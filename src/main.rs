//! The `byline` binary: parse arguments, run, map the outcome to an exit code. A closed pipe
//! (`byline ... | head -1`) ends quietly with success.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};

// The command line: argument parsing, the config file, running a command, printing. Not part
// of the library; the library's modules are bound here so that these modules reach them as
// `crate::search`, `crate::index`, ... (the layer order of ARCHITECTURE.md counts them so).
mod app;
mod cli;
mod config;
mod output;
mod serve;

use byline::{article, disk, entities, index, json, keys, search, stats};

/// Helpers shared by the command line's unit tests.
#[cfg(test)]
pub(crate) mod testutil {
    /// A made-up environment: `var(name)` answers from `pairs`.
    pub fn fake_env(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<std::ffi::OsString> {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| std::ffi::OsString::from(v))
        }
    }
}

/// The allocator, chosen per command before the first allocation (`heavy_command`): mimalloc
/// for the commands that allocate much for long (`index`, `serve`, `export`): indexing
/// allocates a great many small strings and documents, and mimalloc is measurably faster there
/// (see BENCHMARKS.md). The C library's for the rest: a one-off search allocates little, and
/// mimalloc's set-up (its arena and bitmaps, ~80 page faults) and its purge at exit cost it
/// more than they save (BENCHMARKS.md, session 21).
#[global_allocator]
static GLOBAL: Alloc = Alloc;

struct Alloc;

/// Which allocator serves the process: undecided (mimalloc, and an allocation before the choice
/// settles it on mimalloc), mimalloc, or the system's. Set once and never changed after, so
/// every block is freed by the allocator that made it.
static ALLOCATOR: AtomicU8 = AtomicU8::new(UNDECIDED);
const UNDECIDED: u8 = 0;
const MIMALLOC: u8 = 1;
const SYSTEM: u8 = 2;

impl Alloc {
    #[inline]
    fn system() -> bool {
        match ALLOCATOR.load(Ordering::Relaxed) {
            SYSTEM => true,
            MIMALLOC => false,
            _ => {
                // The first allocation before a choice: mimalloc, for good.
                let _ = ALLOCATOR.compare_exchange(
                    UNDECIDED,
                    MIMALLOC,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
                ALLOCATOR.load(Ordering::Relaxed) == SYSTEM
            }
        }
    }
}

// SAFETY: every call goes to one of two allocators, always the same one for the whole process
// (`ALLOCATOR` changes at most once, before or at the first allocation), so each block is
// freed and reallocated by the allocator that made it; both uphold `GlobalAlloc`'s contract.
unsafe impl GlobalAlloc for Alloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Alloc::system() {
            System.alloc(layout)
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Alloc::system() {
            System.alloc_zeroed(layout)
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Alloc::system() {
            System.dealloc(ptr, layout)
        } else {
            mimalloc::MiMalloc.dealloc(ptr, layout)
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if Alloc::system() {
            System.realloc(ptr, layout, new_size)
        } else {
            mimalloc::MiMalloc.realloc(ptr, layout, new_size)
        }
    }
}

/// Whether the command line names a command that allocates much for long: the first argument
/// that is not an option (nor `--index`'s value) is `index`, `serve` or `export`. Only the
/// allocator depends on it, so a misreading costs time, never correctness.
fn heavy_command<'a>(args: impl IntoIterator<Item = &'a [u8]>) -> bool {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == b"--index" {
            args.next();
        } else if !a.starts_with(b"-") {
            return matches!(a, b"index" | b"serve" | b"export");
        }
    }
    false
}

fn main() -> ExitCode {
    let config = match config::Config::load() {
        Ok(c) => c,
        Err(err) => {
            eprintln!("byline: {err:#}");
            return ExitCode::from(app::Exit::Error as u8);
        }
    };
    let cli = match cli::parse(config) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if let cli::Command::Index(_) = cli.command {
        tune_mimalloc_for_indexing();
    }
    match app::run_guarded(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("byline: {err:#}");
            ExitCode::from(app::Exit::Error as u8)
        }
    }
}

/// Transparent huge pages are off for the whole process, from before the first allocation:
/// `no_transparent_huge_pages` is in `.init_array`, which the C runtime calls before Rust's own
/// start-up code allocates (a plain static: no constructor crate needed for one call).
///
/// Why: a search is a short process, and with huge pages the allocator's first touch of its
/// arena zeroes 2 MiB at a time, about 1 ms of a query (see BENCHMARKS.md). Turned off in
/// `main` it came too late: std's start-up had already touched the arena, and a no-hit query
/// still spent 18% of its samples zeroing a huge page. Indexing returns freed memory within
/// 10 ms and takes it again: with huge pages each time was a fresh 2 MiB page to zero (6% of
/// its samples in the kernel's `clear_page`) and its peak RSS was ~50 MB higher on lostflux
/// (245 vs 195 MB), for no gain in time. The server, too, would rather hold less memory.
///
/// The allocator is chosen there too (`GLOBAL`): glibc passes `.init_array` functions the
/// program's arguments, as std's own start-up relies on. Elsewhere mimalloc serves every
/// command.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[link_section = ".init_array"]
static BEFORE_MAIN: extern "C" fn(
    libc::c_int,
    *const *const libc::c_char,
    *const *const libc::c_char,
) = {
    extern "C" fn before_main(
        argc: libc::c_int,
        argv: *const *const libc::c_char,
        _env: *const *const libc::c_char,
    ) {
        no_transparent_huge_pages();
        choose_allocator(argc, argv);
    }
    before_main
};

/// Where `.init_array` functions get no arguments (musl): huge pages only.
#[cfg(all(target_os = "linux", not(target_env = "gnu")))]
#[used]
#[link_section = ".init_array"]
static BEFORE_MAIN: extern "C" fn() = {
    extern "C" fn before_main() {
        no_transparent_huge_pages();
    }
    before_main
};

/// Settle the allocator from the arguments (unless an allocation already settled it).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn choose_allocator(argc: libc::c_int, argv: *const *const libc::c_char) {
    if argv.is_null() {
        return;
    }
    // SAFETY: glibc passes the process's argc and argv, argv[0..argc] valid C strings; they
    // are only read, before main, on the only thread.
    let args = (1..argc.max(0) as usize).map(|i| unsafe {
        let p = *argv.add(i);
        if p.is_null() {
            &[][..]
        } else {
            std::ffi::CStr::from_ptr(p).to_bytes()
        }
    });
    let choice = if heavy_command(args) {
        MIMALLOC
    } else {
        SYSTEM
    };
    let _ = ALLOCATOR.compare_exchange(UNDECIDED, choice, Ordering::Relaxed, Ordering::Relaxed);
}

#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integer arguments and only changes
    // this process's memory policy; its result does not matter (older kernels: no effect).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc's settings for indexing: freed pages returned promptly, and no clean-up at exit.
///
/// mimalloc (v3) keeps freed pages for a second before returning them to the OS. Indexing
/// frees a lot from one thread while others allocate, and the kept pages added up to ~150 MB
/// of peak RSS on 40,000 small files at `--memory-mb 64` (417-452 MB; 281 MB with a 10 ms
/// delay, 287 MB with none). 10 ms costs no time on lostflux; 0 cost 6% (more `madvise`).
fn tune_mimalloc_for_indexing() {
    // mimalloc's option number for `mi_option_purge_delay`, the same in v2 and v3 (the
    // header keeps deprecated options as placeholders so that numbers never shift).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // mimalloc's `mi_option_destroy_on_exit`: above 1, its exit handler returns at once. Without
    // it, a statically linked mimalloc collects every heap and arena at exit, pages the kernel
    // is about to take back anyway: ~4% of a 400-file run's samples.
    const MI_OPTION_DESTROY_ON_EXIT: libmimalloc_sys::mi_option_t = 22;
    // SAFETY: mi_option_set stores an integer option; mimalloc allows it at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10);
        libmimalloc_sys::mi_option_set(MI_OPTION_DESTROY_ON_EXIT, 2);
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::heavy_command;

    fn heavy(line: &str) -> bool {
        heavy_command(line.split_whitespace().map(str::as_bytes))
    }

    #[test]
    fn the_command_not_an_option_or_its_value_chooses_the_allocator() {
        assert!(heavy("index corpus"));
        assert!(heavy("--index idx index corpus"));
        assert!(heavy("--no-config serve --port 0"));
        assert!(heavy("--index=idx export -o out.jsonl"));
        assert!(!heavy("search index"));
        assert!(!heavy("--index index search chips"));
        assert!(!heavy("--index=index facets"));
        assert!(!heavy("stats --check"));
        assert!(!heavy(""));
    }
}
