//! The generic reader for the lexicon's tab-separated files (format in `lexicon/README.md`).
//!
//! Columns are found by name from the header, `#` starts a comment line, blank lines are
//! skipped, ` | ` separates several values in one field and an empty field or `-` means none.
//! Every field keeps its [`Origin`] so that typed loaders can report `file:line:column`.

use crate::error::{Error, ErrorKind, Origin};

/// A parsed file: its header, its rows, the errors of rows that were skipped, and the text of
/// its first comment line (`# table: … v3` names a table's version).
#[derive(Debug)]
pub struct Table<'a> {
    pub file: String,
    pub columns: Vec<&'a str>,
    pub rows: Vec<Row<'a>>,
    pub errors: Vec<Error>,
    pub first_comment: Option<&'a str>,
}

/// One record: its 1-based line number and one [`Field`] per header column (missing trailing
/// fields are empty).
#[derive(Clone, Debug)]
pub struct Row<'a> {
    pub line: usize,
    fields: Vec<Field<'a>>,
}

/// One field's raw text (trimmed) and where it starts.
#[derive(Clone, Debug)]
pub struct Field<'a> {
    pub text: &'a str,
    pub origin: Origin,
}

impl<'a> Table<'a> {
    /// Parses `text` read from `file`. Every header column must be in `allowed`, every column of
    /// `required` must be present. Header problems are fatal; a bad row is skipped and recorded
    /// in [`Table::errors`].
    pub fn parse(
        file: &str,
        text: &'a str,
        allowed: &[&str],
        required: &[&str],
    ) -> Result<Table<'a>, Error> {
        let mut table = Table {
            file: file.to_owned(),
            columns: Vec::new(),
            rows: Vec::new(),
            errors: Vec::new(),
            first_comment: None,
        };
        let mut header_seen = false;
        for (i, raw) in text.split('\n').enumerate() {
            let line_no = i + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let line = if i == 0 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            if line.trim().is_empty() {
                continue;
            }
            if let Some(comment) = line.trim_start().strip_prefix('#') {
                if table.first_comment.is_none() && !header_seen {
                    table.first_comment = Some(comment.trim());
                }
                continue;
            }
            let fields = split_fields(file, line_no, line);
            if !header_seen {
                header_seen = true;
                for f in &fields {
                    if !allowed.contains(&f.text) {
                        return Err(Error::new(
                            f.origin.clone(),
                            ErrorKind::UnknownColumn,
                            Some(f.text),
                        ));
                    }
                    if table.columns.contains(&f.text) {
                        return Err(Error::new(
                            f.origin.clone(),
                            ErrorKind::DuplicateColumn,
                            Some(f.text),
                        ));
                    }
                    table.columns.push(f.text);
                }
                for r in required {
                    if !table.columns.contains(r) {
                        let origin = Origin {
                            file: file.to_owned(),
                            line: line_no,
                            column: 1,
                        };
                        return Err(Error::new(origin, ErrorKind::MissingColumn, Some(r)));
                    }
                }
                continue;
            }
            if fields.len() > table.columns.len() {
                let extra = &fields[table.columns.len()];
                table.errors.push(Error::new(
                    extra.origin.clone(),
                    ErrorKind::TooManyFields,
                    Some(extra.text),
                ));
                continue;
            }
            let mut fields = fields;
            let end_col = line.chars().count() + 1;
            while fields.len() < table.columns.len() {
                fields.push(Field {
                    text: "",
                    origin: Origin {
                        file: file.to_owned(),
                        line: line_no,
                        column: end_col,
                    },
                });
            }
            table.rows.push(Row {
                line: line_no,
                fields,
            });
        }
        if !header_seen {
            let origin = Origin {
                file: file.to_owned(),
                line: 1,
                column: 1,
            };
            return Err(Error::new(origin, ErrorKind::MissingHeader, None));
        }
        Ok(table)
    }

    /// The field of `row` in column `name`, or `None` when the file has no such column.
    pub fn get<'r>(&self, row: &'r Row<'a>, name: &str) -> Option<&'r Field<'a>> {
        let i = self.columns.iter().position(|c| *c == name)?;
        row.fields.get(i)
    }

    /// The version named in the first comment line (`# table: goldstein v2` → `goldstein v2`),
    /// or the whole comment when it has no `table:` prefix.
    pub fn version(&self) -> Option<String> {
        let c = self.first_comment?;
        let c = c.strip_prefix("table:").unwrap_or(c).trim();
        (!c.is_empty()).then(|| c.to_owned())
    }
}

impl<'a> Row<'a> {
    /// The origin of the row's first field (for row-level messages).
    pub fn origin(&self) -> Origin {
        self.fields
            .first()
            .map(|f| f.origin.clone())
            .unwrap_or_default()
    }
}

impl<'a> Field<'a> {
    /// The value, or `None` for an empty field or `-`.
    pub fn value(&self) -> Option<&'a str> {
        match self.text {
            "" | "-" => None,
            t => Some(t),
        }
    }

    /// The value, or an [`ErrorKind::EmptyField`] error naming the column.
    pub fn required(&self, column: &str) -> Result<&'a str, Error> {
        self.value()
            .ok_or_else(|| Error::new(self.origin.clone(), ErrorKind::EmptyField, Some(column)))
    }

    /// The values separated by `|` (spaces around it optional), each with its own column;
    /// empty values and `-` are dropped.
    pub fn values(&self) -> Vec<Field<'a>> {
        let mut out = Vec::new();
        let mut col = self.origin.column;
        for part in self.text.split('|') {
            let lead = part.len() - part.trim_start().len();
            let lead_chars = part[..lead].chars().count();
            let text = part.trim();
            if !text.is_empty() && text != "-" {
                out.push(Field {
                    text,
                    origin: Origin {
                        column: col + lead_chars,
                        ..self.origin.clone()
                    },
                });
            }
            col += part.chars().count() + 1;
        }
        out
    }

    /// An error at this field with a message, naming the field's text as the value.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::invalid(self.origin.clone(), message, self.text)
    }
}

fn split_fields<'a>(file: &str, line_no: usize, line: &'a str) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    let mut col = 1;
    for part in line.split('\t') {
        let lead = part.len() - part.trim_start().len();
        let lead_chars = part[..lead].chars().count();
        out.push(Field {
            text: part.trim(),
            origin: Origin {
                file: file.to_owned(),
                line: line_no,
                column: col + lead_chars,
            },
        });
        col += part.chars().count() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_by_name_with_origins() {
        let text = "# table: test v1\nb\ta\n# c\n\nx | y\t-\n";
        let t = Table::parse("t.tsv", text, &["a", "b"], &["a"]).unwrap();
        assert_eq!(t.version().as_deref(), Some("test v1"));
        let row = &t.rows[0];
        assert_eq!(row.line, 5);
        let b = t.get(row, "b").unwrap();
        let vals: Vec<_> = b
            .values()
            .iter()
            .map(|f| (f.text, f.origin.column))
            .collect();
        assert_eq!(vals, vec![("x", 1), ("y", 5)]);
        assert_eq!(t.get(row, "a").unwrap().value(), None);
        assert_eq!(t.get(row, "a").unwrap().origin.column, 7);
    }

    #[test]
    fn unknown_column_is_an_error_with_position() {
        let e = Table::parse("t.tsv", "a\tzz\n", &["a"], &[]).unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:1:3: unknown column (zz)");
    }
}
