//! The values a data file holds where one value belongs (a box's cell, a chart's category or
//! data point), and a box's row of them, as the model keeps them.
//!
//! A [`Scalar`] is what was written: text, a number with its digits, true/false, nothing, or
//! the shape of what stands where a single value should (a list, a mapping, a tagged value),
//! kept so that checks can say what was found. A [`Row`] keeps its keys in the order written
//! and looks them up by name. Both read themselves from any serde format; the load stage
//! hands them the YAML.

use crate::core::decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde::ser::{Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A number as the data wrote it: an integer with every digit (to 2^64), or a float, whose
/// shortest form is the digits the author wrote (`.inf` and `.nan` included, so that checks
/// can refuse them by name).
#[derive(Debug, Clone, Copy)]
pub struct Number(Repr);

#[derive(Debug, Clone, Copy)]
enum Repr {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl Number {
    /// Written with a fraction or an exponent (`5.0`, `1e6`, `.inf`), not as an integer.
    pub fn is_float(&self) -> bool {
        matches!(self.0, Repr::Float(_))
    }

    pub fn is_finite(&self) -> bool {
        match self.0 {
            Repr::Float(f) => f.is_finite(),
            Repr::PosInt(_) | Repr::NegInt(_) => true,
        }
    }

    /// The nearest `f64`: for drawing and comparing, never for printing.
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            Repr::PosInt(u) => u as f64,
            Repr::NegInt(i) => i as f64,
            Repr::Float(f) => f,
        }
    }

    /// The number with its digits: an integer's every digit, a float's shortest form; `None`
    /// for `.inf` and `.nan`.
    pub fn decimal(&self) -> Option<Decimal> {
        match self.0 {
            Repr::PosInt(u) => Some(Decimal::from(u)),
            Repr::NegInt(i) => Some(Decimal::from(i)),
            Repr::Float(f) => Decimal::from_f64(f),
        }
    }
}

impl From<u64> for Number {
    fn from(u: u64) -> Number {
        Number(Repr::PosInt(u))
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        match u64::try_from(i) {
            Ok(u) => Number(Repr::PosInt(u)),
            Err(_) => Number(Repr::NegInt(i)),
        }
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Number {
        Number(Repr::Float(f))
    }
}

/// Integers by their digits; floats in their shortest form with a point or an exponent
/// (`5.0`, `73.2`, `1e20`), `.inf`, `-.inf` and `.nan`: the form a download carries.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::PosInt(u) => write!(f, "{u}"),
            Repr::NegInt(i) => write!(f, "{i}"),
            Repr::Float(v) if v.is_nan() => f.write_str(".nan"),
            Repr::Float(v) if v.is_infinite() && v.is_sign_negative() => f.write_str("-.inf"),
            Repr::Float(v) if v.is_infinite() => f.write_str(".inf"),
            Repr::Float(v) => f.write_str(ryu::Buffer::new().format_finite(v)),
        }
    }
}

/// The same number, as data files compare keys: integers and floats never equal each other;
/// `.nan` equals itself.
impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        match (self.0, other.0) {
            (Repr::PosInt(a), Repr::PosInt(b)) => a == b,
            (Repr::NegInt(a), Repr::NegInt(b)) => a == b,
            (Repr::Float(a), Repr::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => false,
        }
    }
}

impl Eq for Number {}

impl Hash for Number {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self.0 {
            Repr::PosInt(u) => (0u8, u).hash(h),
            Repr::NegInt(i) => (1u8, i).hash(h),
            Repr::Float(f) => {
                // Equal floats hash alike: every NaN as one, and -0.0 as 0.0.
                let bits = if f.is_nan() {
                    f64::NAN.to_bits()
                } else if f == 0.0 {
                    0.0f64.to_bits()
                } else {
                    f.to_bits()
                };
                (2u8, bits).hash(h)
            }
        }
    }
}

/// What stands where a single value belongs but is not one; its content is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    List,
    Mapping,
}

/// One value of the data where a single value belongs, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    /// A list or a mapping.
    Other(Shape),
    /// A value under a tag (`!x 3`): never a cell, but its number is still a chart's number.
    Tagged(Box<Scalar>),
}

