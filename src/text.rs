//! The rules every piece of user text passes before it is stored: names and titles are
//! one line; longer texts may have line breaks. Neither may hold control characters
//! (NUL, escape, …) or the invisible controls that reverse how text reads (bidi
//! embeddings, overrides and isolates), and a text of only invisible characters counts
//! as empty. Shared by the server (which decides) and the browser.

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was written.
    Empty,
    /// Only characters that cannot be seen (zero-width spaces, joiners, …).
    Invisible,
    /// More characters than allowed.
    TooLong,
    /// A control character, a line break in a one-line text, or a bidi control.
    Hidden,
}

/// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no space: zero-width space, joiners, word joiner, byte-order
/// mark, soft hyphen, and friends.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{180E}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
    ) || bidi_control(c)
}

fn check(text: &str, max: usize, multiline: bool) -> Result<(), Problem> {
    if text
        .chars()
        .any(|c| bidi_control(c) || (c.is_control() && !(multiline && matches!(c, '\n' | '\t'))))
    {
        return Err(Problem::Hidden);
    }
    if text.chars().all(char::is_whitespace) {
        return Err(Problem::Empty);
    }
    if text.chars().all(|c| c.is_whitespace() || invisible(c)) {
        return Err(Problem::Invisible);
    }
    if text.chars().count() > max {
        return Err(Problem::TooLong);
    }
    Ok(())
}

/// A one-line text (a name, a title), trimmed.
pub fn line(raw: &str, max: usize) -> Result<String, Problem> {
    let t = raw.trim();
    check(t, max, false).map(|()| t.to_string())
}

/// A text that may have line breaks (a comment, a description), trimmed, with the
/// browser's CR LF line ends made LF.
pub fn multiline(raw: &str, max: usize) -> Result<String, Problem> {
    let t = raw.replace("\r\n", "\n").replace('\r', "\n");
    let t = t.trim();
    check(t, max, true).map(|()| t.to_string())
}

/// Like [`line`] or [`multiline`], but an empty text is `None` rather than a problem
/// (one of only invisible characters is still refused).
pub fn optional(
    raw: &str,
    max: usize,
    rule: fn(&str, usize) -> Result<String, Problem>,
) -> Result<Option<String>, Problem> {
    match rule(raw, max) {
        Err(Problem::Empty) => Ok(None),
        other => other.map(Some),
    }
}

impl Problem {
    /// The error a person reads: `empty` or `too_long` as given, or for hidden
    /// characters a sentence about `what` ("A title", "The genre", …).
    pub fn error(self, what: &str, empty: &str, too_long: &str) -> crate::error::AppError {
        crate::error::AppError::invalid(match self {
            Problem::Empty => empty.to_string(),
            Problem::Invisible if !empty.is_empty() => empty.to_string(),
            Problem::Invisible => format!("{what} can't be only invisible characters."),
            Problem::TooLong => too_long.to_string(),
            Problem::Hidden => hidden_message(what),
        })
    }
}

/// The sentence a person reads when `what` ("The title", "A display name", …) holds
/// hidden characters.
pub fn hidden_message(what: &str) -> String {
    format!("{what} can't contain control characters, line breaks or text-direction overrides.")
}

/// A short excerpt of user text (for a notification message, say).
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts() {
        assert_eq!(excerpt("  a   b\nc ", 10), "a b c");
        assert_eq!(excerpt("abcdefghijkl", 6), "abcde…");
    }

    #[test]
    fn lines_refuse_what_cannot_be_seen() {
        assert_eq!(line("  Night Drive ", 20).as_deref(), Ok("Night Drive"));
        assert_eq!(line("مرحبا", 20).as_deref(), Ok("مرحبا"));
        for hidden in [
            "a\0b",
            "two\nlines",
            "cr\rlf",
            "esc\u{1b}[31m",
            "gnp.\u{202E}exe",
            "isolate\u{2067}x",
            "tab\there",
        ] {
            assert_eq!(line(hidden, 50), Err(Problem::Hidden), "{hidden:?}");
        }
        for empty in ["", "   ", "\u{3000}"] {
            assert_eq!(line(empty, 50), Err(Problem::Empty), "{empty:?}");
        }
        for unseen in ["\u{200B}\u{200B}", " \u{FEFF}\u{2060} ", "\u{3164}"] {
            assert_eq!(line(unseen, 50), Err(Problem::Invisible), "{unseen:?}");
        }
        assert_eq!(line("abcd", 3), Err(Problem::TooLong));
        assert_eq!(line("ab\u{200D}cd", 5).as_deref(), Ok("ab\u{200D}cd"));
    }

    #[test]
    fn multiline_texts_keep_line_breaks() {
        assert_eq!(
            multiline(" one\r\ntwo\rthree\tfour ", 100).as_deref(),
            Ok("one\ntwo\nthree\tfour")
        );
        assert_eq!(multiline("nul\0", 100), Err(Problem::Hidden));
        assert_eq!(multiline("\u{202D}x", 100), Err(Problem::Hidden));
        assert_eq!(multiline("\n\u{200B}\n", 100), Err(Problem::Invisible));
        assert_eq!(optional("\u{200B}", 10, line), Err(Problem::Invisible));
        assert_eq!(optional(" ", 10, line), Ok(None));
        assert_eq!(optional("x", 10, line), Ok(Some("x".into())));
        assert_eq!(optional("\u{0}", 10, line), Err(Problem::Hidden));
    }
}
