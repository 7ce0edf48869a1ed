//! Every number a workshop saves is finite: JSON cannot hold NaN or infinity (`serde_json`
//! writes them as `null`, which the file then refuses to load). A serializer that writes
//! nothing and looks only at the numbers walks the workshop once, so every saved `f64` is
//! checked, including those of fields added later, for much less than encoding it twice.

use std::fmt;

use serde::Serialize;
use serde::ser;

/// Where the first number that is not finite is, as a path of field names
/// (`objectives.key_results.kind.target`), or `None` when every number is finite.
pub(crate) fn first_non_finite(value: &impl Serialize) -> Option<String> {
    match value.serialize(&mut Finite) {
        Ok(()) => None,
        Err(NotFinite(path)) => Some(if path.is_empty() { "a number".to_string() } else { path }),
    }
}

struct Finite;

/// The path to the number that is not finite.
#[derive(Debug)]
struct NotFinite(String);

impl fmt::Display for NotFinite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not a finite number", self.0)
    }
}

impl std::error::Error for NotFinite {}

impl ser::Error for NotFinite {
    fn custom<T: fmt::Display>(_: T) -> Self {
        // Not a number problem: the encoder itself will say what it is.
        NotFinite(String::new())
    }
}

/// `field.rest`, as an error climbs out of a field.
fn within(field: &str, NotFinite(rest): NotFinite) -> NotFinite {
    NotFinite(if rest.is_empty() { field.to_string() } else { format!("{field}.{rest}") })
}

fn check(v: f64) -> Result<(), NotFinite> {
    if v.is_finite() { Ok(()) } else { Err(NotFinite(String::new())) }
}

/// The scalar kinds that hold no float.
macro_rules! nothing_to_check {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<(), NotFinite> { Ok(()) })*
    };
}

impl ser::Serializer for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    nothing_to_check!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    );

    fn serialize_f32(self, v: f32) -> Result<(), NotFinite> {
        check(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), NotFinite> {
        check(v)
    }
    fn serialize_none(self) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), NotFinite> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), NotFinite> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotFinite> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, NotFinite> {
        Ok(self)
    }
}

/// The compound kinds: each element or field is checked in turn.
macro_rules! elements {
    ($($trait:ident::$method:ident),* $(,)?) => {
        $(impl ser::$trait for &mut Finite {
            type Ok = ();
            type Error = NotFinite;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NotFinite> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), NotFinite> {
                Ok(())
            }
        })*
    };
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Fields: an error names the field it came from.
macro_rules! fields {
    ($($trait:ident),* $(,)?) => {
        $(impl ser::$trait for &mut Finite {
            type Ok = ();
            type Error = NotFinite;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), NotFinite> {
                value.serialize(&mut **self).map_err(|e| within(key, e))
            }
            fn end(self) -> Result<(), NotFinite> {
                Ok(())
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, _: &T) -> Result<(), NotFinite> {
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), NotFinite> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), NotFinite> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Inner {
        value: f64,
        maybe: Option<f64>,
    }

    #[derive(Serialize)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
        map: std::collections::BTreeMap<String, f64>,
    }

    #[test]
    fn names_the_first_number_that_is_not_finite() {
        let ok = Outer { name: "x".into(), items: vec![Inner { value: 1.0, maybe: None }], map: [("a".into(), 2.0)].into() };
        assert_eq!(first_non_finite(&ok), None);
        let nan = Outer { items: vec![Inner { value: 1.0, maybe: Some(f64::NAN) }], ..ok };
        assert_eq!(first_non_finite(&nan).as_deref(), Some("items.maybe"));
        let inf = Outer { name: "y".into(), items: vec![], map: [("a".into(), f64::INFINITY)].into() };
        assert_eq!(first_non_finite(&inf).as_deref(), Some("map"));
    }
}