impl Scalar {
    /// What the value is, in words, for "expected …, found …" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Scalar::Null => "nothing",
            Scalar::Bool(_) => "true/false",
            Scalar::Number(n) if n.is_float() && !n.is_finite() => {
                "a value that is not a finite number"
            }
            Scalar::Number(n) if n.is_float() => "a number with decimals",
            Scalar::Number(_) => "a whole number",
            Scalar::String(_) => "text",
            Scalar::Other(Shape::List) => "a list",
            Scalar::Other(Shape::Mapping) => "a mapping",
            Scalar::Tagged(_) => "a tagged value",
        }
    }

    /// The raw text of the value, as a download carries it: text as written, numbers in
    /// their shortest exact form, nothing for `null` or what is not a scalar.
    pub fn raw_text(&self) -> Cow<'_, str> {
        match self {
            Scalar::Null => Cow::Borrowed(""),
            Scalar::String(s) => Cow::Borrowed(s),
            Scalar::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Scalar::Number(n) => Cow::Owned(n.to_string()),
            Scalar::Other(_) | Scalar::Tagged(_) => Cow::Borrowed(""),
        }
    }

    /// The number the value holds, under any tags; `None` for anything else.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Scalar::Number(n) => Some(n.as_f64()),
            Scalar::Tagged(inner) => inner.as_f64(),
            _ => None,
        }
    }
}

/// As a download's JSON carries a cell. Only scalars reach a download (resolve refuses any
/// other cell); anything else is written as `null`.
impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Null | Scalar::Other(_) | Scalar::Tagged(_) => s.serialize_unit(),
            Scalar::Bool(b) => s.serialize_bool(*b),
            Scalar::Number(Number(Repr::PosInt(u))) => s.serialize_u64(*u),
            Scalar::Number(Number(Repr::NegInt(i))) => s.serialize_i64(*i),
            Scalar::Number(Number(Repr::Float(f))) => s.serialize_f64(*f),
            Scalar::String(t) => s.serialize_str(t),
        }
    }
}

/// A value as written; in an edition with translations, a mapping from its languages to
/// values is the value of the language being read (`model::text`).
impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        match Node::deserialize(d)? {
            Node::Map(mut entries) => {
                let keys = entries.iter().map(|(k, _)| match k {
                    Node::String(s) => Some(s.as_str()),
                    _ => None,
                });
                match super::text::choose(keys) {
                    // Text is translated; a number, the same in every language, never is.
                    Ok(Some(_))
                        if entries
                            .iter()
                            .any(|(_, v)| !matches!(v, Node::String(_) | Node::Null)) =>
                    {
                        Err(de::Error::custom(
                            "a value in several languages must be text in each: a number is the same in every language, so write it once, without languages",
                        ))
                    }
                    Ok(Some(i)) => Ok(Scalar::from(entries.swap_remove(i).1)),
                    Ok(None) => Ok(Scalar::from(Node::Map(entries))),
                    Err(why) => Err(de::Error::custom(why)),
                }
            }
            node => Ok(Scalar::from(node)),
        }
    }
}

impl From<Node> for Scalar {
    fn from(node: Node) -> Scalar {
        match node {
            Node::Null => Scalar::Null,
            Node::Bool(b) => Scalar::Bool(b),
            Node::Number(n) => Scalar::Number(n),
            Node::String(s) => Scalar::String(s),
            Node::List(_) => Scalar::Other(Shape::List),
            Node::Map(_) => Scalar::Other(Shape::Mapping),
            Node::Tagged(_, inner) => Scalar::Tagged(Box::new(Scalar::from(*inner))),
        }
    }
}

/// One row of a box: column key → value, in the order written, looked up by key.
///
/// A row holds no map of its keys: a box of 10,000 rows would spend more on the maps than
/// on its values. A short row (most are: a row has a cell per column) is looked up by
/// scanning its keys; a longer one keeps the places of its text keys sorted by key, for a
/// binary search.
#[derive(Clone, Default)]
pub struct Row {
    /// Every key and its value, in order; a key is usually text, but may be any value.
    entries: Vec<(Scalar, Scalar)>,
    /// For a row of more than [`SCANNED`] entries, the places in `entries` of the text keys,
    /// in the order of the keys; empty for a shorter row.
    sorted: Box<[usize]>,
}

