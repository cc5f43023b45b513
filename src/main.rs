//! The `byline` binary: parse arguments, run, map the outcome to an exit code. A closed pipe
//! (`byline ... | head -1`) ends quietly with success.

use std::process::ExitCode;

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

/// Indexing allocates a great many small strings and documents; mimalloc is measurably faster
/// than the system allocator here (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        return_freed_memory_promptly();
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
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static NO_THP_BEFORE_MAIN: extern "C" fn() = {
    extern "C" fn before_main() {
        no_transparent_huge_pages();
    }
    before_main
};

#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integer arguments and only changes
    // this process's memory policy; its result does not matter (older kernels: no effect).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc (v3) keeps freed pages for a second before returning them to the OS. Indexing
/// frees a lot from one thread while others allocate, and the kept pages added up to ~150 MB
/// of peak RSS on 40,000 small files at `--memory-mb 64` (417-452 MB; 281 MB with a 10 ms
/// delay, 287 MB with none). 10 ms costs no time on lostflux; 0 cost 6% (more `madvise`).
fn return_freed_memory_promptly() {
    // mimalloc's option number for `mi_option_purge_delay`, the same in v2 and v3 (the
    // header keeps deprecated options as placeholders so that numbers never shift).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set stores an integer option; mimalloc allows it at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
