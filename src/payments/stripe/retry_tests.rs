use super::*;

fn err(kind: &str) -> ApiError {
    ApiError {
        kind: Some(kind.into()),
        ..ApiError::default()
    }
}

#[test]
fn retries_the_transient_statuses_only() {
    let e = ApiError::default();
    for status in [409, 429, 500, 502, 503, 504] {
        assert_eq!(judge_response(status, None, &e), Verdict::Retry, "{status}");
    }
    for status in [400, 401, 402, 403, 404] {
        assert_eq!(
            judge_response(status, None, &e),
            Verdict::GiveUp,
            "{status}"
        );
    }
}

#[test]
fn the_header_overrides_the_status() {
    let e = ApiError::default();
    assert_eq!(judge_response(500, Some(false), &e), Verdict::GiveUp);
    assert_eq!(judge_response(400, Some(true), &e), Verdict::Retry);
}

#[test]
fn idempotency_errors_are_bugs_even_when_told_to_retry() {
    let e = err("idempotency_error");
    assert_eq!(judge_response(400, None, &e), Verdict::Bug);
    assert_eq!(judge_response(409, Some(true), &e), Verdict::Bug);
}

#[test]
fn parses_the_header() {
    assert_eq!(parse_should_retry(Some("true")), Some(true));
    assert_eq!(parse_should_retry(Some(" False ")), Some(false));
    assert_eq!(parse_should_retry(Some("maybe")), None);
    assert_eq!(parse_should_retry(None), None);
}

#[test]
fn delays_grow_are_capped_and_jittered_within_bounds() {
    let p = RetryPolicy::default();
    for (retry, full_ms) in [
        (0, 500),
        (1, 1000),
        (2, 2000),
        (3, 4000),
        (4, 5000),
        (30, 5000),
    ] {
        for _ in 0..50 {
            let d = p.delay(retry).as_millis() as u64;
            assert!(
                (full_ms / 2..=full_ms).contains(&d),
                "retry {retry}: {d} ms not in {}..={full_ms}",
                full_ms / 2
            );
        }
    }
    let fast = RetryPolicy::with_base(Duration::from_millis(1));
    assert!(fast.delay(10) <= Duration::from_millis(10));
}
