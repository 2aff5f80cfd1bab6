//! espeak-ng end to end: `maya ask --voice` with the offline engine writes the reply's speech
//! to a WAV file that lasts about as long as the sentences take to say, and is not silence.
//! Needs espeak-ng and sox (scripts/test installs both).

use crate::support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::cli::maya;

/// An independent reading of the file (not Maya's own WAV code): 16-bit mono PCM samples
/// and their rate.
fn samples(path: &Path) -> (u32, Vec<i16>) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..4], b"RIFF");
    assert_eq!(&b[8..12], b"WAVE");
    let mut at = 12;
    let mut rate = 0;
    while at + 8 <= b.len() {
        let len = u32::from_le_bytes(b[at + 4..at + 8].try_into().unwrap()) as usize;
        let body = &b[at + 8..(at + 8 + len).min(b.len())];
        match &b[at..at + 4] {
            b"fmt " => {
                assert_eq!(u16::from_le_bytes([body[0], body[1]]), 1, "PCM");
                assert_eq!(u16::from_le_bytes([body[2], body[3]]), 1, "mono");
                assert_eq!(u16::from_le_bytes([body[14], body[15]]), 16, "16-bit");
                rate = u32::from_le_bytes(body[4..8].try_into().unwrap());
            }
            b"data" => {
                assert_eq!(at + 8 + len, b.len(), "the data length is the real one");
                let s = body
                    .chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]))
                    .collect();
                return (rate, s);
            }
            _ => {}
        }
        at += 8 + len + (len & 1);
    }
    panic!("no data chunk");
}

fn require(program: &str) {
    let found = Command::new(program).arg("--version").output().is_ok();
    assert!(
        found,
        "{program} is not installed; scripts/test installs it (Debian: apt install {program})"
    );
}

#[test]
fn a_reply_spoken_by_espeak_ng_lasts_as_long_as_its_sentences_and_is_not_silent() {
    require("espeak-ng");
    require("sox");
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reply.wav");
    let run = maya(&home)
        .env("MAYA_VOICE_ENGINE", "espeak")
        .args(["ask", "--provider", "house", "--voice-out"])
        .arg(&out)
        .arg("a negroni please")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // "Coming right up: 1 Negroni. Your tab is eleven dollars." is about ten words: some
    // three seconds at espeak-ng's 165 words a minute.
    assert!(stdout.contains("Your tab is $11.00"), "{stdout}");
    let (rate, s) = samples(&out);
    let seconds = s.len() as f64 / f64::from(rate);
    assert!((2.0..8.0).contains(&seconds), "{seconds} s");
    let peak = s.iter().map(|v| i32::from(*v).abs()).max().unwrap_or(0);
    let rms = (s.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / s.len() as f64).sqrt();
    assert!(peak > 8_000, "peak {peak}: silence");
    assert!(rms > 500.0, "rms {rms}: silence");

    // sox agrees on the length.
    let stat = Command::new("sox")
        .arg(&out)
        .args(["-n", "stat"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&stat.stderr);
    let length: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("Length (seconds):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("sox stat said: {text}"));
    assert!(
        (length - seconds).abs() < 0.01,
        "sox {length} s, ours {seconds} s"
    );
}

#[test]
fn prices_are_read_as_money_by_espeak_ng_too() {
    require("espeak-ng");
    // The same words with the price written out and with it as espeak-ng would read "$11.00"
    // ("dollar eleven point zero zero") differ in length: Maya sends the words.
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("reply.wav");
    let run = maya(&home)
        .env("MAYA_VOICE_ENGINE", "espeak")
        .args(["ask", "--provider", "house", "--voice-out"])
        .arg(&out)
        .arg("a negroni please")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(run.status.success());
    let speak = |text: &str| {
        let o = Command::new("espeak-ng")
            .args(["--stdout", "-v", "en-us", "-s", "165", text])
            .output()
            .unwrap();
        o.stdout.len()
    };
    let words = speak("Coming right up: 1 Negroni.") + speak("Your tab is eleven dollars.");
    let (_, s) = samples(&out);
    let ours = s.len() * 2 + 44 * 2;
    assert!(
        ours.abs_diff(words) < 4_000,
        "maya's clip is {ours} bytes, the spelled-out sentences {words}"
    );
}
