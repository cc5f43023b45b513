#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| byline_fuzz::jsonl(data));
