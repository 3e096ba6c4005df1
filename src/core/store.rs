//! A place to keep bytes between builds under a key: what the build would otherwise make
//! again (a typeset PDF) when its inputs have not changed. The stages above decide what to
//! keep and name it by a hash of its inputs; the store only keeps bytes whole, and gives
//! back nothing rather than something damaged.

/// Bytes kept between builds. `get` gives back exactly what `put` was given under that key,
/// or nothing: a store that finds an entry damaged drops it.
pub trait Store: Sync + std::fmt::Debug {
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    fn put(&self, key: &str, bytes: &[u8]);
    /// Keeps the entry under `key` for later builds, though this one did not need it (the
    /// edition it was made for was itself kept whole).
    fn keep(&self, key: &str);
}

/// A key made of everything an output depends on, in hex: two independent 64-bit hashes of
/// the parts, each part's length written before it so no two lists of parts run together.
pub fn key_of(parts: &[&[u8]]) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut out = String::with_capacity(32);
    for seed in [0u8, 1] {
        let mut h = DefaultHasher::new();
        h.write_u8(seed);
        for part in parts {
            h.write_usize(part.len());
            h.write(part);
        }
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_apart_what_differs_and_agree_on_what_does_not() {
        let a = key_of(&[b"ab", b"c"]);
        assert_eq!(a, key_of(&[b"ab", b"c"]));
        assert_ne!(a, key_of(&[b"a", b"bc"]));
        assert_ne!(a, key_of(&[b"ab", b"d"]));
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