/// The most entries a row looks a key up in by scanning them.
const SCANNED: usize = 16;

impl Row {
    pub fn new() -> Row {
        Row::default()
    }

    /// The text of the key of entry `i`, if it is text.
    fn text_key(&self, i: usize) -> Option<&str> {
        match &self.entries[i].0 {
            Scalar::String(k) => Some(k),
            _ => None,
        }
    }

    /// The place in `entries` of the text key `key`.
    fn place(&self, key: &str) -> Option<usize> {
        if self.entries.len() <= SCANNED {
            return (0..self.entries.len()).find(|&i| self.text_key(i) == Some(key));
        }
        self.sorted
            .binary_search_by(|&i| self.text_key(i).cmp(&Some(key)))
            .ok()
            .map(|p| self.sorted[p])
    }

    /// Sorts the places of the text keys of a long row: called once the row has a new
    /// entry (its text keys are all different).
    fn index(&mut self) {
        self.sorted = if self.entries.len() > SCANNED {
            let mut places: Vec<usize> = (0..self.entries.len())
                .filter(|&i| self.text_key(i).is_some())
                .collect();
            places.sort_unstable_by(|&a, &b| self.text_key(a).cmp(&self.text_key(b)));
            places.into_boxed_slice()
        } else {
            Box::default()
        };
    }

    /// The value under the text key `key`: `None` when the row has no such key.
    pub fn get(&self, key: &str) -> Option<&Scalar> {
        self.place(key).map(|i| &self.entries[i].1)
    }

    /// Sets the value under the text key `key`: in its place when the row has it, else last.
    pub fn insert(&mut self, key: &str, value: Scalar) {
        match self.place(key) {
            Some(i) => self.entries[i].1 = value,
            None => {
                self.entries.push((Scalar::String(key.to_string()), value));
                self.index();
            }
        }
    }

    /// The keys, in the order written.
    pub fn keys(&self) -> impl Iterator<Item = &Scalar> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The keys and their values, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&Scalar, &Scalar)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A mapping; `null` is a row without cells. A key written twice is refused, with the
/// message data files give for any repeated key.
impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Row, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Row;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a YAML mapping")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Row, E> {
                Ok(Row::new())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
                let mut row = Row::new();
                let mut seen: HashSet<Node> = HashSet::new();
                while let Some(key) = map.next_key::<Node>()? {
                    if let Some(first) = seen.get(&key) {
                        return Err(de::Error::custom(duplicate_key(first)));
                    }
                    let value: Scalar = map.next_value()?;
                    row.entries.push((Scalar::from(key.clone()), value));
                    seen.insert(key);
                }
                row.entries.shrink_to_fit();
                row.index();
                Ok(row)
            }
        }
        d.deserialize_map(V)
    }
}

/// A whole value of the data, nested lists and mappings included: what a value is read as
/// before it becomes a [`Scalar`], so that a mapping anywhere in it refuses a repeated key,
/// and what a row's keys are told apart by.
#[derive(Debug, Clone)]
enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
    Tagged(String, Box<Node>),
}

/// A tag's name without its `!` (`!x` and `x` are one tag, `!` itself is kept).
fn tag_name(tag: &str) -> &str {
    match tag.strip_prefix('!') {
        Some("") | None => tag,
        Some(name) => name,
    }
}

/// Equality of keys: mappings regardless of the order of their entries, tags by name.
impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Null, Node::Null) => true,
            (Node::Bool(a), Node::Bool(b)) => a == b,
            (Node::Number(a), Node::Number(b)) => a == b,
            (Node::String(a), Node::String(b)) => a == b,
            (Node::List(a), Node::List(b)) => a == b,
            (Node::Map(a), Node::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v == v2))
            }
            (Node::Tagged(t, a), Node::Tagged(u, b)) => tag_name(t) == tag_name(u) && a == b,
            _ => false,
        }
    }
}

impl Eq for Node {}

