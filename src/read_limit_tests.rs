use super::*;

#[test]
fn a_sparse_10_gb_file_is_refused_before_reading() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("big");
    let f = File::create(&p).unwrap();
    f.set_len(10 * 1024 * 1024 * 1024).unwrap();
    let e = read(&p, JOURNAL).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
    assert_eq!(
        e.to_string(),
        "it is 10 GiB, more than the 256 MiB Maya reads of such a file"
    );
}

#[test]
fn the_limit_is_inclusive_and_devices_and_dirs_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("f");
    std::fs::write(&p, b"12345").unwrap();
    assert_eq!(read(&p, 5).unwrap(), b"12345");
    assert_eq!(read(&p, 4).unwrap_err().kind(), io::ErrorKind::FileTooLarge);
    for not_a_file in [Path::new("/dev/zero"), d.path()] {
        let e = read(not_a_file, 5).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{not_a_file:?}");
    }
    std::fs::write(&p, b"\xff").unwrap();
    assert!(read_to_string(&p, 5).is_err());
    assert_eq!(human(300), "300 bytes");
    assert_eq!(human(1536), "1.5 KiB");
}
