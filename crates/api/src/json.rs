//! Compact JSON into a byte buffer, byte for byte what `serde_json::to_writer` writes,
//! for the one output long enough for the difference to show: the redline.
//!
//! A long law's redline is half a megabyte of JSON, nearly all of it article text.
//! serde_json looks its strings over a byte at a time for what must be escaped, through
//! the `io::Write` it was handed, and that was a twelfth of the instructions of
//! `quyche diff --format json` (4 of 6.5 M on the revised pair). Here a string is looked
//! over 64 bytes at a time ([`write_str`]): article text has no control characters
//! (refused at entry), and its quotes, backslashes and line breaks are a few in a line.
//!
//! The shapes stay serde's derives: this is only another writer of them. Floats, which
//! no redline has, are handed to serde_json; a map key it would refuse is refused here.
//! The tests hold it to serde_json's bytes, for every kind of value serde has and for
//! every string of the first 128 code points.

use serde::ser::{self, Impossible, Serialize};

/// Appends the JSON of `value` to `out`.
pub(crate) fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut Compact { out })
}

/// Why a value could not be written: only a map key that is not a string or a number.
#[derive(Debug)]
pub(crate) struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<M: std::fmt::Display>(msg: M) -> Self {
        Error(msg.to_string())
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::other(e.0)
    }
}

struct Compact<'o> {
    out: &'o mut Vec<u8>,
}

/// Whether byte `x` is one a JSON string escapes: `"`, `\` and the controls below
/// U+0020. Written with `|`, no branch, so [`write_str`]'s look over 64 bytes at once is
/// vectorised: a few instructions a block where serde_json spends several on each byte.
#[inline(always)]
const fn escaped(x: u8, _next: u8) -> bool {
    (x < 0x20) | (x == b'"') | (x == b'\\')
}

/// The escape of each byte [`escaped`] holds for, by byte (0 for the others): the short
/// one serde_json writes, or `u` for `\u00XX`.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if escaped(b as u8, 0) {
            t[b] = match b as u8 {
                0x08 => b'b',
                0x09 => b't',
                0x0A => b'n',
                0x0C => b'f',
                0x0D => b'r',
                b'"' => b'"',
                b'\\' => b'\\',
                _ => b'u',
            };
        }
        b += 1;
    }
    t
};

/// Appends `s` as a JSON string.
fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut run = 0; // where the bytes not yet written start
                     // The bytes before byte `k`, then `k` escaped.
    let mut escape_at = |out: &mut Vec<u8>, k: usize| {
        out.extend_from_slice(&b[run..k]);
        escape(out, b[k]);
        run = k + 1;
    };
    let mut i = 0;
    // The bytes to escape among the next 64, as bits, while 64 and the one after them
    // (which `pair_bits` reads) are there; nearly every block has none, or a line break
    // or two. Then the last bytes, and short strings (keys, names), one by one.
    while i + quyche_text::PAIR_WINDOW < b.len() {
        let mut bits = quyche_text::pair_bits(b, i, escaped);
        while bits != 0 {
            escape_at(out, i + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
        i += quyche_text::PAIR_WINDOW;
    }
    for k in i..b.len() {
        if ESCAPE[b[k] as usize] != 0 {
            escape_at(out, k);
        }
    }
    out.extend_from_slice(&b[run..]);
    out.push(b'"');
}

/// Appends the escape of `byte`, one [`escaped`] holds for.
#[cold]
fn escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let e = ESCAPE[byte as usize];
    if e == b'u' {
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(byte >> 4) as usize],
            HEX[(byte & 15) as usize],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', e]);
    }
}

/// An integer in decimal, as serde_json writes it (a redline has a few hundred: the
/// formatting machinery's cost does not show).
fn write_integer(out: &mut Vec<u8>, n: impl std::fmt::Display) {
    use std::io::Write;
    write!(out, "{n}").expect("a Vec takes every write");
}

/// A float as serde_json writes it (`null` when not finite).
fn write_float<F: Serialize>(out: &mut Vec<u8>, f: F) {
    serde_json::to_writer(out, &f).expect("a float is always written");
}

/// A list or map being written: whether the next element needs a comma before it.
struct Compound<'a, 'o> {
    ser: &'a mut Compact<'o>,
    first: bool,
    /// What closes it: `]`, `}`, or `]}` / `}}` for a variant's contents.
    close: &'static [u8],
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.ser.out.push(b',');
        }
    }

    fn key(&mut self, key: &str) {
        self.comma();
        write_str(self.ser.out, key);
        self.ser.out.push(b':');
    }

    fn end(self) -> Result<(), Error> {
        self.ser.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'a, 'o> Compact<'o> {
    fn open(&'a mut self, open: &[u8], close: &'static [u8]) -> Compound<'a, 'o> {
        self.out.extend_from_slice(open);
        Compound { ser: self, first: true, close }
    }

    /// `{"variant":` before a variant's contents.
    fn variant_key(&mut self, variant: &str) {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
    }
}

/// Narrower integers, written as the widest of their sign.
macro_rules! widened {
    ($($method:ident($t:ty)),* => $wide:ident) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            self.$wide(v.into())
        }
    )*};
}

