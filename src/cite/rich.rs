//! Text with the little formatting a citation style gives it (italic titles, small capitals,
//! links), which the page writes as HTML and the PDF as Typst markup.

/// How a run of text is set.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Look {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub superscript: bool,
    pub subscript: bool,
    pub underline: bool,
}

/// A run of text set one way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub text: String,
    pub look: Look,
    /// An address the style links (a work's URL or DOI).
    pub link: Option<String>,
    /// Which work of the citation this run belongs to (its index in the citation's items),
    /// so a citation of several works links each to its own entry.
    pub item: Option<usize>,
}

/// Formatted text: runs in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rich {
    pub spans: Vec<Span>,
}

impl Rich {
    /// The words alone.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Adds a run, joining it to the last when it is set the same way.
    pub fn push(&mut self, text: &str, look: Look, link: Option<&str>, item: Option<usize>) {
        if text.is_empty() {
            return;
        }
        if let Some(last) = self.spans.last_mut()
            && last.look == look
            && last.link.as_deref() == link
            && last.item == item
        {
            last.text.push_str(text);
            return;
        }
        self.spans.push(Span {
            text: text.to_string(),
            look,
            link: link.map(str::to_string),
            item,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.spans.iter().all(|s| s.text.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_set_alike_are_joined() {
        let mut r = Rich::default();
        r.push("Doe, ", Look::default(), None, Some(0));
        r.push("2020", Look::default(), None, Some(0));
        let italic = Look {
            italic: true,
            ..Look::default()
        };
        r.push("Title", italic, None, Some(0));
        r.push("", italic, None, None);
        assert_eq!(r.spans.len(), 2);
        assert_eq!(r.plain(), "Doe, 2020Title");
    }
}
