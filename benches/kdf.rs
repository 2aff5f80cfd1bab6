//! One vault-key derivation: PBKDF2-HMAC-SHA256, 600,000 iterations, 32 bytes.
//!
//! Target (DESIGN.md performance budget): within 1.2× of OpenSSL on this machine, whose
//! `openssl kdf … PBKDF2` takes about 0.14 s for the same derivation. The RustCrypto `pbkdf2`
//! crate is measured alongside for reference; Maya uses `secrets::kdf::pbkdf2_sha256`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use maya::secrets::kdf;

fn derivation(c: &mut Criterion) {
    let mut group = c.benchmark_group("kdf");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    let secret = [0x42u8; 32];
    let salt = [0x24u8; kdf::SALT_LEN];
    group.bench_function("maya_pbkdf2_sha256_600k", |b| {
        b.iter(|| kdf::pbkdf2_sha256(black_box(&secret), black_box(&salt), kdf::ITERATIONS))
    });
    group.bench_function("vault_key_derive_600k", |b| {
        b.iter(|| kdf::VaultKey::derive(black_box(&secret), black_box(&salt), kdf::ITERATIONS))
    });
    group.bench_function("pbkdf2_crate_600k_reference", |b| {
        b.iter(|| {
            let mut out = [0u8; 32];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                black_box(&secret),
                black_box(&salt),
                kdf::ITERATIONS,
                &mut out,
            );
            out
        })
    });
    group.finish();
}

criterion_group!(benches, derivation);
criterion_main!(benches);
