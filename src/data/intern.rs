//! The string interner for keys and text values: each distinct text is
//! stored once, per file while it is read, then once in the data set (the
//! first file's interner becomes the data set's; the merger interns the
//! others' strings into it, moving each new one rather than copying it).

use std::borrow::Cow;

/// A string interner: open addressing over `strings`, looked up by `&str`
/// so a string already present costs no allocation.
#[derive(Default)]
pub(crate) struct Interner {
    /// Symbol -> text.
    pub(crate) strings: Vec<Box<str>>,
    /// (low hash bits, symbol + 1); 0 marks an empty slot. Power-of-two length.
    slots: Vec<(u32, u32)>,
}

impl Interner {
    /// The symbol of `s`, adding it if it is new.
    pub(crate) fn intern(&mut self, s: Cow<'_, str>) -> u32 {
        if self.strings.len() * 2 >= self.slots.len() {
            self.grow();
        }
        match self.find(&s) {
            Ok(sym) => sym,
            Err((slot, tag)) => {
                let sym = self.strings.len() as u32;
                self.strings.push(s.into_owned().into_boxed_str());
                self.slots[slot] = (tag, sym + 1);
                sym
            }
        }
    }

    /// The symbol of `s`, if it has one.
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.find(s).ok()
    }

    /// How many strings.
    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }

    /// `Ok(symbol)`, or `Err((free slot, hash tag))` where `s` would go.
    /// The table is never full (it grows at half).
    fn find(&self, s: &str) -> Result<u32, (usize, u32)> {
        let h = hash(s.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = (h >> 32) as usize & mask;
        loop {
            let (tag, sym1) = self.slots[i];
            if sym1 == 0 {
                return Err((i, h as u32));
            }
            if tag == h as u32 && *self.strings[sym1 as usize - 1] == *s {
                return Ok(sym1 - 1);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(256);
        self.slots = vec![(0, 0); len];
        let mask = len - 1;
        for (sym, s) in self.strings.iter().enumerate() {
            let h = hash(s.as_bytes());
            let mut i = (h >> 32) as usize & mask;
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (h as u32, sym as u32 + 1);
        }
    }
}

/// A fast non-cryptographic hash (FxHash-style over 8-byte words, with a
/// final mix so both halves are usable).
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    (h ^ (h >> 31)).wrapping_mul(K)
}
