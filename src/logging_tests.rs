use super::*;

#[test]
fn lines_are_redacted_and_sanitized_on_their_way_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (writer, worker) =
        tracing_appender::non_blocking(std::fs::File::create(dir.path().join("log")).unwrap());
    let mut w = Redacting {
        inner: writer,
        files: None,
    }
    .make_writer();
    w.write_all(
        b"request with key AIzaSyA1234567890abcdefghijklmnopqrstuv and \x1b]52;c;eA==\x07 done\n",
    )
    .unwrap();
    drop(w);
    drop(worker);
    let text = std::fs::read_to_string(dir.path().join("log")).unwrap();
    assert_eq!(text, "request with key [redacted] and  done\n");
}

#[cfg(unix)]
#[test]
fn log_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("maya.log.2020-01-01");
    std::fs::write(&old, "old\n").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    let guard = init(dir.path()).unwrap();
    tracing::info!("a line");
    drop(guard);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&log_file(dir.path())), 0o600);
    assert_eq!(mode(&old), 0o600);
}

#[test]
fn today_file_name() {
    let p = log_file(Path::new("/s/logs"));
    let name = p.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("maya.log.20") && name.len() == "maya.log.2026-11-22".len(),
        "{name}"
    );
}
