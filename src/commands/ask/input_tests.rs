use super::*;

fn msg(text: Option<&str>, stdin: &[u8], piped: bool) -> Result<String, InputError> {
    message(text.map(str::to_string), &mut &stdin[..], piped)
}

#[test]
fn piped_text_is_appended_after_the_argument() {
    assert_eq!(
        msg(
            Some("what would you pour for this?"),
            b"+ gin\n- vodka\n",
            true
        )
        .unwrap(),
        "what would you pour for this?\n\n+ gin\n- vodka"
    );
    assert_eq!(msg(None, b"a negroni\n", true).unwrap(), "a negroni");
    assert_eq!(msg(Some("-"), b"a negroni", false).unwrap(), "a negroni");
    // A terminal on stdin is not read; nothing piped leaves the text alone.
    assert_eq!(msg(Some("a beer"), b"never read", false).unwrap(), "a beer");
    assert_eq!(msg(Some("a beer"), b"", true).unwrap(), "a beer");
}

#[test]
fn nothing_to_say_is_an_error() {
    assert_eq!(msg(None, b"", true), Err(InputError::Nothing));
    assert_eq!(msg(None, b"", false), Err(InputError::Nothing));
    assert_eq!(msg(Some("-"), b"  \n", false), Err(InputError::Nothing));
    assert_eq!(msg(Some("  "), b"", true), Err(InputError::Nothing));
}

#[test]
fn stdin_is_bounded_and_must_be_text() {
    let big = vec![b'x'; MAX_STDIN + 1];
    assert_eq!(msg(Some("hi"), &big, true), Err(InputError::TooLarge));
    let exactly = vec![b'x'; MAX_STDIN];
    assert_eq!(msg(None, &exactly, true).unwrap().len(), MAX_STDIN);
    assert_eq!(msg(None, b"ok \xff\xfe", true), Err(InputError::NotText(3)));
    assert!(InputError::TooLarge.to_string().contains("256 KiB"));
}

#[test]
fn terminal_controls_are_removed() {
    let colored = b"\x1b[32m+ gin\x1b[0m\n\x1b]0;title\x07- vodka";
    assert_eq!(msg(None, colored, true).unwrap(), "+ gin\n- vodka");
}
