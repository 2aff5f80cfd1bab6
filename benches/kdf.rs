//! One vault-key derivation: PBKDF2-HMAC-SHA256, 600,000 iterations, 32 bytes, by the RustCrypto
//! `pbkdf2` crate (through `maya-kdf`).
//!
//! Target (DESIGN.md performance budget), release build on the 2-core machine: within 1.2× of
//! OpenSSL for the same derivation. OpenSSL is measured side by side, through Python's
//! `hashlib.pbkdf2_hmac` (which calls OpenSSL's `PKCS5_PBKDF2_HMAC`): in turns with Maya's
//! derivation, so both see the same load, and the best time of each is compared. The ratio is
//! printed; the two outputs are also compared byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "bench code: a panic is a failed bench"
)]

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use maya::secrets::kdf;

const SECRET: [u8; 32] = [0x42; 32];
const SALT: [u8; kdf::SALT_LEN] = [0x24; kdf::SALT_LEN];
/// Timed derivations per turn, and turns of each side.
const RUNS: usize = 3;
const TURNS: usize = 4;

fn derivation(c: &mut Criterion) {
    let mut group = c.benchmark_group("kdf");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("pbkdf2_sha256_600k", |b| {
        b.iter(|| kdf::pbkdf2_sha256(black_box(&SECRET), black_box(&SALT), kdf::ITERATIONS))
    });
    group.bench_function("vault_key_derive_600k", |b| {
        b.iter(|| kdf::VaultKey::derive(black_box(&SECRET), black_box(&SALT), kdf::ITERATIONS))
    });
    group.finish();

    // `cargo test --all-targets` runs benches once as a smoke test (unoptimised, without
    // `--bench`): the side-by-side figures are only worth their time under `cargo bench`.
    if std::env::args().any(|a| a == "--bench") {
        side_by_side();
    }
}

/// Best of `RUNS` of Maya's derivation, and its output in hex.
fn maya_turn() -> (f64, String) {
    let mut best = f64::MAX;
    let mut out = Default::default();
    for _ in 0..RUNS {
        let start = Instant::now();
        out = kdf::pbkdf2_sha256(black_box(&SECRET), black_box(&SALT), kdf::ITERATIONS);
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, out.iter().map(|b| format!("{b:02x}")).collect())
}

/// Best of `RUNS` of OpenSSL's derivation, timed inside Python (start-up not counted).
fn openssl_turn() -> Result<(f64, String), String> {
    let script = format!(
        "import hashlib, time\n\
         best = None\n\
         for _ in range({RUNS}):\n\
         \x20   t = time.perf_counter()\n\
         \x20   out = hashlib.pbkdf2_hmac('sha256', bytes([0x42]) * 32, bytes([0x24]) * {salt}, {n}, 32)\n\
         \x20   d = time.perf_counter() - t\n\
         \x20   best = d if best is None else min(best, d)\n\
         print(best, out.hex())\n",
        salt = kdf::SALT_LEN,
        n = kdf::ITERATIONS,
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut parts = text.split_whitespace();
    let secs = parts.next().and_then(|s| s.parse().ok());
    match (secs, parts.next()) {
        (Some(secs), Some(hex)) => Ok((secs, hex.to_string())),
        _ => Err(format!("unexpected output from python3: {text}")),
    }
}

fn side_by_side() {
    let (mut maya, mut openssl) = (f64::MAX, f64::MAX);
    for _ in 0..TURNS {
        let (t, maya_hex) = maya_turn();
        maya = maya.min(t);
        match openssl_turn() {
            Ok((t, openssl_hex)) => {
                assert_eq!(
                    maya_hex, openssl_hex,
                    "Maya and OpenSSL derive different keys"
                );
                openssl = openssl.min(t);
            }
            Err(e) => {
                println!("PBKDF2 600k: maya {maya:.3} s; OpenSSL not measured: {e}");
                return;
            }
        }
    }
    println!(
        "PBKDF2-HMAC-SHA256, 600,000 rounds, best of {}: maya {maya:.3} s, OpenSSL (Python \
         hashlib) {openssl:.3} s, ratio {:.2} (target ≤ 1.20)",
        RUNS * TURNS,
        maya / openssl
    );
}

criterion_group!(benches, derivation);
criterion_main!(benches);
