//! The one error type. Every message is one Vietnamese line that names what is wrong, so
//! the app can show it as is and the CLI can print it after the file name.

/// Why a file, a key or an action was refused.
///
/// The API layer maps [`ExchangeError::BadFile`] to exit code 2 (bad input) and
/// [`ExchangeError::NotAllowed`] to exit code 3 (refused by the rules); the others are
/// ordinary failures (exit code 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExchangeError {
    /// The file is malformed, truncated, too big, tampered with, or its signature does not
    /// verify.
    #[error("{0}")]
    BadFile(String),
    /// The file is well formed and correctly signed, but by someone who may not do this:
    /// an unknown key, a key other than the trusted chairman's, a member signing a package.
    #[error("{0}")]
    NotAllowed(String),
    /// The secret key needs a passphrase that was not given, or the one given is wrong.
    #[error("{0}")]
    Passphrase(String),
    /// Reading or writing the identity folder failed, or the system gave no randomness.
    #[error("{0}")]
    Io(String),
}

pub(crate) fn bad(msg: impl Into<String>) -> ExchangeError {
    ExchangeError::BadFile(msg.into())
}

pub(crate) fn not_allowed(msg: impl Into<String>) -> ExchangeError {
    ExchangeError::NotAllowed(msg.into())
}

/// Shows untrusted text inside a one-line message: control characters escaped, cut to a
/// length that keeps the line readable.
pub(crate) fn shown(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
