use super::*;

fn raw_pats(tiny_cache: bool) -> Arc<Patterns> {
    let shapes = redact::stream_shapes();
    let pats = vec![shapes.hints, shapes.keys];
    Arc::new(Patterns::build(&pats, false, 0, tiny_cache).expect("compiles"))
}

fn found(s: &Stream) -> Vec<usize> {
    (0..s.pattern_len()).filter(|&i| s.found(i)).collect()
}

#[test]
fn a_cache_cleared_under_the_probe_is_rebuilt_from_history() {
    let (mut big, mut tiny) = (Stream::new(raw_pats(false)), Stream::new(raw_pats(true)));
    let text = "Authorization: Bearer abc.def x-api-key = 'q' AIzaSyA1234567890abcdefghij \
                sk_test_51HxYz rk_live_00000000 whsec_z gAAAAAB api_key: [redacted] \
                日本sk-proj-abcdefghijklmnopqrstuvwx é bearer  \t zzzzzzzz ";
    for (k, chunk) in text.repeat(8).as_bytes().chunks(7).enumerate() {
        big.feed(chunk);
        tiny.feed(chunk);
        big.probe_end();
        tiny.probe_end();
        assert_eq!(found(&tiny), found(&big), "after chunk {k}");
    }
    assert!(!tiny.failed && !big.failed);
    let clears = tiny.cache.as_ref().map_or(0, Cache::clear_count);
    assert!(clears > 0, "the tiny cache never cleared");
    assert_eq!(found(&big), vec![RAW_HINTS, RAW_KEYS]);
}

#[test]
fn normalized_history_covers_the_longest_match() {
    let pats = normalized_patterns(&["abc", r"\bxyz( q)?"], &[b" long phrase here ".to_vec()]);
    assert_eq!(pats.history, 18);
    assert_eq!(pats.pattern_len(), 3);
}

#[test]
fn two_streams_fed_at_once_find_what_each_finds_alone_even_when_caches_clear() {
    let x_text =
        "Authorization: Bearer abc.def sk_test_51HxYz é AIzaSyA1234567890abcdefghij whsec_zz ";
    let y_text =
        "x-api-key = 'q' 日本 rk_live_00000000 gAAAAAB api_key: [redacted] bearer \t zzzzzzzz ";
    for tiny in [false, true] {
        let (mut a, mut b) = (Stream::new(raw_pats(tiny)), Stream::new(raw_pats(tiny)));
        let (mut lone_a, mut lone_b) = (Stream::new(raw_pats(false)), Stream::new(raw_pats(false)));
        let xs = x_text.repeat(6);
        let ys = y_text.repeat(6);
        // Pieces of different lengths, so the pair loop also runs one stream on alone.
        for (k, (x, y)) in xs
            .as_bytes()
            .chunks(5)
            .zip(ys.as_bytes().chunks(9))
            .enumerate()
        {
            let from = a.input().len();
            a.input().extend_from_slice(x);
            Stream::feed_pair(&mut a, from, &mut b, y);
            lone_a.feed(x);
            lone_b.feed(y);
            for s in [&mut a, &mut b, &mut lone_a, &mut lone_b] {
                s.probe_end();
            }
            assert_eq!(
                found(&a),
                found(&lone_a),
                "a after piece {k} (tiny: {tiny})"
            );
            assert_eq!(
                found(&b),
                found(&lone_b),
                "b after piece {k} (tiny: {tiny})"
            );
        }
        assert!(!a.failed && !b.failed);
        assert_eq!(found(&a), vec![RAW_HINTS, RAW_KEYS]);
        if tiny {
            let clears = a.cache.as_ref().map_or(0, Cache::clear_count);
            assert!(clears > 0, "the tiny cache never cleared");
        }
    }
}
