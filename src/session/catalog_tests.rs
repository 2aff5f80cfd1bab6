use super::*;

fn touch(dir: &Path, id: &str, age: Duration) {
    let p = journal_path(dir, id);
    std::fs::write(&p, "{}\n").unwrap();
    let t = SystemTime::now() - age;
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

#[test]
fn ids_are_readable_and_unique() {
    let d = tempfile::tempdir().unwrap();
    let id = new_id(d.path());
    let parts: Vec<&str> = id.split('-').collect();
    assert_eq!(parts.len(), 3, "{id}");
    assert_eq!(parts[0].len(), 4);
    assert!(WORDS.contains(&parts[1]));
    assert_eq!(parts[2].len(), 4);
    let many: std::collections::HashSet<String> = (0..200).map(|_| new_id(d.path())).collect();
    assert!(many.len() > 190);
}

#[test]
fn resolve_by_id_prefix_and_last() {
    let d = tempfile::tempdir().unwrap();
    touch(d.path(), "1122-negroni-7f3a", Duration::from_secs(300));
    touch(d.path(), "1122-negroni-8b00", Duration::from_secs(200));
    touch(d.path(), "1121-gin-0001", Duration::from_secs(100));
    assert_eq!(
        resolve(d.path(), "1122-negroni-7f3a").unwrap().id,
        "1122-negroni-7f3a"
    );
    assert_eq!(
        resolve(d.path(), "1122-negroni-7").unwrap().id,
        "1122-negroni-7f3a"
    );
    assert_eq!(resolve(d.path(), "1121").unwrap().id, "1121-gin-0001");
    assert_eq!(resolve(d.path(), "last").unwrap().id, "1121-gin-0001");
    let err = resolve(d.path(), "1122").unwrap_err().to_string();
    assert!(
        err.contains("1122-negroni-7f3a") && err.contains("1122-negroni-8b00"),
        "{err}"
    );
    let err = resolve(d.path(), "nope").unwrap_err().to_string();
    assert!(err.contains("Recent sessions: 1121-gin-0001"), "{err}");
    let empty = tempfile::tempdir().unwrap();
    assert!(
        resolve(empty.path(), "last")
            .unwrap_err()
            .to_string()
            .contains("no saved sessions")
    );
}

#[test]
fn list_is_newest_first_and_prune_keeps_recent_and_open_ones() {
    let d = tempfile::tempdir().unwrap();
    touch(d.path(), "old", Duration::from_secs(40 * 86_400));
    touch(d.path(), "old-open", Duration::from_secs(40 * 86_400));
    touch(d.path(), "new", Duration::from_secs(60));
    let ids: Vec<String> = list(d.path()).unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(ids[0], "new");
    let _lock = SessionLock::acquire(d.path(), "old-open").unwrap();
    let removed = prune(d.path(), parse_age("30d").unwrap()).unwrap();
    assert_eq!(removed, ["old"]);
    let left: Vec<String> = list(d.path()).unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(left.len(), 2);
    assert!(matches!(
        remove(d.path(), "old-open"),
        Err(StoreError::InUse { .. })
    ));
}

#[test]
fn ages() {
    assert_eq!(parse_age("30d"), Some(Duration::from_secs(30 * 86_400)));
    assert_eq!(parse_age("12h"), Some(Duration::from_secs(12 * 3600)));
    assert_eq!(parse_age("2w"), Some(Duration::from_secs(14 * 86_400)));
    for bad in ["", "d", "30", "30x", "-1d", "99999999999999999999d"] {
        assert_eq!(parse_age(bad), None, "{bad}");
    }
}
