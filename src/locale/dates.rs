//! A publication date as the language writes it ("June 30, 2023", "30 juin 2023",
//! "2023年6月30日"), from CLDR's long date format through ICU4X, in the Gregorian calendar.

use icu_calendar::Date;
use icu_calendar::cal::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;

/// The long date format of one language.
pub struct DateStyle(Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>);

impl std::fmt::Debug for DateStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DateStyle")
    }
}

impl DateStyle {
    pub fn new(locale: &icu_locale_core::Locale) -> DateStyle {
        DateStyle(FixedCalendarDateTimeFormatter::try_new(locale.into(), YMD::long()).ok())
    }

    /// `iso` (`YYYY-MM-DD`, a real day: the load stage checks it) written out; `None` for
    /// anything else.
    pub fn format(&self, iso: &str) -> Option<String> {
        let mut parts = iso.splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let date = Date::try_new_gregorian(year, month, day).ok()?;
        Some(self.0.as_ref()?.format(&date).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(tag: &str, iso: &str) -> Option<String> {
        DateStyle::new(&tag.parse().expect("a tag")).format(iso)
    }

    #[test]
    fn a_date_reads_as_its_language_writes_it() {
        assert_eq!(long("en", "2023-06-30").as_deref(), Some("June 30, 2023"));
        assert_eq!(long("en-GB", "2023-06-30").as_deref(), Some("30 June 2023"));
        assert_eq!(long("fr", "2023-06-30").as_deref(), Some("30 juin 2023"));
        assert_eq!(long("de", "2023-06-30").as_deref(), Some("30. Juni 2023"));
        assert_eq!(long("zh", "2023-06-30").as_deref(), Some("2023年6月30日"));
        assert_eq!(long("ja", "2023-06-30").as_deref(), Some("2023年6月30日"));
        assert_eq!(long("en", "2023-02-30"), None);
        assert_eq!(long("en", "30/06/2023"), None);
    }
}
