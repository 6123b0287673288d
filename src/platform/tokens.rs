//! Random tokens from the operating system's generator: session ids, one-time links,
//! upload names, script nonces.

use rand::RngCore;

/// `bytes` random bytes as lower-case hex (twice as many characters).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A 256-bit token, as 64 hex characters.
pub fn new_token() -> String {
    random_hex(32)
}
