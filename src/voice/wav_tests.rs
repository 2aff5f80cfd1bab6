use super::*;

#[test]
fn a_streamed_header_with_a_placeholder_length_is_read_to_the_end() {
    // What espeak-ng --stdout writes: RIFF and data lengths of 0x7ffff000.
    let mut b = pcm16(22_050, &[1, -1, 2, -2]);
    b[4..8].copy_from_slice(&0x7fff_f024u32.to_le_bytes());
    b[40..44].copy_from_slice(&0x7fff_f000u32.to_le_bytes());
    let clip = parse(&b).unwrap();
    assert_eq!(clip.data.len(), 8);
    assert_eq!(clip.format.sample_rate, 22_050);
}

#[test]
fn joined_clips_make_one_valid_file() {
    let a = pcm16(24_000, &[0; 24_000]);
    let b = pcm16(24_000, &[5; 12_000]);
    let mut j = Joined::default();
    assert!(j.push(&parse(&a).unwrap()));
    assert!(j.push(&parse(&b).unwrap()));
    assert!(!j.push(&parse(&pcm16(8_000, &[1])).unwrap()));
    let file = j.to_bytes();
    let clip = parse(&file).unwrap();
    assert_eq!(clip.duration(), Duration::from_millis(1500));
    assert_eq!(u32_at(&file, 4), Some(file.len() as u32 - 8));
}

#[test]
fn not_wav_is_an_error_not_a_panic() {
    for b in [
        &b""[..],
        b"RIFF",
        b"RIFF\0\0\0\0WAVE",
        b"RIFF\0\0\0\0WAVEdata\x04\0\0\0abcd",
        b"{\"error\":1}",
    ] {
        assert!(parse(b).is_err(), "{b:?}");
    }
    let mut odd = pcm16(8_000, &[1]);
    odd[20..22].copy_from_slice(&0xFFFEu16.to_le_bytes());
    assert!(parse(&odd[..30]).is_err() || parse(&odd).is_ok());
}
