//! The `byline` binary: parse arguments, run, map the outcome to an exit code. A closed pipe
//! (`byline ... | head -1`) ends quietly with success.

use std::process::ExitCode;

/// Indexing allocates a great many small strings and documents; mimalloc is measurably faster
/// than the system allocator here (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let config = match byline::config::Config::load() {
        Ok(c) => c,
        Err(err) => {
            eprintln!("byline: {err:#}");
            return ExitCode::from(byline::app::Exit::Error as u8);
        }
    };
    let cli = match byline::cli::parse(config) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if matches!(cli.command, byline::cli::Command::Search(_)) {
        no_transparent_huge_pages();
    }
    match byline::app::run_guarded(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("byline: {err:#}");
            ExitCode::from(byline::app::Exit::Error as u8)
        }
    }
}

/// A search is a short process: with transparent huge pages the allocator's first touch of its
/// arena zeroes 2 MiB at a time, about 1 ms of a query (see BENCHMARKS.md). Indexing keeps them.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integer arguments and only changes
    // this process's memory policy; its result does not matter (older kernels: no effect).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
