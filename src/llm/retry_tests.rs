use super::*;
use std::time::SystemTime;

use reqwest::header::{HeaderMap, HeaderValue};

#[test]
fn backoff_doubles_within_the_cap_with_jitter() {
    let p = RetryPolicy::default();
    for _ in 0..50 {
        let d1 = p.backoff(1);
        assert!(d1 >= Duration::from_millis(250) && d1 <= Duration::from_millis(500));
        let d3 = p.backoff(3);
        assert!(d3 >= Duration::from_secs(1) && d3 <= Duration::from_secs(2));
        let d9 = p.backoff(9);
        assert!(
            d9 >= Duration::from_secs(4) && d9 <= Duration::from_secs(8),
            "{d9:?}"
        );
    }
}

#[test]
fn gives_up_after_four_attempts_or_a_long_hint() {
    let p = RetryPolicy::default();
    assert!(p.next_wait(1, None).is_some());
    assert!(p.next_wait(3, None).is_some());
    assert_eq!(p.next_wait(4, None), None);
    assert_eq!(
        p.next_wait(1, Some(Duration::from_secs(3))),
        Some(Duration::from_secs(3))
    );
    assert_eq!(p.next_wait(1, Some(Duration::from_secs(3600))), None);
}

#[test]
fn statuses() {
    for s in [408, 429, 500, 502, 503, 504, 529] {
        assert!(retryable_status(s), "{s}");
    }
    for s in [200, 400, 401, 402, 403, 404, 422] {
        assert!(!retryable_status(s), "{s}");
    }
}

#[test]
fn header_hints() {
    let mut h = HeaderMap::new();
    assert_eq!(hint_from_headers(&h), None);
    h.insert("retry-after", HeaderValue::from_static("3"));
    assert_eq!(hint_from_headers(&h), Some(Duration::from_secs(3)));
    h.insert("retry-after-ms", HeaderValue::from_static("250"));
    assert_eq!(hint_from_headers(&h), Some(Duration::from_millis(250)));
    let mut h = HeaderMap::new();
    let later = SystemTime::now() + Duration::from_secs(30);
    h.insert(
        "retry-after",
        HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap(),
    );
    let d = hint_from_headers(&h).unwrap();
    assert!(
        d > Duration::from_secs(27) && d <= Duration::from_secs(30),
        "{d:?}"
    );
    h.insert("retry-after", HeaderValue::from_static("soon"));
    assert_eq!(hint_from_headers(&h), None);
}

/// `Duration::from_secs_f64` panics on a finite value past u64::MAX seconds; a hostile
/// or broken server must not be able to end the agent task with a header.
#[test]
fn huge_server_delays_are_capped_not_panics() {
    for value in ["99999999999999999999", "1e30", "1.8e308", "inf"] {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_str(value).unwrap());
        let hint = hint_from_headers(&h).expect(value);
        assert!(hint >= Duration::from_secs(3600), "{value}: {hint:?}");
        assert_eq!(
            RetryPolicy::default().next_wait(1, Some(hint)),
            None,
            "{value}"
        );
    }
    let mut h = HeaderMap::new();
    h.insert("retry-after-ms", HeaderValue::from_static("1e300"));
    assert!(hint_from_headers(&h).unwrap() >= Duration::from_secs(3600));
    for value in ["1e30s", "99999999999999999999s", "1e308s"] {
        let d = parse_proto_duration(value).expect(value);
        assert!(d >= Duration::from_secs(3600), "{value}: {d:?}");
    }
    assert_eq!(parse_proto_duration("NaNs"), None);
    assert_eq!(server_delay(f64::NAN), None);
    assert_eq!(server_delay(-0.5), None);
    assert_eq!(server_delay(1.5), Some(Duration::from_millis(1500)));
}

/// A hint too long to represent is "longer than anyone waits", never a panic; it is capped
/// at a day rather than Duration::MAX, which would panic when added to an Instant.
#[test]
fn huge_hints_saturate() {
    for value in ["1e300", "18446744073709551616"] {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static(value));
        assert_eq!(hint_from_headers(&h), Some(LONGEST_SERVER_DELAY), "{value}");
        assert_eq!(
            RetryPolicy::default().next_wait(1, hint_from_headers(&h)),
            None
        );
    }
    assert_eq!(parse_proto_duration("1e300s"), Some(LONGEST_SERVER_DELAY));
}

#[test]
fn proto_durations() {
    assert_eq!(parse_proto_duration("37s"), Some(Duration::from_secs(37)));
    assert_eq!(
        parse_proto_duration("1.5s"),
        Some(Duration::from_millis(1500))
    );
    assert_eq!(parse_proto_duration("37"), None);
    assert_eq!(parse_proto_duration("-1s"), None);
}
