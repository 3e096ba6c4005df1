//! Splitting a chapter into its front matter and its Markdown body.
//!
//! Front matter is only the YAML block at the very top of the file, between a first line
//! `---` and the next line that is `---` or `...`. A `---` further down is Markdown (a rule or
//! a heading underline) and is never taken for metadata.

/// The parts of a chapter file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text with every line before it blanked, so its line numbers are the file's.
    pub yaml: Option<String>,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Why a file's front matter could not be split off.
#[derive(Debug, PartialEq, Eq)]
pub struct Unterminated;

pub fn split(text: &str) -> Result<Split<'_>, Unterminated> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            body: text,
            body_offset: 0,
        });
    }
    let mut offset = first_end;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..end].trim_end();
        if line == "---" || line == "..." {
            let yaml = format!("\n{}", &text[first_end..offset]);
            return Ok(Split {
                yaml: Some(yaml),
                body: &text[end..],
                body_offset: end,
            });
        }
        offset = end;
    }
    Err(Unterminated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_only_the_block_at_the_top() {
        let s = split("---\ntitle: A\n---\nText\n\n---\nnot: meta\n---\nMore\n").unwrap();
        assert_eq!(s.yaml.as_deref(), Some("\ntitle: A\n"));
        assert_eq!(s.body, "Text\n\n---\nnot: meta\n---\nMore\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let s = split("# Title\n---\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn crlf_and_dots_close_the_block() {
        let s = split("---\r\ntitle: A\r\n...\r\nBody").unwrap();
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn an_unclosed_block_is_an_error() {
        assert_eq!(split("---\ntitle: A\n"), Err(Unterminated));
    }
}