impl Hash for Node {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Node::Null => 0u8.hash(h),
            Node::Bool(b) => (1u8, b).hash(h),
            Node::Number(n) => {
                2u8.hash(h);
                n.hash(h);
            }
            Node::String(s) => (3u8, s).hash(h),
            Node::List(items) => (4u8, items).hash(h),
            Node::Map(entries) => {
                // Alike whatever the order of the entries, as equality is.
                let sum = entries.iter().fold(0u64, |acc, entry| {
                    let mut one = std::collections::hash_map::DefaultHasher::new();
                    entry.hash(&mut one);
                    acc.wrapping_add(one.finish())
                });
                (5u8, entries.len(), sum).hash(h);
            }
            Node::Tagged(tag, inner) => (6u8, tag_name(tag), inner).hash(h),
        }
    }
}

/// The message for a key written twice in one mapping, naming the first.
fn duplicate_key(first: &Node) -> String {
    match first {
        Node::Null => "duplicate entry with null key".to_string(),
        Node::Bool(b) => format!("duplicate entry with key `{b}`"),
        Node::Number(n) => format!("duplicate entry with key {n}"),
        Node::String(s) => format!("duplicate entry with key {s:?}"),
        Node::List(_) | Node::Map(_) | Node::Tagged(..) => {
            "duplicate entry in YAML map".to_string()
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
                Ok(Node::Bool(b))
            }
            fn visit_i64<E: de::Error>(self, i: i64) -> Result<Node, E> {
                Ok(Node::Number(i.into()))
            }
            fn visit_u64<E: de::Error>(self, u: u64) -> Result<Node, E> {
                Ok(Node::Number(u.into()))
            }
            fn visit_f64<E: de::Error>(self, f: f64) -> Result<Node, E> {
                Ok(Node::Number(f.into()))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
                Ok(Node::String(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Node, E> {
                Ok(Node::String(s))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries: Vec<(Node, Node)> = Vec::new();
                let mut seen: HashSet<Node> = HashSet::new();
                while let Some(key) = map.next_key::<Node>()? {
                    if let Some(first) = seen.get(&key) {
                        return Err(de::Error::custom(duplicate_key(first)));
                    }
                    let value: Node = map.next_value()?;
                    seen.insert(key.clone());
                    entries.push((key, value));
                }
                Ok(Node::Map(entries))
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
                let (Tag(tag), contents) = data.variant::<Tag>()?;
                let value: Node = contents.newtype_variant()?;
                Ok(Node::Tagged(tag, Box::new(value)))
            }
        }
        d.deserialize_any(V)
    }
}

/// The name of a tag, which cannot be empty.
struct Tag(String);

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tag, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Tag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a YAML tag string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Tag, E> {
                self.visit_string(s.to_owned())
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Tag, E> {
                if s.is_empty() {
                    return Err(E::custom("empty YAML tag is not allowed"));
                }
                Ok(Tag(s))
            }
        }
        d.deserialize_string(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(yaml: &str) -> Scalar {
        serde_yaml::from_str(yaml).expect("a value")
    }

    fn row(yaml: &str) -> Row {
        serde_yaml::from_str(yaml).expect("a row")
    }

    fn row_error(yaml: &str) -> String {
        serde_yaml::from_str::<Row>(yaml)
            .expect_err("a refused row")
            .to_string()
    }

    #[test]
    fn a_number_keeps_its_digits_and_how_it_was_written() {
        let Scalar::Number(big) = scalar("12345678901234567891") else {
            panic!("a number");
        };
        assert!(!big.is_float());
        assert_eq!(
            big.decimal().map(|d| d.digits().to_string()).as_deref(),
            Some("12345678901234567891")
        );
        assert_eq!(big.to_string(), "12345678901234567891");
        let Scalar::Number(neg) = scalar("-9007199254740993") else {
            panic!("a number");
        };
        assert_eq!(neg.to_string(), "-9007199254740993");
        assert_eq!(
            neg.decimal().map(|d| d.digits().to_string()).as_deref(),
            Some("-9007199254740993")
        );
        let Scalar::Number(five) = scalar("5.0") else {
            panic!("a number");
        };
        assert!(five.is_float());
        assert_eq!(five.to_string(), "5.0");
        assert_eq!(
            five.decimal().map(|d| d.digits().to_string()).as_deref(),
            Some("5")
        );
        assert_eq!(scalar("73.2").raw_text(), "73.2");
        assert_eq!(scalar("1.0e20").raw_text(), "1e20");
        assert_eq!(scalar("-.inf").raw_text(), "-.inf");
        let Scalar::Number(nan) = scalar(".nan") else {
            panic!("a number");
        };
        assert_eq!(nan.decimal(), None);
        assert_eq!(
            scalar(".nan").describe(),
            "a value that is not a finite number"
        );
        assert_eq!(scalar("1.5").describe(), "a number with decimals");
        assert_eq!(scalar("15").describe(), "a whole number");
    }

    #[test]
    fn what_is_not_a_scalar_is_told_by_its_shape() {
        assert_eq!(scalar("[1, [2]]"), Scalar::Other(Shape::List));
        assert_eq!(scalar("[1, [2]]").describe(), "a list");
        assert_eq!(scalar("{ a: [1] }").describe(), "a mapping");
        assert_eq!(scalar("[1]").raw_text(), "");
        assert_eq!(scalar("~"), Scalar::Null);
        assert_eq!(scalar("'2016'"), Scalar::String("2016".into()));
        assert_eq!(scalar("yes"), Scalar::String("yes".into()));
        assert_eq!(scalar("true"), Scalar::Bool(true));
        let tagged = scalar("!x 3");
        assert_eq!(tagged.describe(), "a tagged value");
        assert_eq!(tagged.raw_text(), "");
        assert_eq!(tagged.as_f64(), Some(3.0));
        assert_eq!(scalar("'3'").as_f64(), None);
    }

    #[test]
    fn a_row_keeps_its_keys_in_the_order_written() {
        let r = row("{ zeta: 1, alpha: two, 2016: x, mid: ~ }");
        let keys: Vec<String> = r.keys().map(|k| k.raw_text().into_owned()).collect();
        assert_eq!(keys, ["zeta", "alpha", "2016", "mid"]);
        assert_eq!(r.get("alpha"), Some(&Scalar::String("two".into())));
        assert_eq!(r.get("mid"), Some(&Scalar::Null));
        // Only a text key is found by name: `2016:` is a number.
        assert_eq!(r.get("2016"), None);
        assert_eq!(r.get("omega"), None);
        assert!(row("{}").is_empty());

        let mut built = Row::new();
        built.insert("b", Scalar::Null);
        built.insert("a", Scalar::Bool(true));
        built.insert("b", Scalar::String("again".into()));
        let keys: Vec<_> = built.keys().map(|k| k.raw_text().into_owned()).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(built.get("b"), Some(&Scalar::String("again".into())));
    }

    #[test]
    fn a_long_row_finds_every_text_key_as_a_short_one_does() {
        // Past the scanned length, keys are found through their sorted places: written out
        // of order, with number keys among them, and added to after reading.
        let names: Vec<String> = (0..40).map(|i| format!("k{}", (i * 7) % 40)).collect();
        let yaml = names
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k}: {i}, {i}: n{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut r = row(&format!("{{ {yaml} }}"));
        assert_eq!(r.len(), 80);
        for (i, k) in names.iter().enumerate() {
            assert_eq!(r.get(k), Some(&Scalar::Number((i as u64).into())), "{k}");
        }
        assert_eq!(r.get("0"), None, "a number key is not found by name");
        assert_eq!(r.get("k40"), None);
        assert_eq!(r.get(""), None);
        r.insert("k3", Scalar::Null);
        r.insert("a-new-key", Scalar::Bool(true));
        assert_eq!(r.get("k3"), Some(&Scalar::Null));
        assert_eq!(r.get("a-new-key"), Some(&Scalar::Bool(true)));
        // `k4` is the 12th key written (12 × 7 = 84 = 2 × 40 + 4): its value is 12.
        assert_eq!(r.get("k4"), Some(&Scalar::Number(12u64.into())));
        assert_eq!(r.len(), 81);
        let last = r.keys().last().map(|k| k.raw_text().into_owned());
        assert_eq!(last.as_deref(), Some("a-new-key"));
    }

    #[test]
    fn a_repeated_key_is_refused_anywhere_in_a_row() {
        assert_eq!(
            row_error("{ a: 1, a: 2 }"),
            "duplicate entry with key \"a\""
        );
        assert_eq!(row_error("{ 1: x, 1: y }"), "duplicate entry with key 1");
        assert_eq!(
            row_error("{ true: x, true: y }"),
            "duplicate entry with key `true`"
        );
        assert_eq!(row_error("{ ~: x, ~: y }"), "duplicate entry with null key");
        assert_eq!(
            row_error("{ v: { b: 1, b: 2 } }"),
            "v: duplicate entry with key \"b\" at line 1 column 6"
        );
        assert_eq!(
            row_error("{ ? { a: 1, b: 2 } : x, ? { b: 2, a: 1 } : y }"),
            "duplicate entry in YAML map"
        );
        // Integers and floats, and text and numbers, are different keys.
        assert_eq!(row("{ 1: x, 1.0: y, '1': z }").len(), 3);
        assert!(row_error("[1]").contains("expected a YAML mapping"));
    }

    /// The raw text of a YAML value, as the model read it before it had its own values.
    fn yaml_raw_text(v: &serde_yaml::Value) -> String {
        match v {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            _ => String::new(),
        }
    }

    #[test]
    fn rows_read_and_fail_as_yaml_mappings_do() {
        for yaml in [
            "[{ a: 1, b: 2.50, c: '3', d: ~, e: true, f: [1, 2], g: { x: 1 } }]",
            "[{ 2016: a, -5: b, 1.5e3: c, .inf: d, ~: e, [1]: f, !t x: g }]",
            "[~, {}]",
            "[{ a: 123456789012345678901234567890 }]",
            "[{ a: !t [1, { b: 1, b: 2 }] }]",
            "[{ a: 1 }, { a: 1, a: 1 }]",
            "[{ a: { [1, 2]: x, [1, 2]: y } }]",
            "[{ a: { { p: 1 }: x, { p: 2 }: y } }]",
            "[{ a: 0.0, b: -0.0, c: .nan, d: 0x1F, e: 1_000 }]",
            "[{ a: 0.0 }, { ? 0.0 : x, ? -0.0 : y }]",
            "[[1]]",
            "[5]",
            "{ a: 1 }",
        ] {
            let theirs = serde_yaml::from_str::<Vec<serde_yaml::Mapping>>(yaml);
            let ours = serde_yaml::from_str::<Vec<Row>>(yaml);
            match (theirs, ours) {
                (Ok(theirs), Ok(ours)) => {
                    let theirs: Vec<Vec<(String, String)>> = theirs
                        .iter()
                        .map(|r| {
                            r.iter()
                                .map(|(k, v)| (yaml_raw_text(k), yaml_raw_text(v)))
                                .collect()
                        })
                        .collect();
                    let ours: Vec<Vec<(String, String)>> = ours
                        .iter()
                        .map(|r| {
                            r.iter()
                                .map(|(k, v)| {
                                    (k.raw_text().into_owned(), v.raw_text().into_owned())
                                })
                                .collect()
                        })
                        .collect();
                    assert_eq!(theirs, ours, "{yaml}");
                }
                (Err(theirs), Err(ours)) => {
                    assert_eq!(theirs.to_string(), ours.to_string(), "{yaml}")
                }
                (theirs, ours) => panic!("{yaml}: {theirs:?} but {ours:?}"),
            }
        }
    }

    #[test]
    fn a_cell_serializes_as_written() {
        let json = |yaml: &str| serde_json::to_string(&scalar(yaml)).expect("json");
        assert_eq!(json("12345678901234567891"), "12345678901234567891");
        assert_eq!(json("-3"), "-3");
        assert_eq!(json("5.0"), "5.0");
        assert_eq!(json("text"), "\"text\"");
        assert_eq!(json("~"), "null");
        assert_eq!(json("false"), "false");
    }
}
