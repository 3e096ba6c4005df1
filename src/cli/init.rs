//! `almanac init [DIR]`: start a new project.

use super::output::print_diagnostics;
use almanac::init::Gitignore;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

pub fn run(dir: PathBuf) -> ExitCode {
    match almanac::init::init(&dir, current_year()) {
        Ok(made) => {
            let shown = dir.display();
            eprintln!(
                "started a project in {shown}: {} files, one report with its {} edition in {}",
                made.files.len(),
                made.edition.rsplit('/').next().unwrap_or_default(),
                made.edition
            );
            match &made.gitignore {
                Gitignore::Written => {}
                Gitignore::Kept => eprintln!(
                    "note: {shown}/.gitignore was there already and is unchanged: add `site/` and `.site.*` to it, so the built site is never committed"
                ),
                Gitignore::Failed(why) => eprintln!(
                    "warning: {shown}/.gitignore could not be written ({why}): add `site/` and `.site.*` to one, so the built site is never committed"
                ),
            }
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", shell_word(&shown.to_string()))
            };
            eprintln!(
                "next: {cd}almanac check, then almanac build (the site goes into site/), or almanac serve to preview it as you write"
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&[d]);
            ExitCode::from(1)
        }
    }
}

/// `text` as one word a POSIX shell reads back as it is: quoted unless it is plainly safe.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/' | b'+'))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// This year, by the system clock (UTC): the new project's first edition.
fn current_year() -> u16 {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    year_of_day(days)
}

/// The year of a day counted from 1970-01-01 (the proleptic Gregorian calendar).
fn year_of_day(days: u64) -> u16 {
    // Howard Hinnant's days-to-civil, reduced to the year.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let year = yoe + era * 400 + i64::from(mp >= 10);
    u16::try_from(year.clamp(1970, 9998)).unwrap_or(2026)
}

#[cfg(test)]
mod tests {
    use super::{shell_word, year_of_day};

    #[test]
    fn a_folder_is_shown_as_one_shell_word() {
        assert_eq!(shell_word("my-reports/2026"), "my-reports/2026");
        assert_eq!(shell_word("my reports"), "'my reports'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("$(rm -rf x)"), "'$(rm -rf x)'");
    }

    #[test]
    fn days_give_their_year() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(364), 1970);
        assert_eq!(year_of_day(365), 1971);
        // 2000-02-29 and 2000-12-31, 2001-01-01.
        assert_eq!(year_of_day(11_016), 2000);
        assert_eq!(year_of_day(11_322), 2000);
        assert_eq!(year_of_day(11_323), 2001);
        // 2026-12-05.
        assert_eq!(year_of_day(20_792), 2026);
    }
}
