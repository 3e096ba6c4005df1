//! `almanac check`: everything `build` validates, nothing written.

use super::output::{count, print_diagnostics, restore_site};
use almanac::core::diagnostic::printable;
use almanac::{BuildOptions, Diagnostic, Severity};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages on standard error.
    Human,
    /// A JSON array of diagnostics on standard output.
    Json,
    /// GitHub Actions workflow commands on standard output, one per diagnostic, so each
    /// shows on the pull request's diff.
    Github,
}

pub fn run(root: PathBuf, strict: bool, format: Format, drafts: bool) -> ExitCode {
    restore_site(&root);
    let mut options = BuildOptions::new(root);
    options.drafts = drafts;
    let mut diags = almanac::check(&options);
    if strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match format {
        Format::Json => match serde_json::to_string_pretty(&diags) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write the diagnostics as JSON: {e}");
                return ExitCode::from(1);
            }
        },
        Format::Github => {
            for d in &diags {
                println!("{}", github_command(d, &options.root));
            }
            print_summary(&options.root, errors, warnings, strict);
        }
        Format::Human => {
            print_diagnostics(&diags);
            print_summary(&options.root, errors, warnings, strict);
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_summary(root: &Path, errors: usize, warnings: usize, strict: bool) {
    eprintln!(
        "checked {}: {}, {}{}",
        root.display(),
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings"),
        if strict {
            " (--strict: warnings count as errors)"
        } else {
            ""
        }
    );
}

/// One GitHub Actions workflow command (`::error file=…,line=…,col=…,title=CODE::message`).
/// The file is named from the folder the command runs in, as the repository names it, so
/// the annotation lands on the pull request's diff.
fn github_command(d: &Diagnostic, root: &Path) -> String {
    let mut properties = Vec::new();
    if let Some(file) = &d.file {
        let path = root.join(file);
        let shown = path.to_string_lossy().replace('\\', "/");
        let shown = printable(&shown);
        let shown = shown.strip_prefix("./").unwrap_or(&shown);
        properties.push(format!("file={}", github_property(shown)));
        if let Some(line) = d.line {
            properties.push(format!("line={line}"));
        }
        if let Some(col) = d.column {
            properties.push(format!("col={col}"));
        }
    }
    properties.push(format!("title={}", github_property(d.code.as_str())));
    // Control and bidi characters are written as escapes, as the human format writes them,
    // so no text can colour or reorder the log; the one line break is the help's.
    let mut message = printable(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&printable(help));
    }
    format!(
        "::{} {}::{}",
        if d.is_error() { "error" } else { "warning" },
        properties.join(","),
        github_data(&message)
    )
}

/// A workflow command's message: `%`, CR and LF encoded, so one diagnostic is one command.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: its message encoding, and `:` and `,` too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use almanac::core::code::Code;

    #[test]
    fn a_diagnostic_is_one_command_with_every_special_character_encoded() {
        let mut d = Diagnostic::error(Code::UnknownKey, "unknown field `a%b`,\nnext: line\r");
        d.file = Some("content/a,b:c/site.yaml".into());
        d.line = Some(3);
        d.column = Some(7);
        d.help = Some("did you mean `title`?".into());
        assert_eq!(
            github_command(&d, Path::new("reports")),
            "::error file=reports/content/a%2Cb%3Ac/site.yaml,line=3,col=7,title=unknown-key::unknown field `a%25b`,\\nnext: line\\r%0Ahelp: did you mean `title`?"
        );
    }

    #[test]
    fn control_and_bidi_characters_are_escaped_and_a_file_name_cannot_break_the_command() {
        let mut d = Diagnostic::error(Code::UnknownKey, "red \u{1b}[31m or \u{202e}reversed");
        d.file = Some("content/a\n::error x/site.yaml".into());
        let line = github_command(&d, Path::new("."));
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{202e}'),
            "{line}"
        );
        assert!(
            line.contains("red \\u{1b}[31m or \\u{202e}reversed"),
            "{line}"
        );
        assert!(
            line.starts_with("::error file=content/a\\n%3A%3Aerror x/site.yaml,title="),
            "{line}"
        );
    }

    #[test]
    fn a_warning_without_a_place_names_no_file() {
        let d = Diagnostic::warning(Code::UnusedBox, "never shown");
        assert_eq!(
            github_command(&d, Path::new(".")),
            "::warning title=unused-box::never shown"
        );
        let d = d.in_file("content/x.md");
        assert_eq!(
            github_command(&d, Path::new(".")),
            "::warning file=content/x.md,title=unused-box::never shown"
        );
    }
}