impl<'a, 'o> ser::Serializer for &'a mut Compact<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    widened!(serialize_i8(i8), serialize_i16(i16), serialize_i32(i32) => serialize_i64);
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    widened!(serialize_u8(u8), serialize_u16(u16), serialize_u32(u32) => serialize_u64);
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        write_integer(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        write_float(self.out, v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_float(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open(b"[", b"]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant_key(variant);
        Ok(self.open(b"[", b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open(b"{", b"}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open(b"{", b"}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant_key(variant);
        Ok(self.open(b"{", b"}}"))
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// The lists that are written as a list: a tuple, a tuple struct, a tuple variant's
/// contents (its `{"variant":` already written, its `}` in the close).
macro_rules! written_as_a_list {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                ser::SerializeSeq::serialize_element(self, value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

written_as_a_list!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(MapKey { out: self.ser.out })?;
        self.ser.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key);
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// A map's key: a string as it is, a number (finite) or a bool in quotes, as serde_json
/// writes them; anything else refused.
struct MapKey<'o> {
    out: &'o mut Vec<u8>,
}

impl MapKey<'_> {
    fn quoted(self, write: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        self.out.push(b'"');
        write(self.out);
        self.out.push(b'"');
        Ok(())
    }
}

fn float_key_must_be_finite() -> Error {
    Error("float key must be finite (got NaN or +/-inf)".into())
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".into())
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(|o| o.extend_from_slice(if v { b"true" } else { b"false" }))
    }
    widened!(serialize_i8(i8), serialize_i16(i16), serialize_i32(i32) => serialize_i64);
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(|o| write_integer(o, v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(|o| write_integer(o, v))
    }
    widened!(serialize_u8(u8), serialize_u16(u16), serialize_u32(u32) => serialize_u64);
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(|o| write_integer(o, v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(|o| write_integer(o, v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(float_key_must_be_finite());
        }
        self.quoted(|o| write_float(o, v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(float_key_must_be_finite());
        }
        self.quoted(|o| write_float(o, v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    fn ours<T: Serialize + ?Sized>(v: &T) -> String {
        let mut out = Vec::new();
        write(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn same<T: Serialize + ?Sized>(v: &T) {
        assert_eq!(ours(v), serde_json::to_string(v).unwrap());
    }

    /// Every string of one to three of the first 128 code points and a few beyond, at
    /// every offset from an eight-byte boundary, quoted as serde_json quotes it.
    #[test]
    fn strings_are_serde_jsons() {
        let chars: Vec<char> =
            (0u32..128).filter_map(char::from_u32).chain(['đ', 'ế', '\u{2028}', '😀']).collect();
        for &a in &chars {
            same(&a.to_string());
            for &b in &chars {
                for pad in 0..9 {
                    let s: String = "x".repeat(pad) + &format!("{a}{b}") + &"y".repeat(17 - pad);
                    same(&s);
                }
            }
        }
        // Long strings, looked over 64 bytes at a time: each escaped character at every
        // place of the first blocks and of the tail, alone and beside another.
        for c in ['\n', '"', '\\', '\u{1}', '\u{1f}', 'ế'] {
            for at in 0..200 {
                let mut s: Vec<char> = "Điều 7. Quy chế làm việc của Ban Thường vụ "
                    .chars()
                    .cycle()
                    .take(200)
                    .collect();
                s[at] = c;
                same(&s.iter().collect::<String>());
                s[(at * 7 + 3) % 200] = '"';
                same(&s.iter().collect::<String>());
            }
        }
        same("");
        same("Điều 7. \"Quy chế\" \\ hòa\nhoà\t\u{1f}\u{7f}");
    }

    #[derive(Serialize)]
    enum Kind {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<u32>, b: Vec<bool> },
    }

    #[derive(Serialize)]
    struct Shapes {
        bools: (bool, bool),
        ints: (i8, i16, i32, i64, i128, u8, u16, u32, u64, u128),
        extremes: (i64, u64, i128, u128),
        floats: (f32, f64, f64, f64),
        chars: Vec<char>,
        #[serde(with = "serde_bytes_like")]
        bytes: Vec<u8>,
        none: Option<String>,
        some: Option<String>,
        unit: (),
        kinds: Vec<Kind>,
        empty: Vec<u8>,
        map: BTreeMap<String, Vec<u32>>,
        int_keys: BTreeMap<i32, bool>,
        bool_keys: BTreeMap<bool, u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(flatten)]
        flat: BTreeMap<String, u8>,
    }

    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    /// Every kind of value serde has, written as serde_json writes it.
    #[test]
    fn every_shape_is_serde_jsons() {
        let v = Shapes {
            bools: (true, false),
            ints: (-8, -16, -32, -64, -128, 8, 16, 32, 64, 128),
            extremes: (i64::MIN, u64::MAX, i128::MIN, u128::MAX),
            floats: (1.5, -0.1, f64::NAN, 1e300),
            chars: vec!['a', '"', '\n', 'ư'],
            bytes: vec![0, 7, 255],
            none: None,
            some: Some("có".into()),
            unit: (),
            kinds: vec![
                Kind::Unit,
                Kind::Newtype(3),
                Kind::Tuple(-1, "t".into()),
                Kind::Struct { a: Some(1), b: vec![true] },
                Kind::Struct { a: None, b: vec![] },
            ],
            empty: vec![],
            map: [("k\"".to_string(), vec![1, 2]), (String::new(), vec![])].into(),
            int_keys: [(-3, true), (4, false)].into(),
            bool_keys: [(true, 1), (false, 0)].into(),
            skipped: None,
            flat: [("z".to_string(), 9)].into(),
        };
        same(&v);
        same(&Vec::<Kind>::new());
    }

    /// Float keys, written by hand (no float is `Ord`).
    struct FloatKeys;
    impl Serialize for FloatKeys {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut m = s.serialize_map(Some(2))?;
            m.serialize_entry(&0.1f32, &1)?;
            m.serialize_entry(&-2.5e10f64, &'c')?;
            m.end()
        }
    }

    #[test]
    fn float_keys_are_serde_jsons() {
        same(&FloatKeys);
    }

    /// A key serde_json refuses is refused.
    #[test]
    fn a_key_that_is_no_string_is_refused() {
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(serde_json::to_string(&map).is_err());
        assert!(write(&mut Vec::new(), &map).is_err());
    }
}
