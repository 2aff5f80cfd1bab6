use super::*;

#[test]
fn spins_after_the_grace_period_and_wipes_itself() {
    let mut out = Vec::new();
    let mut s = Spinner::new(true);
    s.tick(&mut out).unwrap();
    assert!(out.is_empty(), "nothing within the grace period");
    s.since -= GRACE;
    s.tick(&mut out).unwrap();
    s.tick(&mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert_eq!(text, "\r⠋ waiting for Maya…\r⠙ waiting for Maya…");
    out.clear();
    s.stop(&mut out).unwrap();
    assert_eq!(out, b"\r\x1b[2K");
    out.clear();
    s.tick(&mut out).unwrap();
    s.clear(&mut out).unwrap();
    assert!(out.is_empty(), "a stopped spinner writes nothing");
}

#[test]
fn a_disabled_spinner_writes_nothing() {
    let mut out = Vec::new();
    let mut s = Spinner::new(false);
    s.since -= GRACE;
    s.tick(&mut out).unwrap();
    s.stop(&mut out).unwrap();
    assert!(out.is_empty());
    assert!(!s.active());
}
